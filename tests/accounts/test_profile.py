"""The person's own profile: view, edit, completeness."""

import pytest
from allauth.account.models import EmailAddress
from django.forms import MultiWidget
from django.urls import reverse

from accounts import forms as account_forms
from accounts.models import UnitChange, User
from tests.factories import UserFactory
from tests.factories.accounts import profile_form

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


# --- Changing one's unit once it matters ----------------------------------------


def _running_contest_attempt(user):
    from tests.factories import ContestFactory, RoundFactory, finished_attempt

    contest = ContestFactory(title="Tìm hiểu chuyển đổi số 2024")
    round_ = RoundFactory(contest=contest, number=1)  # open now, closes later
    finished_attempt(round_, user)
    return contest


def test_a_contestant_moving_unit_mid_contest_is_recorded_for_the_organizers(
    client, me, unit_a, unit_b, organizer, secretary
):
    _running_contest_attempt(me)
    client.force_login(me)
    response = client.post(EDIT, profile_form(me, unit_b), follow=True)
    me.refresh_from_db()
    assert me.unit == unit_b
    page = response.content.decode()
    assert (
        "Đã đổi đơn vị từ “Công đoàn ngành Giáo dục” sang “Công đoàn ngành Y tế”"
        in page
    )
    change = UnitChange.objects.get()
    assert (change.user, change.old_unit, change.new_unit) == (me, unit_a, unit_b)
    assert (change.changed_by, change.source) == (me, UnitChange.Source.PROFILE)
    assert "Đang dự thi «Tìm hiểu chuyển đổi số 2024»." in change.note
    log = reverse("admin:accounts_unitchange_changelist")
    for staff in (organizer, secretary):
        client.force_login(staff)
        listing = client.get(log)
        assert listing.status_code == 200
        assert "Đặng Thị Lan" in listing.content.decode()
    client.force_login(me)
    assert client.get(log).status_code == 302  # not staff: to the login page


def test_the_unit_change_log_cannot_be_edited_even_by_organizers(
    client, me, unit_b, organizer
):
    client.force_login(me)
    client.post(EDIT, profile_form(me, unit_b))
    change = UnitChange.objects.get()
    client.force_login(organizer)
    assert client.get(reverse("admin:accounts_unitchange_add")).status_code == 403
    delete = reverse("admin:accounts_unitchange_delete", args=[change.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert UnitChange.objects.count() == 1


def _admin_post_data(form) -> dict:
    """The change form as the browser would post it back unchanged."""
    data = {}
    for field in form:
        value = field.value()
        widget = field.field.widget
        if isinstance(widget, MultiWidget):
            for i, part in enumerate(widget.decompress(value)):
                data[f"{field.html_name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        else:
            data[field.html_name] = "" if value is None else str(value)
    return data


def test_an_organizer_moving_someone_in_the_admin_is_recorded(
    client, me, unit_a, unit_b, organizer
):
    client.force_login(organizer)
    change_url = reverse("admin:accounts_user_change", args=[me.pk])
    data = _admin_post_data(client.get(change_url).context["adminform"].form)
    data["unit"] = str(unit_b.pk)
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    me.refresh_from_db()
    assert me.unit == unit_b
    change = UnitChange.objects.get()
    assert (change.old_unit, change.new_unit) == (unit_a, unit_b)
    assert (change.changed_by, change.source) == (organizer, UnitChange.Source.ADMIN)
    # Saved again unchanged: nothing more is recorded.
    data = _admin_post_data(client.get(change_url).context["adminform"].form)
    assert client.post(change_url, data).status_code == 302
    assert UnitChange.objects.count() == 1
