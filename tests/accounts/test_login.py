"""Login by phone or email, throttling by login + IP, admin through allauth."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


@pytest.fixture
def person(unit_a):
    return UserFactory(
        phone="+84912345678", email="mai.nguyen@example.com", full_name="Nguyễn Thị Mai"
    )


def login(client, login, password=PASSWORD, ip="10.0.0.1"):
    return client.post(LOGIN, {"login": login, "password": password}, REMOTE_ADDR=ip)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_login_page_is_vietnamese_and_asks_for_phone_or_email(client):
    page = client.get(LOGIN).content.decode()
    assert "Số điện thoại hoặc email" in page
    assert 'name="login"' in page
    assert 'name="password"' in page
    assert "Quên mật khẩu?" in page


@pytest.mark.parametrize(
    "typed", ["0912345678", "0912 345 678", "+84912345678", "84912345678"]
)
def test_login_by_phone_in_any_usual_format(client, person, typed):
    response = login(client, typed)
    assert response.status_code == 302
    assert logged_in_as(client) == str(person.pk)


@pytest.mark.parametrize("typed", ["mai.nguyen@example.com", "Mai.Nguyen@Example.COM"])
def test_login_by_email_ignores_case(client, person, typed):
    assert login(client, typed).status_code == 302
    assert logged_in_as(client) == str(person.pk)


def test_successful_login_greets_by_full_name(client, person):
    response = client.post(
        LOGIN, {"login": "0912345678", "password": PASSWORD}, follow=True
    )
    assert "Đăng nhập thành công. Xin chào Nguyễn Thị Mai!" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0912345678", "Số điện thoại hoặc mật khẩu không đúng."),
        ("mai.nguyen@example.com", "Email hoặc mật khẩu không đúng."),
        ("0999999999", "Số điện thoại hoặc mật khẩu không đúng."),
    ],
)
def test_a_wrong_password_gets_a_vietnamese_error(client, person, typed, message):
    response = login(client, typed, password="sai-mat-khau")
    assert response.status_code == 200
    assert message in response.content.decode()
    assert logged_in_as(client) is None


def test_an_empty_form_names_both_fields(client):
    page = client.post(LOGIN, {"login": "", "password": ""}).content.decode()
    assert "Hãy nhập số điện thoại hoặc email." in page
    assert "Hãy nhập mật khẩu." in page


TOO_MANY = "Bạn đã đăng nhập sai quá nhiều lần. Hãy thử lại sau ít phút."


def test_five_failures_lock_that_login_from_that_address_only(client, person):
    for _ in range(5):
        assert TOO_MANY not in login(client, "0912345678", "sai").content.decode()
    # The sixth try is refused even with the right password...
    response = login(client, "0912345678")
    assert TOO_MANY in response.content.decode()
    assert logged_in_as(client) is None
    # ...the same person typing the number differently is the same key...
    assert TOO_MANY in login(client, "+84 912 345 678").content.decode()
    # ...but the person can still log in from another address (no lockout by others),
    assert login(client, "0912345678", ip="10.0.0.2").status_code == 302


def test_a_forged_forwarded_for_does_not_escape_the_login_throttle(
    client, person, settings
):
    """Nobody in front (count 0): X-Forwarded-For is the client's own writing."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        client.post(
            LOGIN,
            {"login": "0912345678", "password": "sai"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )
    response = client.post(
        LOGIN,
        {"login": "0912345678", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert TOO_MANY in response.content.decode()
    assert logged_in_as(client) is None


def test_behind_our_proxy_the_address_it_wrote_is_the_one_throttled(
    client, person, settings
):
    """docker-compose's nginx (count 1) replaces X-Forwarded-For with the peer's
    address: a locked person elsewhere does not lock this one."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def through_nginx(password, client_ip):
        return client.post(
            LOGIN,
            {"login": "0912345678", "password": password},
            REMOTE_ADDR="172.18.0.5",
            HTTP_X_FORWARDED_FOR=client_ip,
        )

    for _ in range(5):
        through_nginx("sai", "203.0.113.7")
    assert TOO_MANY in through_nginx(PASSWORD, "203.0.113.7").content.decode()
    assert through_nginx(PASSWORD, "198.51.100.9").status_code == 302


def test_a_locked_login_does_not_lock_others_behind_the_same_address(client, person):
    other = UserFactory(phone="+84987000111")
    for _ in range(6):
        login(client, "0912345678", "sai")
    assert login(client, "0987000111").status_code == 302
    assert logged_in_as(client) == str(other.pk)


def test_an_office_behind_one_address_is_not_throttled_as_a_whole(client):
    # 40 colleagues behind one NAT each mistype their password once.
    people = [UserFactory(phone=f"+8491800{i:04d}") for i in range(40)]
    for person in people:
        response = login(client, person.phone.as_e164, "sai")
        assert TOO_MANY not in response.content.decode()
    assert login(client, people[-1].phone.as_e164).status_code == 302


def test_a_successful_login_does_not_reset_the_failure_count(client, person):
    for _ in range(4):
        login(client, "0912345678", "sai")
    assert login(client, "0912345678").status_code == 302
    client.logout()
    login(client, "0912345678", "sai")
    assert TOO_MANY in login(client, "0912345678").content.decode()


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "next=%2Fadmin%2F" in response.url


def test_a_logged_in_contestant_is_refused_by_the_admin(client, contestant_a):
    client.force_login(contestant_a)
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/").status_code == 302  # to the (refusing) login


def test_staff_log_into_the_admin_by_phone(client, organizer):
    response = client.post(
        LOGIN + "?next=/admin/",
        {"login": organizer.phone.as_e164, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_logout_is_a_post_in_vietnamese(client, person):
    client.force_login(person)
    assert (
        "Bạn muốn đăng xuất" in client.get(reverse("account_logout")).content.decode()
    )
    client.post(reverse("account_logout"))
    assert logged_in_as(client) is None


def test_password_reset_mails_a_vietnamese_link(client, person):
    response = client.post(
        reverse("account_reset_password"), {"email": "mai.nguyen@example.com"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "đặt lại mật khẩu" in body
    link = next(
        line for line in body.splitlines() if "/tai-khoan/password/reset/key/" in line
    )
    path = link.strip().split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"password1": "Mat-khau-moi-2024", "password2": "Mat-khau-moi-2024"},
    )
    assert done.status_code == 302
    assert User.objects.get(pk=person.pk).check_password("Mat-khau-moi-2024")


def test_password_reset_explains_what_to_do_without_email(client):
    page = client.get(reverse("account_reset_password")).content.decode()
    assert "Chưa khai báo email? Hãy liên hệ Ban Tổ chức" in page


def test_passwords_are_stored_with_argon2_and_old_hashes_upgraded(client, person):
    from django.contrib.auth.hashers import make_password

    person.refresh_from_db()
    assert person.password.startswith("argon2$argon2id$")
    # An account from before the switch (PBKDF2) still logs in, and is rehashed.
    User.objects.filter(pk=person.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    assert login(client, "0912345678").status_code == 302
    person.refresh_from_db()
    assert person.password.startswith("argon2$argon2id$")
