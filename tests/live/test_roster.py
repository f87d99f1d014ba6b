"""Organizers type or paste players: all or nothing, every error names its line."""

import pytest
from django.test import Client

from contests.models import ContestExclusion, ContestStaff
from live.models import LivePlayer
from live.roster import parse_roster
from tests.factories import UnitFactory, UserFactory


def test_parse_roster_reads_tabs_semicolons_and_skips_the_header():
    rows, errors = parse_roster(
        "SBD\tHọ và tên\tMã đơn vị\n5\tNguyễn Văn An\tCUM1\n\n6; Lê Thị Bình ; cum2 ;"
    )
    assert errors == []
    assert [(r.line, r.number, r.full_name, r.unit_code) for r in rows] == [
        (2, 5, "Nguyễn Văn An", "CUM1"),
        (4, 6, "Lê Thị Bình", "cum2"),
    ]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("năm;An;CUM1", "Dòng 1: số báo danh «năm» phải là số từ 1 đến 99999."),
        # Digits Python's int() refuses (a 500 before): superscripts, 5,000 of them.
        ("5²;An;CUM1", "Dòng 1: số báo danh «5²» phải là số từ 1 đến 99999."),
        (
            "9" * 5000 + ";An;CUM1",
            f"Dòng 1: số báo danh «{'9' * 5000}» phải là số từ 1 đến 99999.",
        ),
        (
            "0" * 4999 + "7;An;CUM1\n" + "0" * 5000 + ";Bình;CUM1",
            f"Dòng 2: số báo danh «{'0' * 5000}» phải là số từ 1 đến 99999.",
        ),
        ("5;An;CUM1\n5;Bình;CUM1", "Dòng 2: số báo danh 5 trùng với dòng 1."),
        ("5;;CUM1", "Dòng 1: thiếu họ và tên."),
        ("5;An", "Dòng 1: cần mã đơn vị hoặc tài khoản của thí sinh."),
    ],
)
def test_parse_roster_names_the_line_of_each_error(text, error):
    assert parse_roster(text)[1] == [error]


def page(user, game):
    client = Client()
    client.force_login(user)
    return client, f"/truc-tiep/{game.id}/thi-sinh/"


def test_a_pasted_roster_is_added_with_new_pins(game, host_user):
    UnitFactory(code="CUM2", name="Cụm thi đua số 2")
    person = UserFactory(phone="+84912000111", full_name="Trần Văn Cường")
    client, url = page(host_user, game)
    response = client.post(
        url, {"roster": "10\tPhạm Thị Dung\tcum2\n11\tTrần Văn Cường\t\t0912 000 111"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="pin-cell"') == 2
    dung = LivePlayer.objects.get(game=game, number=10)
    assert dung.unit.code == "CUM2"
    assert LivePlayer.objects.get(game=game, number=11).user == person


def test_one_bad_line_adds_nobody_and_says_where(game, host_user):
    judge = UserFactory(email="giamkhao@example.com")
    ContestStaff.objects.create(
        contest=game.contest, user=judge, role=ContestStaff.Role.JUDGE
    )
    client, url = page(host_user, game)
    before = LivePlayer.objects.count()
    response = client.post(
        url,
        {
            "roster": "20;An;CUM1\n21;Bình;KHONGCO\n1;Trùng;CUM1\n"
            "22;Giám khảo;;giamkhao@example.com"
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dòng 2: không có đơn vị mã «KHONGCO»." in body
    assert "Dòng 3: số báo danh 1 đã có trong trận thi." in body
    assert "Dòng 4: «giamkhao@example.com» thuộc Ban Tổ chức" in body
    assert LivePlayer.objects.count() == before


def test_a_person_excluded_from_the_contest_cannot_be_registered(game, host_user):
    excluded = UserFactory(email="biloai@example.com")
    ContestExclusion.objects.create(
        contest=game.contest, user=excluded, reason="Cán bộ ra đề"
    )
    client, url = page(host_user, game)
    before = LivePlayer.objects.count()
    response = client.post(url, {"roster": "23;Bị loại;;biloai@example.com"})
    assert response.status_code == 400
    assert "Dòng 1: «biloai@example.com» bị Ban Tổ chức loại khỏi cuộc thi" in (
        response.content.decode()
    )
    assert LivePlayer.objects.count() == before


def test_only_the_host_may_add_players(game, helper_user):
    client, url = page(helper_user, game)
    assert client.get(url).status_code == 403
    assert client.post(url, {"roster": "30;An;CUM1"}).status_code == 403
