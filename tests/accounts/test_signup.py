"""Sign-up: phone first, the whole profile at once, clear Vietnamese errors."""

import logging
import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from accounts import forms as account_forms
from accounts import phones, validators
from accounts.models import User
from tests.factories import UserFactory
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")


def _post(client, data):
    return client.post(SIGNUP, data)


def test_signup_page_is_vietnamese_and_asks_for_the_profile(client, unit_a):
    page = client.get(SIGNUP).content.decode()
    assert "Đăng ký tài khoản dự thi" in page
    for name in (
        "phone",
        "full_name",
        "birth_date",
        "gender",
        "cccd",
        "group",
        "unit",
        "email",
        "password1",
        "password2",
    ):
        assert f'name="{name}"' in page, name
    # The no-JavaScript fallback: every unit is in the select.
    assert f'<option value="{unit_a.pk}"' in page
    assert "ben tre" in page  # the search hint


def test_signup_creates_a_complete_profile_and_logs_in(client, signup_data, unit_a):
    response = _post(client, signup_data)
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(cccd="083092001234")
    assert user.phone.as_e164 == "+84987654321"
    assert user.phone_verified is False
    assert user.full_name == "Nguyễn Văn An"
    assert str(user.birth_date) == "1992-04-30"
    assert (user.gender, user.group, user.unit) == ("male", "worker", unit_a)
    assert user.email == "an.nguyen@example.com"
    assert user.is_profile_complete
    assert user.check_password("Thi-dua-2024!")
    # The username is internal and never carries the phone number.
    assert "0987654321" not in user.username
    assert "987654321" not in user.username
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_signup_accepts_dd_mm_yyyy_and_no_unit_and_no_email(client, signup_data):
    signup_data.update(birth_date="30/04/1992", unit="", email="")
    assert _post(client, signup_data).status_code == 302
    user = User.objects.get()
    assert str(user.birth_date) == "1992-04-30"
    assert user.unit is None
    assert user.email == ""
    assert user.is_profile_complete  # residents without a unit may compete


def test_signup_accepts_a_cccd_typed_with_spaces(client, signup_data):
    signup_data["cccd"] = "083 092 001 234"
    assert _post(client, signup_data).status_code == 302
    assert User.objects.get().cccd == "083092001234"


def _existing(**kwargs):
    defaults = {
        "phone": "+84987654321",
        "cccd": "083092001234",
        "email": "an.nguyen@example.com",
    }
    return UserFactory(**{**defaults, **kwargs})


BAD_INPUTS = [
    pytest.param(
        {"phone": "0283 822 1234"}, "phone", str(phones.PHONE_NOT_MOBILE), id="landline"
    ),
    pytest.param(
        {"phone": "01212345678"}, "phone", str(phones.PHONE_INVALID), id="old-11-digit"
    ),
    pytest.param({"phone": "abc"}, "phone", str(phones.PHONE_INVALID), id="letters"),
    pytest.param(
        {"phone": ""}, "phone", "Hãy nhập số điện thoại di động.", id="no-phone"
    ),
    pytest.param(
        {"cccd": "08309200123"},
        "cccd",
        str(validators.CCCD_NOT_12_DIGITS),
        id="cccd-11-digits",
    ),
    pytest.param(
        {"cccd": "08309200123X"},
        "cccd",
        str(validators.CCCD_NOT_12_DIGITS),
        id="cccd-letter",
    ),
    pytest.param(
        {"cccd": "003092001234"},
        "cccd",
        "3 chữ số đầu (003) không phải mã tỉnh",
        id="cccd-province",
    ),
    pytest.param({"cccd": ""}, "cccd", "Hãy nhập số CCCD", id="no-cccd"),
    pytest.param({"full_name": "  "}, "full_name", "Hãy nhập họ và tên.", id="no-name"),
    pytest.param(
        {"birth_date": "2999-01-01"},
        "birth_date",
        str(account_forms.BIRTH_DATE_FUTURE),
        id="born-in-future",
    ),
    pytest.param(
        {"birth_date": "31/02/1990"},
        "birth_date",
        "Ngày sinh không hợp lệ",
        id="feb-31",
    ),
    pytest.param({"gender": ""}, "gender", "Hãy chọn giới tính.", id="no-gender"),
    pytest.param({"group": ""}, "group", "Hãy chọn đối tượng dự thi.", id="no-group"),
    pytest.param({"unit": "999999"}, "unit", "Hãy chọn", id="unknown-unit"),
    pytest.param(
        {"email": "not-an-email"},
        "email",
        str(account_forms.EMAIL_INVALID),
        id="bad-email",
    ),
    pytest.param(
        {"password2": "something-else-2024"},
        "password2",
        "mật khẩu",
        id="passwords-differ",
    ),
    pytest.param({"password1": "123", "password2": "123"}, "password1", "", id="weak"),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUTS)
