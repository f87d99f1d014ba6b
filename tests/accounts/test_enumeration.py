"""What an anonymous caller may learn about other people: the password reset page
never says whether an email is registered, the CCCD check at sign-up answers
"taken" only a few times per address and overall, and no forged X-Forwarded-For
escapes a per-address limit."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts import forms as account_forms
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
RESET = reverse("account_reset_password")
TAKEN = str(account_forms.CCCD_TAKEN)
LATER = str(account_forms.CCCD_CHECK_LATER)


# --- Password reset ---------------------------------------------------------------
def _reset(client, email):
    response = client.post(RESET, {"email": email}, follow=True)
    # The CSRF token is masked afresh on every page: the rest must be identical.
    page = re.sub(r'"X-CSRFToken": "\w+"', "", response.content.decode())
    page = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)
    return response.redirect_chain, page


def test_password_reset_says_the_same_for_a_registered_and_an_unknown_email(
    client, unit_a
):
    UserFactory(email="mai.nguyen@example.com", unit=unit_a)
    registered = _reset(client, "mai.nguyen@example.com")
    unknown = _reset(client, "chua.dang.ky@example.com")
    assert registered == unknown
    chain, page = unknown
    assert chain == [(reverse("account_reset_password_done"), 302)]
    assert "Nếu email bạn nhập đã được đăng ký" in page


def test_only_the_mailbox_learns_whether_it_has_an_account(client, unit_a):
    UserFactory(email="mai.nguyen@example.com", unit=unit_a)
    _reset(client, "mai.nguyen@example.com")
    _reset(client, "chua.dang.ky@example.com")
    assert [m.to for m in mail.outbox] == [
        ["mai.nguyen@example.com"],
        ["chua.dang.ky@example.com"],
    ]
    reset_mail, unknown_mail = mail.outbox
    assert "/tai-khoan/password/reset/key/" in reset_mail.body
    assert "/tai-khoan/password/reset/key/" not in unknown_mail.body
    assert "không có tài khoản nào dùng email này" in unknown_mail.body
    assert reverse("account_signup") in unknown_mail.body


def test_a_malformed_email_is_still_named(client):
    page = client.post(RESET, {"email": "khong-phai-email"}).content.decode()
    assert "Email" in page
    assert not mail.outbox


# --- The CCCD check at sign-up ----------------------------------------------------
def _signup(client, data, cccd, ip="10.9.0.1", **headers):
    response = client.post(SIGNUP, {**data, "cccd": cccd}, REMOTE_ADDR=ip, **headers)
    if response.status_code == 302:
        return "created"
    return " ".join(response.context["form"].errors.get("cccd", []))


@pytest.fixture
def registered_cccds(unit_a):
    return [UserFactory(cccd=f"0830920099{i:02d}", unit=unit_a).cccd for i in range(12)]


def test_a_person_whose_cccd_is_taken_is_told_what_to_do(
    client, signup_data, registered_cccds
):
    assert _signup(client, signup_data, registered_cccds[0]) == TAKEN
    assert "hãy đăng nhập hoặc lấy lại mật khẩu" in TAKEN
    assert "liên hệ Ban Tổ chức" in TAKEN
    # The person corrects a typo in the number and is registered.
    assert _signup(client, signup_data, "083092001234") == "created"


def test_checking_many_cccds_from_one_address_is_throttled(
    client, signup_data, registered_cccds
):
    answers = [_signup(client, signup_data, cccd) for cccd in registered_cccds[:5]]
    # A few answers a minute ("3/m/ip"), then the same reply for every number...
    assert answers == [TAKEN, TAKEN, TAKEN, LATER, LATER]
    # ...a free one included, so the reply confirms nothing, and nobody is created.
    assert _signup(client, signup_data, "083092001234") == LATER
    assert User.objects.count() == len(registered_cccds)
    # Somebody else, elsewhere, is not held up.
    assert _signup(client, signup_data, "083092001234", ip="10.9.0.2") == "created"


def test_the_hourly_limit_per_address_outlasts_the_minute(
    client, signup_data, registered_cccds, time_machine
):
    time_machine.move_to("2026-06-10 08:00:00+07:00", tick=False)
    answers = []
    for minute, cccd in enumerate(registered_cccds):
        time_machine.move_to(f"2026-06-10 08:{minute * 2:02d}:00+07:00", tick=False)
        answers.append(_signup(client, signup_data, cccd))
    assert answers == [TAKEN] * 10 + [LATER] * 2


def test_the_overall_limit_holds_against_many_addresses(
    client, signup_data, registered_cccds, settings
):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "cccd_taken": "3/m/ip,4/h/key",
    }
    answers = [
        _signup(client, signup_data, cccd, ip=f"10.9.1.{n}")
        for n, cccd in enumerate(registered_cccds[:6])
    ]
    assert answers == [TAKEN] * 4 + [LATER] * 2


def test_a_forged_forwarded_for_does_not_escape_the_cccd_limit(
    client, signup_data, registered_cccds, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    answers = [
        _signup(client, signup_data, cccd, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
        for n, cccd in enumerate(registered_cccds[:5])
    ]
    assert answers == [TAKEN, TAKEN, TAKEN, LATER, LATER]


def test_behind_our_proxy_each_client_has_its_own_limit(
    client, signup_data, registered_cccds, settings
):
    """With nginx in front (count 1) the address is the one nginx wrote: two people
    behind the same proxy are two addresses."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    first = [
        _signup(
            client,
            signup_data,
            cccd,
            ip="172.18.0.5",
            HTTP_X_FORWARDED_FOR="198.51.100.6",
        )
        for cccd in registered_cccds[:4]
    ]
    assert first[-1] == LATER
    assert (
        _signup(
            client,
            signup_data,
            registered_cccds[4],
            ip="172.18.0.5",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
        == TAKEN
    )


def test_ipv6_addresses_of_one_network_share_a_limit(
    client, signup_data, registered_cccds
):
    answers = [
        _signup(client, signup_data, cccd, ip=f"2001:db8:5:7::{n + 1:x}")
        for n, cccd in enumerate(registered_cccds[:4])
    ]
    assert answers == [TAKEN, TAKEN, TAKEN, LATER]


def test_keeping_ones_own_cccd_in_the_profile_is_never_throttled(
    client, signup_data, registered_cccds, unit_a
):
    for cccd in registered_cccds[:4]:
        _signup(client, signup_data, cccd, ip="127.0.0.1")
    me = User.objects.get(cccd=registered_cccds[0])
    client.force_login(me)
    response = client.post(
        reverse("accounts:profile_edit"),
        {
            "full_name": "Đặng Thị Lan",
            "birth_date": "1996-03-01",
            "gender": "female",
            "phone": me.phone.as_national,
            "cccd": me.cccd,
            "group": me.group,
            "unit": str(unit_a.pk),
            "email": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
