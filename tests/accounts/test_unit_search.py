"""The unit picker's search: accents optional, short lists, one query."""

import pytest
from django.urls import reverse

from accounts.selectors import search_units
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(province):
    UnitFactory(code="DL", name="Công đoàn tỉnh Đắk Lắk", kind="province")
    UnitFactory(code="CT", name="Liên đoàn Lao động huyện Châu Thành", parent=province)
    UnitFactory(code="TP", name="Liên đoàn Lao động thành phố Bến Tre", parent=province)
    return province


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ben tre", {"LDLD", "TP"}),
        ("Bến Tre", {"LDLD", "TP"}),
        ("BEN TRE", {"LDLD", "TP"}),
        ("tre ben", {"LDLD", "TP"}),  # every word, in any order
        ("dak lak", {"DL"}),
        ("Đắk", {"DL"}),
        ("đăk", {"DL"}),
        ("chau thanh", {"CT"}),
        ("thanh pho ben", {"TP"}),
        ("ldld", {"LDLD"}),  # a code
        ("khong co gi", set()),
    ],
)
def test_search_ignores_accents_and_case(roster, query, expected):
    assert {u.code for u in search_units(query)} == expected


def test_names_starting_with_the_query_come_first(roster):
    UnitFactory(code="BT2", name="Bến Tre — Công đoàn Viên chức")
    assert search_units("ben tre")[0].code == "BT2"


def test_too_short_queries_find_nothing(roster):
    assert search_units("b") == []
    assert search_units("  ") == []


def test_the_list_stays_short(province):
    for i in range(25):
        UnitFactory(code=f"X{i}", name=f"Công đoàn trường số {i}")
    assert len(search_units("cong doan truong")) == 10


def test_the_endpoint_returns_buttons_with_the_parent_for_context(
    client, roster, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        response = client.get(
            reverse("accounts:unit_search"), {"q": "chau thanh"}, HTTP_HX_REQUEST="true"
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-unit-name="Liên đoàn Lao động huyện Châu Thành"' in page
    assert "Liên đoàn Lao động tỉnh Bến Tre" in page  # the parent
    assert "<html" not in page  # a fragment


def test_the_endpoint_says_when_nothing_matches(client, roster):
    page = client.get(reverse("accounts:unit_search"), {"q": "hợp tác xã"}).content
    assert "Không tìm thấy đơn vị nào khớp “hợp tác xã”." in page.decode()
