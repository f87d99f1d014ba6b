"""The schedules admin (django-celery-beat's crontab) refuses a mistyped schedule in
Vietnamese, naming the field, instead of answering 500."""

import pytest
from django_celery_beat.models import CrontabSchedule

from core.admin import UNREADABLE, ReadableCrontabScheduleAdmin

ADD = "/admin/django_celery_beat/crontabschedule/add/"


def _post(client, **fields):
    data = {
        "minute": "0",
        "hour": "*",
        "day_of_month": "*",
        "month_of_year": "*",
        "day_of_week": "*",
        "timezone": "Asia/Ho_Chi_Minh",
        "periodictask_set-TOTAL_FORMS": "0",
        "periodictask_set-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return client.post(ADD, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("minute", "-1", "Phút"),
        ("minute", "60", "Phút"),
        ("hour", "24", "Giờ"),
        ("day_of_month", "0", "Ngày trong tháng"),
        ("month_of_year", "13", "Tháng"),
        ("day_of_week", "8", "Thứ trong tuần"),
        ("hour", "tám giờ", "Giờ"),
    ],
)
def test_a_mistyped_field_is_refused_by_name_and_nothing_is_saved(
    admin_client, field, value, label
):
    response = _post(admin_client, **{field: value})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"{label}: “{value}” không đọc được" in page
    assert not CrontabSchedule.objects.exists()


@pytest.mark.django_db
def test_a_made_up_timezone_is_refused_in_vietnamese(admin_client):
    response = _post(admin_client, timezone="x" * 5000)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Múi giờ không hợp lệ" in page
    assert not CrontabSchedule.objects.exists()


@pytest.mark.django_db
def test_a_well_formed_schedule_is_saved(admin_client):
    response = _post(admin_client, minute="*/15", hour="8-17", day_of_week="1-5")

    assert response.status_code == 302
    saved = CrontabSchedule.objects.get()
    assert (saved.minute, saved.hour, saved.day_of_week) == ("*/15", "8-17", "1-5")


@pytest.mark.django_db
def test_a_row_written_elsewhere_with_a_bad_value_still_lists(admin_client):
    bad = CrontabSchedule.objects.create(minute="-1")

    listing = admin_client.get("/admin/django_celery_beat/crontabschedule/")

    assert listing.status_code == 200
    assert ReadableCrontabScheduleAdmin.description(None, bad) == UNREADABLE
