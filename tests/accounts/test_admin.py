"""The admin, walked by the whole cast: units (import/export) and people (privacy)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import unit_excel
from accounts.models import Unit, User
from tests.factories import UnitFactory, UserFactory

from .conftest import make_xlsx

pytestmark = pytest.mark.django_db

UNITS = reverse("admin:accounts_unit_changelist")
IMPORT = reverse("admin:accounts_unit_import")
PROCESS = reverse("admin:accounts_unit_process_import")
EXPORT = reverse("admin:accounts_unit_export")
TEMPLATE = reverse("admin:accounts_unit_template")
USERS = reverse("admin:accounts_user_changelist")
ALLOWED, DENIED = "allowed", "denied"

CAST = ["organizer", "secretary", "judge", "unit_rep", "contestant_a"]


def status(client, user, url):
    client.force_login(user)
    code = client.get(url).status_code
    client.logout()
    assert code in (200, 302, 403), code
    return ALLOWED if code == 200 else DENIED


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (UNITS, [ALLOWED, ALLOWED, DENIED, DENIED, DENIED]),
        (IMPORT, [ALLOWED, DENIED, DENIED, DENIED, DENIED]),
        (TEMPLATE, [ALLOWED, DENIED, DENIED, DENIED, DENIED]),
        (EXPORT, [ALLOWED, ALLOWED, DENIED, DENIED, DENIED]),
        (USERS, [ALLOWED, ALLOWED, DENIED, DENIED, DENIED]),
    ],
)
def test_walk_the_cast_through_the_admin(client, request, url, expected):
    got = [status(client, request.getfixturevalue(who), url) for who in CAST]
    assert got == expected


def test_visitors_are_sent_to_the_login(visitor):
    response = visitor.get(UNITS)
    assert response.status_code == 302


def upload(client, rows, name="don-vi.xlsx", content=None):
    data = content if content is not None else make_xlsx(rows)
    return client.post(
        IMPORT,
        {
            "import_file": SimpleUploadedFile(name, data),
            "format": "0",
            "resource": "0",
        },
    )


GOOD = [
    ("TINH", "Liên đoàn Lao động tỉnh", "Tỉnh", None, None),
    ("CD-GD", "Công đoàn ngành Giáo dục", "upper", "TINH", 200),
]


def test_import_previews_then_applies_on_confirmation(client, organizer):
    client.force_login(organizer)
    preview = upload(client, GOOD)
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Xem trước" in page
    assert "Công đoàn ngành Giáo dục" in page
    assert not Unit.objects.filter(code="CD-GD").exists()  # a preview saves nothing
    confirm = preview.context["confirm_form"]
    response = client.post(PROCESS, {**confirm.initial, "confirm": "1"})
    assert response.status_code == 302
    assert Unit.objects.get(code="CD-GD").parent.code == "TINH"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Đã nhập: 2 đơn vị mới, 0 cập nhật, 0 không đổi." in messages


def test_import_shows_each_bad_row_by_excel_row_and_saves_nothing(client, organizer):
    client.force_login(organizer)
    response = upload(
        client,
        [*GOOD, ("CD-YT", "Công đoàn ngành Y tế", "", "KHONG-CO", -5)],
    )
    page = response.content.decode()
    assert (
        "confirm_form" not in response.context or not response.context["confirm_form"]
    )
    assert "Tệp có dòng lỗi: chưa đơn vị nào được nhập" in page
    # Spelled out on the page, not hidden behind a hover.
    assert "<td>4</td><td>Tổng số CBCCVCLĐ</td><td>không được âm (-5).</td>" in page
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [4]
    assert invalid[0].error_dict == {
        "Mã đơn vị cấp trên": [
            "không có đơn vị mã “KHONG-CO” trong tệp hay trên hệ thống."
        ],
        "Tổng số CBCCVCLĐ": ["không được âm (-5)."],
    }
    assert not Unit.objects.filter(code__in=["TINH", "CD-GD", "CD-YT"]).exists()


def test_import_refuses_a_file_that_is_not_xlsx_by_content(client, organizer):
    client.force_login(organizer)
    response = upload(client, [], name="don-vi.xlsx", content=b"Ma;Ten\nA;B\n")
    errors = response.context["form"].errors["import_file"]
    assert errors == ["Tệp “don-vi.xlsx”: Tệp không phải là tệp Excel .xlsx."]


def test_a_roster_changed_after_the_preview_is_refused_at_confirmation(
    client, organizer
):
    parent = UnitFactory(code="CHA", name="Đơn vị cha", staff_count=None)
    client.force_login(organizer)
    preview = upload(client, [("CD-X", "Đơn vị X", "", "CHA", 10)])
    confirm = preview.context["confirm_form"]
    parent.delete()  # someone removes the parent before the confirmation
    response = client.post(PROCESS, {**confirm.initial, "confirm": "1"})
    assert response.status_code == 302
    assert response.url == IMPORT
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Tệp bị từ chối: 1 lỗi, không đơn vị nào thay đổi." in messages
    assert any("Dòng 2" in m and "CHA" in m for m in messages)
    assert not Unit.objects.filter(code="CD-X").exists()


def test_export_and_template_are_xlsx_with_the_import_headers(
    client, organizer, unit_a
):
    client.force_login(organizer)
    response = client.post(EXPORT, {"format": "0", "resource": "0"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = unit_excel.read_sheet(response.content)
    assert sheet.headers[:2] == ["Mã đơn vị", "Tên đơn vị"]
    assert (
        "CDA",
        "Công đoàn ngành Giáo dục",
        "Công đoàn cấp trên trực tiếp cơ sở",
        "LDLD",
        200,
    ) in [r for _, r in sheet.rows]
    template = client.get(TEMPLATE)
    assert "attachment" in template["Content-Disposition"]
    assert unit_excel.read_sheet(template.content).rows == []


def test_changelist_shows_effective_staff_counts_in_constant_queries(
    client, organizer, province, unit_a, unit_b, django_assert_max_num_queries
):
    client.force_login(organizer)
    page = client.get(UNITS).content.decode()
    assert "Tổng số tính cả đơn vị trực thuộc" in page
    # The province has no count of its own: 200 + 150 from its two unions.
    row = {
        u.code: u.effective_staff for u in client.get(UNITS).context["cl"].result_list
    }
    assert row == {"CDA": 200, "CDB": 150, "LDLD": 350}
    with django_assert_max_num_queries(30) as few:
        client.get(UNITS)
    for i in range(60):
        UnitFactory(code=f"G{i:02d}", parent=unit_a, staff_count=i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(UNITS)


def test_admin_search_ignores_accents(client, organizer, province):
    client.force_login(organizer)
    response = client.get(UNITS, {"q": "ben tre"})
    assert [u.code for u in response.context["cl"].result_list] == ["LDLD"]


# --- people and their personal data ---
def test_staff_with_the_permission_see_personal_data_in_full(
    client, organizer, contestant_a
):
    client.force_login(organizer)
    page = client.get(USERS).content.decode()
    assert contestant_a.phone.as_national in page
    change = reverse("admin:accounts_user_change", args=[contestant_a.pk])
    assert contestant_a.cccd in client.get(change).content.decode()


def test_staff_without_the_permission_see_masked_numbers(client, contestant_a):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(viewer)
    page = client.get(USERS).content.decode()
    assert contestant_a.phone.as_national not in page
    assert "****" in page
    change = reverse("admin:accounts_user_change", args=[contestant_a.pk])
    page = client.get(change).content.decode()
    assert contestant_a.cccd not in page
    assert "*********" + contestant_a.cccd[-3:] in page
    assert "17/05/1990" not in page
    # Nor can they find someone by CCCD.
    found = client.get(USERS, {"q": contestant_a.cccd}).context["cl"].result_list
    assert list(found) == []


def test_an_organizer_cannot_touch_a_superuser_or_grant_superuser(client, organizer):
    boss = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(organizer)
    change = reverse("admin:accounts_user_change", args=[boss.pk])
    response = client.post(change, {"username": "hijack"})
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.username != "hijack"
    own = client.get(reverse("admin:accounts_user_change", args=[organizer.pk]))
    assert "is_superuser" in own.context["adminform"].readonly_fields


def test_a_representative_role_needs_a_represented_unit(client, contestant_a):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    change = reverse("admin:accounts_user_change", args=[contestant_a.pk])
    form = client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "username": contestant_a.username,
            "groups": [Group.objects.get(name="Đại diện đơn vị").pk],
            "represented_unit": "",
            "date_joined_0": "2024-01-01",
            "date_joined_1": "08:00:00",
            "phone": "0900123456",
            "unit": contestant_a.unit_id,
            "birth_date": "1990-05-17",
        }
    )
    data.pop("password", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    response = client.post(change, data)
    assert response.status_code == 200
    assert "Đại diện đơn vị phải gắn với một đơn vị" in response.content.decode()


def test_an_organizer_adds_a_person_in_the_admin(client, organizer):
    client.force_login(organizer)
    add = reverse("admin:accounts_user_add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        {
            "username": "nguoimoi",
            "full_name": "Người Mới",
            "password1": "Mat-khau-rat-dai-2024",
            "password2": "Mat-khau-rat-dai-2024",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(username="nguoimoi").full_name == "Người Mới"
