"""The person's own profile: view, edit, completeness."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts import forms as account_forms
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
EDIT = reverse("accounts:profile_edit")


@pytest.fixture
def me(unit_a):
    return UserFactory(
        full_name="Đặng Thị Lan",
        phone="+84912345678",
        cccd="083196000103",
        email="lan@example.com",
        unit=unit_a,
    )


@pytest.fixture
def edit_data(me, unit_b):
    return {
        "full_name": "Đặng Thị Lan Anh",
        "birth_date": "1996-07-21",
        "gender": "female",
        "phone": "0912 345 678",
        "cccd": "083196000103",
        "group": "official",
        "unit": str(unit_b.pk),
        "email": "lan.anh@example.com",
    }


@pytest.mark.parametrize("url", [PROFILE, EDIT])
def test_visitors_are_sent_to_login(visitor, url):
    response = visitor.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_profile_shows_my_own_numbers_in_full(client, me):
    client.force_login(me)
    page = client.get(PROFILE).content.decode()
    assert "Đặng Thị Lan" in page
    assert "083196000103" in page
    assert "0912 345 678" in page
    assert "17/05/1990" in page
    assert "Hồ sơ đã đủ thông tin để dự thi." in page


def test_an_incomplete_profile_says_what_is_missing(client, unit_a):
    person = UserFactory(cccd=None, birth_date=None, group="")
    assert not person.is_profile_complete
    assert person.missing_profile_fields() == ["ngày sinh", "số CCCD", "đối tượng"]
    client.force_login(person)
    page = client.get(PROFILE).content.decode()
    assert "Hồ sơ chưa đủ để dự thi. Còn thiếu:" in page
    assert "ngày sinh, số CCCD, đối tượng" in page


def test_editing_saves_every_field_and_keeps_login_by_the_new_email(
    client, me, edit_data, unit_b
):
    EmailAddress.objects.create(user=me, email="lan@example.com", primary=True)
    client.force_login(me)
    page = client.get(EDIT).content.decode()
    assert 'value="0912 345 678"' in page  # shown as people write it
    response = client.post(EDIT, edit_data)
    assert response.status_code == 302
    assert response.url == PROFILE
    me.refresh_from_db()
    assert me.full_name == "Đặng Thị Lan Anh"
    assert (me.group, me.unit) == ("official", unit_b)
    assert me.email == "lan.anh@example.com"
    assert list(
        EmailAddress.objects.filter(user=me).values_list("email", flat=True)
    ) == ["lan.anh@example.com"]
    assert "Đã lưu hồ sơ." in client.get(PROFILE).content.decode()


def test_a_new_phone_number_is_unverified(client, me, edit_data):
    User.objects.filter(pk=me.pk).update(phone_verified=True)
    client.force_login(me)
    client.post(EDIT, {**edit_data, "phone": "0987 111 222"})
    me.refresh_from_db()
    assert me.phone.as_e164 == "+84987111222"
    assert me.phone_verified is False


def test_the_same_phone_keeps_its_verification(client, me, edit_data):
    User.objects.filter(pk=me.pk).update(phone_verified=True)
    client.force_login(me)
    client.post(EDIT, edit_data)
    me.refresh_from_db()
    assert me.phone_verified is True


def test_removing_the_email_is_allowed(client, me, edit_data):
    client.force_login(me)
    client.post(EDIT, {**edit_data, "email": ""})
    me.refresh_from_db()
    assert me.email == ""
    assert not EmailAddress.objects.filter(user=me).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"cccd": "083190000999"}, "cccd", str(account_forms.CCCD_TAKEN)),
        ({"phone": "0987 000 111"}, "phone", str(account_forms.PHONE_TAKEN)),
        ({"email": "OTHER@example.com"}, "email", str(account_forms.EMAIL_TAKEN)),
        ({"phone": "0283 822 1234"}, "phone", "phải là số di động"),
        ({"cccd": "12345"}, "cccd", "12 chữ số"),
        ({"full_name": ""}, "full_name", "Hãy nhập họ và tên."),
        ({"birth_date": "2999-01-01"}, "birth_date", "sau ngày hôm nay"),
    ],
)
def test_bad_edits_name_the_field_and_change_nothing(
    client, me, edit_data, change, field, message
):
    UserFactory(cccd="083190000999", phone="+84987000111", email="other@example.com")
    client.force_login(me)
    before = User.objects.values().get(pk=me.pk)
    response = client.post(EDIT, {**edit_data, **change})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.values().get(pk=me.pk) == before


def test_editing_never_touches_someone_else(client, me, edit_data, contestant_b):
    before = User.objects.values().get(pk=contestant_b.pk)
    client.force_login(me)
    client.post(EDIT, {**edit_data, "id": contestant_b.pk, "pk": contestant_b.pk})
    assert User.objects.values().get(pk=contestant_b.pk) == before


def test_after_completing_the_profile_a_safe_next_page_follows(client, me, edit_data):
    client.force_login(me)
    response = client.post(
        EDIT + "?next=/cuoc-thi/", {**edit_data, "next": "/cuoc-thi/"}
    )
    assert response.url == "/cuoc-thi/"
    response = client.post(EDIT, {**edit_data, "next": "https://evil.example/"})
    assert response.url == PROFILE
