"""The admin: a contest with its inlines, the settings form, the schedule form."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from contests.forms import ContestAdminForm, RoundScheduleForm
from contests.models import ContestStaff, Round
from contests.schedule import MSG_NOT_MONDAY
from tests.factories import UserFactory
from tests.factories.contests import ContestFactory
from tests.html_forms import admin_form

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_contest_change_page_has_every_inline(admin_client):
    contest = ContestFactory()
    html = admin_client.get(
        reverse("admin:contests_contest_change", args=[contest.pk])
    ).content.decode()
    for prefix in (
        "rounds",
        "documents",
        "topic_quotas",
        "ranking_groups",
        "prize_tiers",
        "staff",
        "exclusions",
        "voided_questions",
    ):
        assert f'id="{prefix}-group"' in html, prefix


def test_attempt_changelist_renders(admin_client):
    assert (
        admin_client.get(reverse("admin:contests_attempt_changelist")).status_code
        == 200
    )


def test_schedule_view_creates_weekly_rounds(admin_client):
    contest = ContestFactory()
    url = reverse("admin:contests_contest_schedule", args=[contest.pk])
    response = admin_client.post(
        url, {"kind": "weekly", "start": "10/06/2024", "count": 5, "opens_at": "08:00"}
    )
    assert response.status_code == 302
    rounds = list(Round.objects.filter(contest=contest).order_by("number"))
    assert len(rounds) == 5
    assert rounds[-1].closes_at == dt.datetime(2024, 7, 15, tzinfo=VN)


def test_schedule_view_explains_a_wrong_start_day(admin_client):
    contest = ContestFactory()
    url = reverse("admin:contests_contest_schedule", args=[contest.pk])
    response = admin_client.post(
        url, {"kind": "weekly", "start": "11/06/2024", "count": 5, "opens_at": "08:00"}
    )
    assert response.status_code == 400
    assert MSG_NOT_MONDAY.format(day="11/06/2024", weekday="thứ Ba") in (
        response.content.decode()
    )
    assert not Round.objects.filter(contest=contest).exists()


def test_schedule_action_redirects_to_the_form(admin_client):
    contest = ContestFactory()
    response = admin_client.post(
        reverse("admin:contests_contest_changelist"),
        {"action": "make_schedule", "_selected_action": [contest.pk]},
    )
    assert response.url == reverse("admin:contests_contest_schedule", args=[contest.pk])


def test_period_schedule_needs_the_number_of_days():
    form = RoundScheduleForm(
        {"kind": "period", "start": "01/11/2023", "count": 4, "opens_at": "00:00"}
    )
    assert not form.is_valid()
    assert "days" in form.errors


def _contest_form(**overrides):
    data = {
        "title": "Cuộc thi",
        "slug": "cuoc-thi",
        "organizer_name": "BTC",
        "questions_per_attempt": 20,
        "time_limit_minutes": 15,
        "attempts_per_round": 1,
        "counting": "best",
        "prediction_target": "people_all_correct",
        "allow_no_unit": "on",
        "collective_order": "rate, prizes, contestants",
        "collective_weights": "",
        **overrides,
    }
    return ContestAdminForm(data)


@pytest.mark.django_db
def test_collective_settings_parse_into_json():
    form = _contest_form(collective_weights="rate=70, prizes=30")
    assert form.is_valid(), form.errors
    contest = form.save()
    assert contest.collective_order == ["rate", "prizes", "contestants"]
    assert contest.collective_weights == {"rate": 70, "prizes": 30}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("collective_order", "rate, luck"),
        ("collective_weights", "rate=nhiều"),
        ("attempts_per_round", "4"),
        ("questions_per_attempt", "0"),
    ],
)
def test_bad_settings_are_refused_with_the_field_named(field, value):
    form = _contest_form(**{field: value})
    assert not form.is_valid()
    assert field in form.errors


def test_a_participant_group_in_two_ranking_groups_is_refused(admin_client):
    contest = ContestFactory()
    url = reverse("admin:contests_contest_change", args=[contest.pk])
    page = admin_client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list | dict)
    }
    data.update(
        {
            "title": contest.title,
            "slug": contest.slug,
            "organizer_name": contest.organizer_name,
            "collective_order": "rate",
            "counting": "best",
            "prediction_target": "people_all_correct",
        }
    )
    for prefix in (
        "rounds",
        "documents",
        "topic_quotas",
        "prize_tiers",
        "staff",
        "exclusions",
        "voided_questions",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(
        {
            "ranking_groups-TOTAL_FORMS": 2,
            "ranking_groups-INITIAL_FORMS": 0,
            "ranking_groups-0-name": "Nhóm 1",
            "ranking_groups-0-position": 0,
            "ranking_groups-0-participant_groups": ["official", "worker"],
            "ranking_groups-1-name": "Nhóm 2",
            "ranking_groups-1-position": 1,
            "ranking_groups-1-participant_groups": ["worker", "resident"],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "nằm trong cả hai nhóm" in response.content.decode()
    assert not contest.ranking_groups.exists()


def test_a_judge_affiliation_that_is_not_a_unit_id_is_refused_not_a_500(
    admin_client,
):
    contest = ContestFactory()
    ContestStaff.objects.create(
        contest=contest, user=UserFactory(), role=ContestStaff.Role.JUDGE
    )
    url = reverse("admin:contests_contest_change", args=[contest.pk])
    form = admin_form(admin_client.get(url).content.decode(), url)
    data = form.data()
    data["staff-0-affiliation_unit"] = "abc"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert 'id="staff-group"' in response.content.decode()
    assert not ContestStaff.objects.filter(affiliation_unit__isnull=False).exists()
