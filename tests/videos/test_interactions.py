"""Fan-page interaction counts: typed in per clip, or imported from Excel."""

import resource
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from tests.factories import VideoClipFactory
from tests.far_cells import far_cell_workbook
from videos import messages as msg
from videos.imports import import_interactions
from videos.models import VideoClip

pytestmark = pytest.mark.django_db

HEADER = ["Mã đơn vị", "Tên đơn vị", "Bày tỏ cảm xúc", "Chia sẻ", "Bình luận"]


@pytest.fixture
def clips(part, unit_a, unit_b, unit_c):
    return {
        u.code: VideoClipFactory(part=part, unit=u) for u in (unit_a, unit_b, unit_c)
    }


def _xlsx(rows, header=HEADER) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "Tương tác"
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "tuong-tac.xlsx"
    return out


def _counts():
    return {
        c.unit.code: (c.reactions, c.shares, c.comments)
        for c in VideoClip.objects.select_related("unit")
    }


def test_a_good_sheet_sets_every_listed_clip(part, clips):
    outcome = import_interactions(
        part,
        _xlsx(
            [
                ["CDA", "Giáo dục", 120, 15, 9],
                [],  # blank rows are skipped
                ["cdb", "Y tế", "1.250", "40", None],  # code case, thousands, empty
            ]
        ),
    )
    assert outcome.updated == 2
    assert _counts() == {"CDA": (120, 15, 9), "CDB": (1250, 40, 0), "CDC": (0, 0, 0)}


def test_headers_in_any_order_and_without_accents(part, clips):
    sheet = _xlsx(
        [[3, 2, 1, "CDC"]], header=["binh luan", "chia se", "cam xuc", "ma don vi"]
    )
    import_interactions(part, sheet)
    assert _counts()["CDC"] == (1, 2, 3)


def test_bad_rows_are_all_reported_with_excel_row_numbers_and_nothing_changes(
    part, clips
):
    with pytest.raises(ValidationError) as error:
        import_interactions(
            part,
            _xlsx(
                [
                    ["CDA", "", 10, 1, 1],  # row 2: fine
                    ["XYZ", "", 1, 1, 1],  # row 3: unknown unit
                    ["CDB", "", -4, 1, 1],  # row 4: negative
                    ["CDA", "", 5, 5, 5],  # row 5: duplicate of row 2
                    ["", "Không mã", 1, 1, 1],  # row 6: no code
                    ["CDC", "", 1, "2.5", 1],  # row 7: a fraction is not a count
                ]
            ),
        )
    assert error.value.messages == [
        msg.EXCEL_UNKNOWN_UNIT % {"row": 3, "code": "XYZ"},
        msg.EXCEL_BAD_COUNT % {"row": 4, "column": "Bày tỏ cảm xúc", "value": -4},
        msg.EXCEL_DUPLICATE_UNIT % {"row": 5, "code": "CDA", "first": 2},
        msg.EXCEL_MISSING_CODE % {"row": 6},
        msg.EXCEL_BAD_COUNT % {"row": 7, "column": "Chia sẻ", "value": "2.5"},
    ]
    assert _counts() == {"CDA": (0, 0, 0), "CDB": (0, 0, 0), "CDC": (0, 0, 0)}


def test_missing_columns_are_named(part, clips):
    with pytest.raises(ValidationError) as error:
        import_interactions(part, _xlsx([["CDA", 1]], header=["Mã đơn vị", "Chia sẻ"]))
    assert error.value.messages == [
        msg.EXCEL_BAD_HEADERS
        % {"sheet": "Tương tác", "missing": "Bày tỏ cảm xúc, Bình luận"}
    ]


def test_a_file_that_is_not_excel_is_refused(part, clips):
    fake = BytesIO(b"Ma don vi,Chia se\nCDA,1\n")
    with pytest.raises(ValidationError) as error:
        import_interactions(part, fake, filename="tuong-tac.csv")
    assert error.value.messages == [msg.NOT_EXCEL % {"name": "tuong-tac.csv"}]


def test_an_empty_sheet_is_refused(part, clips):
    with pytest.raises(ValidationError) as error:
        import_interactions(part, _xlsx([]))
    assert error.value.messages == [msg.EXCEL_EMPTY % {"sheet": "Tương tác"}]


def test_the_import_page_shows_each_error(part, clips, organizer):
    client = Client()
    client.force_login(organizer)
    sheet = _xlsx([["XYZ", "", 1, 1, 1]])
    response = client.post(
        reverse("videos:interactions_import", kwargs={"slug": part.contest.slug}),
        {"file": SimpleUploadedFile("t.xlsx", sheet.getvalue())},
        follow=True,
    )
    page = response.content.decode()
    assert "Dòng 2: đơn vị mã «XYZ» không có video trong cuộc thi." in page


def test_a_negative_count_typed_in_is_refused(part, clips, organizer):
    client = Client()
    client.force_login(organizer)
    clip = clips["CDA"]
    response = client.post(
        reverse(
            "videos:interactions",
            kwargs={"slug": part.contest.slug, "clip_id": clip.pk},
        ),
        {"reactions": -1, "shares": 2, "comments": 3},
        follow=True,
    )
    assert "Bày tỏ cảm xúc" in response.content.decode()
    assert _counts()["CDA"] == (0, 0, 0)


def test_helpers_have_their_own_interactions_page(part, clips, organizer, contestant_a):
    from contests.models import ContestStaff
    from tests.factories import UserFactory, VideoStaffFactory

    helper = UserFactory(username="tgv")
    VideoStaffFactory(contest=part.contest, user=helper, role=ContestStaff.Role.HELPER)
    client = Client()
    client.force_login(helper)
    url = reverse("videos:interactions_page", kwargs={"slug": part.contest.slug})
    assert client.get(url).status_code == 200
    client.force_login(contestant_a)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("cell", ["XFD1048576", "A1048576"])
def test_a_far_cell_is_refused_by_name_without_using_memory(
    part, clips, organizer, cell
):
    client = Client()
    client.force_login(organizer)
    data = far_cell_workbook(cell, headers=HEADER, title="Tương tác")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = client.post(
        reverse("videos:interactions_import", kwargs={"slug": part.contest.slug}),
        {"file": SimpleUploadedFile("t.xlsx", data)},
        follow=True,
    )
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert response.status_code == 400  # refused imports re-render their page
    assert f"Trang tính “Tương tác” có dữ liệu ở ô {cell}" in response.content.decode()
    assert grown_kb < 100 * 1024
    assert not VideoClip.objects.filter(reactions__gt=0).exists()
