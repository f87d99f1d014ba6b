"""Dates are typed and shown day first (dd/mm/yyyy) everywhere: the admin, the
staff pages and the site, in Vietnamese and in the English interface. Month-first
reading never happens (the beat job once closed a round months early because
"01/12/2026" had been read as 12 January)."""

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from contests.models import Round
from tests.factories import ContestFactory, RoundFactory, UserFactory
from tests.factories.videos import VideoPartFactory
from tests.html_forms import admin_form

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LANGUAGES = ("vi", "en")


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_a_date_typed_day_first_is_read_as_that_date(language, day):
    typed = day.strftime("%d/%m/%Y")
    with translation.override(language):
        assert forms.DateField().clean(typed) == day
        assert forms.DateField().clean(day.isoformat()) == day
        moment = forms.DateTimeField().clean(f"{typed} 08:00")
        assert (moment.date(), moment.hour, moment.minute) == (day, 8, 0)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01/12/2026", dt.date(2026, 12, 1)),
        ("07/12/2026", dt.date(2026, 12, 7)),
        ("20/11/2026", dt.date(2026, 11, 20)),
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("01-12-2026", dt.date(2026, 12, 1)),
        ("01.12.2026", dt.date(2026, 12, 1)),
    ],
)
def test_day_first_and_iso_are_the_accepted_shapes(language, typed, expected):
    with translation.override(language):
        assert forms.DateField().clean(typed) == expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_month_first_is_never_read(language):
    with translation.override(language), pytest.raises(forms.ValidationError):
        forms.DateField().clean("11/20/2026")


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_are_shown_day_first(language):
    with translation.override(language):
        widget = forms.DateInput()
        assert widget.format_value(dt.date(2026, 11, 26)) == "26/11/2026"
        assert (
            forms.DateTimeInput().format_value(dt.datetime(2026, 11, 26, 8, 0))
            == "26/11/2026 08:00"
        )


def _contest_change_form(client, contest):
    url = reverse("admin:contests_contest_change", args=[contest.pk])
    page = client.get(url).content.decode()
    return url, page, admin_form(page, url).data()


def _round_prefix(data: dict) -> str:
    (key,) = [k for k in data if re.fullmatch(r"rounds-0-opens_at_0", k)]
    return key.removesuffix("-opens_at_0")


@pytest.mark.django_db
def test_the_admin_round_form_reads_day_first(admin_client):
    contest = ContestFactory()
    round_ = RoundFactory(contest=contest, number=1)
    url, _page, data = _contest_change_form(admin_client, contest)
    prefix = _round_prefix(data)
    data.update(
        {
            f"{prefix}-opens_at_0": "20/11/2026",
            f"{prefix}-opens_at_1": "08:00",
            f"{prefix}-closes_at_0": "01/12/2026",
            f"{prefix}-closes_at_1": "00:00",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    round_.refresh_from_db()
    assert round_.opens_at == dt.datetime(2026, 11, 20, 8, 0, tzinfo=VN)
    assert round_.closes_at == dt.datetime(2026, 12, 1, 0, 0, tzinfo=VN)


@pytest.mark.django_db
def test_the_admin_change_page_shows_dates_day_first(admin_client):
    contest = ContestFactory()
    RoundFactory(
        contest=contest,
        number=1,
        opens_at=dt.datetime(2026, 11, 26, 8, 0, tzinfo=VN),
        closes_at=dt.datetime(2026, 12, 7, 0, 0, tzinfo=VN),
    )
    _url, page, data = _contest_change_form(admin_client, contest)
    prefix = _round_prefix(data)
    assert data[f"{prefix}-opens_at_0"] == "26/11/2026"
    assert data[f"{prefix}-closes_at_0"] == "07/12/2026"
    assert "2026-11-26" not in page


@pytest.mark.django_db
def test_the_video_deadline_and_birth_date_in_the_admin_read_day_first(
    admin_client,
):
    part = VideoPartFactory()
    url = reverse("admin:videos_videopart_change", args=[part.pk])
    data = admin_form(admin_client.get(url).content.decode(), url).data()
    data.update(
        {"submission_deadline_0": "01/12/2026", "submission_deadline_1": "17:00"}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    part.refresh_from_db()
    assert part.submission_deadline == dt.datetime(2026, 12, 1, 17, 0, tzinfo=VN)

    person = UserFactory(birth_date=dt.date(1990, 5, 17))
    url = reverse("admin:accounts_user_change", args=[person.pk])
    data = admin_form(admin_client.get(url).content.decode(), url).data()
    assert data["birth_date"] == "17/05/1990"
    data["birth_date"] = "01/12/1990"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    person.refresh_from_db()
    assert person.birth_date == dt.date(1990, 12, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_calendar_writes_day_first(admin_client, language):
    """DateTimeShortcuts.js writes get_format('DATE_INPUT_FORMATS')[0] for the
    picker and "Hôm nay": the catalog it reads must say day first."""
    with translation.override(language):
        response = admin_client.get(reverse("admin:jsi18n"))
    body = response.content.decode()
    catalog = re.search(r"django\.formats = (\{.*?\});", body, re.S)
    formats = json.loads(catalog.group(1))
    assert formats["DATE_INPUT_FORMATS"][0] == "%d/%m/%Y"
    assert formats["FIRST_DAY_OF_WEEK"] == 1
    assert "%m/%d/%Y" not in formats["DATE_INPUT_FORMATS"]
    assert not any(f.startswith("%m/%d") for f in formats["DATETIME_INPUT_FORMATS"])


@pytest.mark.django_db
def test_the_schedule_form_reads_day_first(admin_client):
    contest = ContestFactory()
    url = reverse("admin:contests_contest_schedule", args=[contest.pk])
    response = admin_client.post(
        url,
        {
            "kind": "period",
            "start": "01/12/2026",
            "count": 1,
            "days": 10,
            "opens_at": "08:00",
        },
    )
    assert response.status_code == 302
    only = Round.objects.get(contest=contest)
    assert only.opens_at == dt.datetime(2026, 12, 1, 8, 0, tzinfo=VN)
    assert only.closes_at == dt.datetime(2026, 12, 11, 0, 0, tzinfo=VN)
