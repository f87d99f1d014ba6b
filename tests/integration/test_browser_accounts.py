"""Sign-up with the unit picker, login by phone and by email, profile editing —
in Chromium, in Vietnamese."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import UnitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def roster(province, unit_a, unit_b):
    UnitFactory(
        code="CT",
        name="Liên đoàn Lao động huyện Châu Thành",
        kind="upper",
        parent=province,
        staff_count=300,
    )
    return province


def pick_unit(page, typed: str, name: str) -> None:
    page.fill("#id_unit_q", typed)
    page.locator("#unit-results").get_by_role("button", name=re.compile(name)).click()
    page.locator("[data-unit-chosen]").get_by_text(name).wait_for()


def test_sign_up_with_the_unit_picker(live_server, page, roster):
    page.goto(live_server.url + reverse("account_signup"))
    assert page.locator("html").get_attribute("lang") == "vi"
    expect(page.get_by_role("heading", name="Đăng ký tài khoản dự thi")).to_be_visible()
    # With JavaScript the search box replaces the long select.
    expect(page.locator("#id_unit_q")).to_be_visible()
    expect(page.locator("select#id_unit")).to_be_hidden()

    page.fill("#id_phone", "0987 654 321")
    page.fill("#id_full_name", "Nguyễn Văn An")
    page.fill("#id_birth_date", "1992-04-30")
    page.get_by_label("Nam", exact=True).check()
    page.fill("#id_cccd", "083092001")  # too short: the server says so
    page.select_option("#id_group", "worker")
    pick_unit(page, "chau thanh", "Liên đoàn Lao động huyện Châu Thành")
    page.fill("#id_email", "an.nguyen@example.com")
    page.fill("#id_password1", "Thi-dua-2024!")
    page.fill("#id_password2", "Thi-dua-2024!")
    page.get_by_role("button", name="Đăng ký", exact=True).click()

    errors = page.locator("#form-errors")
    errors.wait_for()
    assert "Số CCCD: Số CCCD phải gồm đúng 12 chữ số" in errors.inner_text()
    assert not User.objects.exists()
    # The chosen unit survived the round trip.
    assert "Châu Thành" in page.locator("[data-unit-chosen]").inner_text()

    page.fill("#id_cccd", "083092001234")
    page.fill("#id_password1", "Thi-dua-2024!")
    page.fill("#id_password2", "Thi-dua-2024!")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    user = User.objects.get()
    assert user.unit.code == "CT"
    assert user.phone.as_e164 == "+84987654321"
    assert user.is_profile_complete


def login(page, live_server, identifier: str) -> None:
    page.goto(live_server.url + reverse("account_login"))
    expect(page.get_by_label("Số điện thoại hoặc email")).to_be_visible()
    page.get_by_label("Số điện thoại hoặc email").fill(identifier)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.wait_for_url(live_server.url + "/")


@pytest.mark.parametrize("identifier", ["0912 345 678", "Mai.Nguyen@example.com"])
def test_login_by_phone_and_by_email(live_server, page, unit_a, identifier):
    UserFactory(
        full_name="Nguyễn Thị Mai",
        phone="+84912345678",
        email="mai.nguyen@example.com",
        unit=unit_a,
    )
    login(page, live_server, identifier)
    greeting = page.get_by_text("Đăng nhập thành công. Xin chào Nguyễn Thị Mai!")
    expect(greeting).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()  # a POST from the navbar
    page.get_by_text("Bạn đã đăng xuất.").wait_for()
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()


def test_a_wrong_password_is_explained_in_vietnamese(live_server, page, unit_a):
    UserFactory(phone="+84912345678", unit=unit_a)
    page.goto(live_server.url + reverse("account_login"))
    page.get_by_label("Số điện thoại hoặc email").fill("0912345678")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page.get_by_text("Số điện thoại hoặc mật khẩu không đúng.")).to_be_visible()


def test_editing_the_profile(live_server, page, roster, unit_a, unit_b):
    UserFactory(
        full_name="Đặng Thị Lan",
        phone="+84912345678",
        email="lan@example.com",
        cccd="083196000103",
        unit=unit_a,
    )
    login(page, live_server, "0912345678")
    page.get_by_role("link", name="Hồ sơ").click()
    page.wait_for_url(live_server.url + reverse("accounts:profile"))
    expect(page.get_by_role("heading", name="Hồ sơ của tôi")).to_be_visible()
    expect(page.get_by_text("083196000103")).to_be_visible()  # mine, in full
    page.get_by_role("link", name="Sửa hồ sơ").click()
    page.wait_for_url(live_server.url + reverse("accounts:profile_edit"))

    assert "Công đoàn ngành Giáo dục" in page.locator("[data-unit-chosen]").inner_text()
    page.fill("#id_full_name", "Đặng Thị Lan Anh")
    pick_unit(page, "y te", "Công đoàn ngành Y tế")
    page.get_by_role("button", name="Lưu hồ sơ").click()

    page.wait_for_url(live_server.url + reverse("accounts:profile"))
    expect(page.get_by_text("Đã lưu hồ sơ.")).to_be_visible()
    expect(page.get_by_text("Đặng Thị Lan Anh")).to_be_visible()
    expect(page.locator("dd", has_text="Công đoàn ngành Y tế")).to_be_visible()
    # the move is logged and the person is told their attempts keep their unit
    expect(page.get_by_role("alert").filter(has_text="Đã đổi đơn vị")).to_be_visible()
    person = User.objects.get(phone="+84912345678")
    assert (person.full_name, person.unit) == ("Đặng Thị Lan Anh", unit_b)
