"""Vietnamese by default (allauth included), English available."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import unit_excel, unit_import
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "vietnamese"),
    [
        (reverse("account_login"), ["Số điện thoại hoặc email", "Quên mật khẩu?"]),
        (reverse("account_signup"), ["Họ và tên", "Số CCCD", "Nhập lại mật khẩu"]),
        (reverse("account_reset_password"), ["Gửi liên kết đặt lại mật khẩu"]),
    ],
)
def test_account_pages_are_vietnamese_by_default(client, url, vietnamese):
    response = client.get(url)
    assert response.headers["Content-Language"] == "vi"
    page = response.content.decode()
    for text in vietnamese:
        assert text in page


def test_allauth_pages_we_did_not_rewrite_are_vietnamese_too(client, contestant_a):
    client.force_login(contestant_a)
    page = client.get(reverse("account_change_password")).content.decode()
    assert "Mật khẩu hiện tại" in page
    assert "Mật khẩu mới" in page
    assert "Current Password" not in page


def test_english_is_available(client):
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content
    page = page.decode()
    assert "Phone number or email" in page
    assert "Forgot your password?" in page
    signup = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="en").content
    assert "ID card number (CCCD)" in signup.decode()


def test_an_error_in_english(client):
    response = client.post(
        reverse("account_login"),
        {"login": "0912345678", "password": "x"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "The phone number or password is not correct." in response.content.decode()


def test_a_roster_exported_in_english_imports_back(province):
    UnitFactory(code="G1", name="Trường A", parent=province, kind="school")
    with translation.override("en"):
        data = unit_excel.write_roster(
            unit_import.roster_rows(), unit_import.kind_labels()
        )
        report = unit_import.import_file(data)
    assert report.ok, [str(e) for e in report.errors]
    assert report.count("skip") == 2
    sheet = unit_excel.read_sheet(data)
    assert ("G1", "Trường A", "Trường học", "LDLD", 100) in [r for _, r in sheet.rows]