def test_bad_signup_input_names_the_field_and_creates_nobody(
    client, signup_data, change, field, message
):
    signup_data.update(change)
    response = _post(client, signup_data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    # The summary names the field by its Vietnamese label.
    label = str(form.fields[field].label)
    assert re.search(rf">{re.escape(label)}</a>:", page), label
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("existing", "change", "field", "message"),
    [
        pytest.param(
            {"cccd": "083092001234", "phone": "+84911111111", "email": "x@example.com"},
            {},
            "cccd",
            str(account_forms.CCCD_TAKEN),
            id="duplicate-cccd",
        ),
        pytest.param(
            {"cccd": "083000000001", "phone": "+84987654321", "email": "x@example.com"},
            {"phone": "+84 987 654 321"},
            "phone",
            "Số điện thoại này đã được dùng",
            id="duplicate-phone-other-format",
        ),
        pytest.param(
            {"cccd": "083000000001", "phone": "+84911111111"},
            {"email": "AN.Nguyen@Example.com"},
            "email",
            "Email này đã được dùng",
            id="duplicate-email-other-case",
        ),
    ],
)
def test_duplicates_are_refused_naming_the_field(
    client, signup_data, existing, change, field, message
):
    _existing(**existing)
    signup_data.update(change)
    response = _post(client, signup_data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == 1


def test_phone_verification_when_enabled_logs_the_code_and_verifies(
    client, signup_data, settings, caplog
):
    settings.ACCOUNT_PHONE_VERIFICATION_ENABLED = True
    with caplog.at_level(logging.WARNING, logger="accounts.sms"):
        response = _post(client, signup_data)
    assert response.status_code == 302
    assert response.url == reverse("account_verify_phone")
    sms = [r.getMessage() for r in caplog.records if r.name == "accounts.sms"]
    assert len(sms) == 1
    assert "+84987654321" in sms[0]
    code = sms[0].rsplit(" ", 1)[-1]
    response = client.post(reverse("account_verify_phone"), {"code": code})
    assert response.status_code == 302
    assert User.objects.get().phone_verified is True


# --- Back to the contest the person came from ----------------------------------------


def test_signing_up_from_a_contest_lands_on_that_contest(client, signup_data):
    contest = ContestFactory(slug="thi-sau-dang-ky", bank=make_bank(22))
    RoundFactory(contest=contest, number=1)
    path = contest.get_absolute_url()
    page = client.get(path).content.decode()
    signup_link = f"{SIGNUP}?next={path}"
    assert f'href="{signup_link}"' in page
    # The login page's own "Đăng ký dự thi" link keeps it too.
    login = client.get(reverse("account_login"), {"next": path}).content.decode()
    assert f'href="{SIGNUP}?{urlencode({"next": path})}"' in login
    form = client.get(signup_link).content.decode()
    assert f'name="next" value="{path}"' in form

    response = client.post(SIGNUP, {**signup_data, "next": path})
    assert response.status_code == 302
    assert response.url == path
    assert "Vào thi" in client.get(path).content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://lua-dao.example/", "//lua-dao.example/", "javascript:1"]
)
def test_signup_never_redirects_off_site(client, signup_data, next_url):
    response = client.post(SIGNUP, {**signup_data, "next": next_url})
    assert response.status_code == 302
    assert response.url == reverse("home")
