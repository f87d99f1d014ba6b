"""The inputs that once answered 500 (SPEC §8): each is now refused with a 4xx and
a Vietnamese message naming the field, and nothing changes."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from contests import rules, services
from contests.forms import MSG_START_OUT_OF_RANGE
from contests.models import Attempt, Round
from tests.factories import (
    ContestFactory,
    RoundFactory,
    UnitFactory,
    VideoClipFactory,
)
from tests.factories.contests import make_bank
from tests.html_forms import admin_form
from tests.videos.conftest import build_part
from videos import messages as msg
from videos.imports import import_interactions
from videos.models import COUNT_MAX

pytestmark = pytest.mark.django_db

HUGE = "9" * 5000


@pytest.mark.parametrize("prediction", [HUGE, "0" * 5000 + "1" * 11, "2000000001"])
def test_a_prediction_of_thousands_of_digits_is_refused(
    client, contestant_a, prediction
):
    contest = ContestFactory(bank=make_bank(25), prediction_enabled=True)
    attempt = services.start_attempt(
        contestant_a, RoundFactory(contest=contest, number=1)
    )
    client.force_login(contestant_a)
    response = client.post(
        reverse("contests:submit", args=[attempt.id]),
        {"prediction": prediction, "confirm": "1"},
    )
    assert response.status_code == 400
    assert rules.MSG_PREDICTION_INVALID in response.content.decode()
    attempt.refresh_from_db()
    assert (attempt.status, attempt.prediction) == (Attempt.Status.IN_PROGRESS, None)


def test_a_prediction_with_leading_zeros_still_counts():
    assert rules.parse_prediction("000042") == (42, None)


@pytest.fixture
def clip(organizer, unit_a):
    return VideoClipFactory(part=build_part(organizer), unit=unit_a)


def _counts(clip):
    clip.refresh_from_db()
    return (clip.reactions, clip.shares, clip.comments)


@pytest.mark.parametrize("value", [str(COUNT_MAX + 1), "99999999999999999999", HUGE])
def test_an_interaction_count_too_large_to_store_is_refused(
    client, organizer, clip, value
):
    client.force_login(organizer)
    url = reverse(
        "videos:interactions",
        kwargs={"slug": clip.part.contest.slug, "clip_id": clip.pk},
    )
    response = client.post(url, {"reactions": value, "shares": 2, "comments": 3})
    assert response.status_code == 400
    assert f"{clip.unit} — Bày tỏ cảm xúc:" in response.content.decode()
    assert _counts(clip) == (0, 0, 0)


def test_the_largest_storable_count_is_accepted(client, organizer, clip):
    client.force_login(organizer)
    url = reverse(
        "videos:interactions",
        kwargs={"slug": clip.part.contest.slug, "clip_id": clip.pk},
    )
    response = client.post(url, {"reactions": COUNT_MAX, "shares": 0, "comments": 0})
    assert response.status_code == 302
    assert _counts(clip) == (COUNT_MAX, 0, 0)


def _sheet(*cells) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tương tác"
    ws.append(["Mã đơn vị", "Bày tỏ cảm xúc", "Chia sẻ", "Bình luận"])
    ws.append(["CDA", *cells])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("cells", "column", "shown"),
    [
        ((COUNT_MAX + 1, 1, 1), "Bày tỏ cảm xúc", COUNT_MAX + 1),
        ((1, "99999999999999999999", 1), "Chia sẻ", "99999999999999999999"),
        ((1, 1, HUGE), "Bình luận", HUGE),
        ((1, 1, 1e300), "Bình luận", 1e300),
    ],
)
def test_an_imported_count_too_large_to_store_names_its_row_and_column(
    clip, cells, column, shown
):
    data = BytesIO(_sheet(*cells))
    with pytest.raises(ValidationError) as error:
        import_interactions(clip.part, data, filename="tuong-tac.xlsx")
    assert error.value.messages == [
        msg.EXCEL_BAD_COUNT % {"row": 2, "column": column, "value": shown}
    ]
    assert _counts(clip) == (0, 0, 0)


def test_the_import_page_refuses_a_huge_count_with_400(client, organizer, clip):
    client.force_login(organizer)
    response = client.post(
        reverse("videos:interactions_import", kwargs={"slug": clip.part.contest.slug}),
        {"file": SimpleUploadedFile("t.xlsx", _sheet(COUNT_MAX + 1, 1, 1))},
    )
    assert response.status_code == 400
    assert "Dòng 2, cột «Bày tỏ cảm xúc»" in response.content.decode()
    assert _counts(clip) == (0, 0, 0)


@pytest.mark.parametrize(
    ("kind", "start"),
    [("weekly", "27/12/9999"), ("period", "31/12/9999"), ("period", "01/01/0001")],
)
def test_a_schedule_starting_at_the_end_of_time_is_refused(admin_client, kind, start):
    contest = ContestFactory()
    url = reverse("admin:contests_contest_schedule", args=[contest.pk])
    response = admin_client.post(
        url,
        {"kind": kind, "start": start, "count": 4, "days": 10, "opens_at": "08:00"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["start"] == [
        MSG_START_OUT_OF_RANGE % {"day": start, "first": 2000, "last": 2100}
    ]
    assert not Round.objects.filter(contest=contest).exists()


def test_a_schedule_in_the_range_still_works(admin_client):
    contest = ContestFactory()
    url = reverse("admin:contests_contest_schedule", args=[contest.pk])
    response = admin_client.post(
        url, {"kind": "weekly", "start": "04/01/2100", "count": 1, "opens_at": "08:00"}
    )
    assert response.status_code == 302
    assert Round.objects.get(contest=contest).opens_at.date() == dt.date(2100, 1, 4)


@pytest.mark.parametrize("parent", ["abc", HUGE, "1\x00", "-1", "99999999999999999999"])
def test_a_bad_parent_id_in_the_unit_admin_is_a_field_error(
    client, organizer, province, parent
):
    unit = UnitFactory(code="XA01", name="Xã Một", parent=province)
    client.force_login(organizer)
    url = reverse("admin:accounts_unit_change", args=[unit.pk])
    data = admin_form(client.get(url).content.decode(), url).data()
    data["parent"] = parent
    response = client.post(url, data)
    assert response.status_code in (200, 400)
    if response.status_code == 200:  # NUL bytes are refused before the form (400)
        assert response.context["adminform"].form.errors["parent"]
    unit.refresh_from_db()
    assert unit.parent_id == province.pk


def test_a_bad_unit_id_in_the_person_admin_is_a_field_error(
    client, organizer, contestant_a
):
    unit_before = contestant_a.unit_id
    client.force_login(organizer)
    url = reverse("admin:accounts_user_change", args=[contestant_a.pk])
    data = admin_form(client.get(url).content.decode(), url).data()
    data["unit"] = HUGE
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"]
    contestant_a.refresh_from_db()
    assert contestant_a.unit_id == unit_before
