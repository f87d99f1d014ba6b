"""Demo data: a roster shaped like the Bến Tre labour federation, one person per
role and a few contestants. Creates only what is missing (get_or_create on codes and
usernames): organizers' edits to units (staff counts) and people stay.

The unit names are generic (district names of Bến Tre province, sector unions);
the staff counts are made up for the demo. The people are fictitious.
"""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction

from . import roles, services
from .models import ParticipantGroup, Unit, User
from .phones import format_national

# Demo only: printed by `seed_demo`, never use outside a demo machine.
DEMO_PASSWORD = "demo@2024"  # noqa: S105

PROVINCE = ("LDLD-BT", "Liên đoàn Lao động tỉnh Bến Tre", Unit.Kind.PROVINCE)

DISTRICTS = (
    ("BT-TP", "thành phố Bến Tre"),
    ("BT-CT", "huyện Châu Thành"),
    ("BT-CL", "huyện Chợ Lách"),
    ("BT-MCN", "huyện Mỏ Cày Nam"),
    ("BT-MCB", "huyện Mỏ Cày Bắc"),
    ("BT-GT", "huyện Giồng Trôm"),
    ("BT-BD", "huyện Bình Đại"),
    ("BT-BTR", "huyện Ba Tri"),
    ("BT-TPH", "huyện Thạnh Phú"),
)

# (code, name, own staff count or None = sum of the grassroots below, grassroots)
SECTORS = (
    (
        "BT-GD",
        "Công đoàn ngành Giáo dục",
        None,
        (
            ("BT-GD-01", "Công đoàn Trường THPT thành phố Bến Tre", 86),
            ("BT-GD-02", "Công đoàn Trường THCS thị trấn Châu Thành", 54),
            ("BT-GD-03", "Công đoàn Trường Tiểu học thị trấn Ba Tri", 41),
        ),
    ),
    (
        "BT-YT",
        "Công đoàn ngành Y tế",
        None,
        (
            ("BT-YT-01", "Công đoàn Bệnh viện Đa khoa tỉnh", 412),
            ("BT-YT-02", "Công đoàn Trung tâm Y tế huyện Giồng Trôm", 138),
        ),
    ),
    (
        "BT-VC",
        "Công đoàn Viên chức tỉnh",
        None,
        (
            ("BT-VC-01", "Công đoàn Sở Thông tin và Truyền thông", 47),
            ("BT-VC-02", "Công đoàn Văn phòng UBND tỉnh", 62),
            ("BT-VC-03", "Công đoàn Sở Tài chính", 58),
        ),
    ),
    (
        "BT-KCN",
        "Công đoàn các Khu công nghiệp tỉnh",
        # Counted directly: most of its grassroots unions are not on this roster.
        5200,
        (
            ("BT-KCN-01", "Công đoàn Công ty may xuất khẩu (KCN Giao Long)", 1350),
            ("BT-KCN-02", "Công đoàn Công ty chế biến dừa (KCN An Hiệp)", 620),
        ),
    ),
)

DISTRICT_STAFF = (
    (95, 310),
    (72, 265),
    (48, 180),
    (66, 240),
    (51, 205),
    (69, 250),
    (57, 215),
    (74, 270),
    (55, 220),
)

# (username, full name, phone, email, role, unit code, represented unit code)
STAFF = (
    ("admin", "Quản trị hệ thống", "0900000001", "admin@example.com", None, None, None),
    (
        "bantochuc",
        "Trần Thị Bích Ngọc",
        "0900000002",
        "btc@example.com",
        roles.ORGANIZER,
        "LDLD-BT",
        None,
    ),
    (
        "giamkhao",
        "Lê Văn Hùng",
        "0900000003",
        "giamkhao@example.com",
        roles.JUDGE,
        "BT-VC-01",
        None,
    ),
    (
        "daidien",
        "Phạm Thị Thu Hà",
        "0900000004",
        "daidien@example.com",
        roles.UNIT_REPRESENTATIVE,
        "BT-GD-01",
        "BT-GD",
    ),
    (
        "thuky",
        "Võ Minh Tâm",
        "0900000005",
        "thuky@example.com",
        roles.SECRETARY,
        "LDLD-BT",
        None,
    ),
)

# (username, full name, phone, email, birth date, gender, CCCD, group, unit code)
CONTESTANTS = (
    (
        "thisinh1",
        "Nguyễn Thị Mai",
        "0912000001",
        "mai@example.com",
        datetime.date(1990, 3, 14),
        User.Gender.FEMALE,
        "083190000101",
        ParticipantGroup.OFFICIAL,
        "BT-GD-01",
    ),
    (
        "thisinh2",
        "Huỳnh Văn Phúc",
        "0912000002",
        "",
        datetime.date(1985, 11, 2),
        User.Gender.MALE,
        "083085000102",
        ParticipantGroup.OFFICIAL,
        "BT-YT-01",
    ),
    (
        "thisinh3",
        "Đặng Thị Lan",
        "0912000003",
        "lan@example.com",
        datetime.date(1996, 7, 21),
        User.Gender.FEMALE,
        "083196000103",
        ParticipantGroup.WORKER,
        "BT-CT-01",
    ),
    (
        "thisinh4",
        "Trương Quốc Bảo",
        "0912000004",
        "",
        datetime.date(2001, 1, 9),
        User.Gender.MALE,
        "083201000104",
        ParticipantGroup.WORKER,
        "BT-KCN-01",
    ),
)


def _units() -> list[tuple[str, str, str, str | None, int | None]]:
    code, name, kind = PROVINCE
    rows: list[tuple[str, str, str, str | None, int | None]] = [
        (code, name, kind, None, None)
    ]
    for (dcode, dname), (office, communes) in zip(
        DISTRICTS, DISTRICT_STAFF, strict=True
    ):
        rows.append((dcode, f"Liên đoàn Lao động {dname}", Unit.Kind.UPPER, code, None))
        rows.append(
            (
                f"{dcode}-01",
                f"Công đoàn cơ quan UBND {dname}",
                Unit.Kind.GRASSROOTS,
                dcode,
                office,
            )
        )
        rows.append(
            (
                f"{dcode}-02",
                f"Công đoàn khối xã {dname}",
                Unit.Kind.GRASSROOTS,
                dcode,
                communes,
            )
        )
    for scode, sname, own, grassroots in SECTORS:
        rows.append((scode, sname, Unit.Kind.UPPER, code, own))
        for gcode, gname, staff in grassroots:
            rows.append((gcode, gname, Unit.Kind.GRASSROOTS, scode, staff))
    return rows


def seed_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for code, name, kind, parent, staff in _units():
        units[code], _ = Unit.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "kind": kind,
                "parent": units[parent] if parent else None,
                "staff_count": staff,
            },
        )
    return units


def _person(username: str, defaults: dict, email: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={**defaults, "email": email}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if email:
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"primary": True, "verified": True}
        )
    return user


@transaction.atomic
def seed(stdout) -> None:
    units = seed_units()
    services.sync_roles()
    logins: list[tuple[str, str, str]] = []
    for username, name, phone, email, role, unit, represented in STAFF:
        user = _person(
            username,
            {
                "full_name": name,
                "phone": phone,
                "unit": units.get(unit) if unit else None,
                **({"is_staff": True, "is_superuser": True} if role is None else {}),
            },
            email,
        )
        if role:
            services.assign_role(
                user, role, unit=units[represented] if represented else None
            )
        logins.append((role or "Quản trị (superuser)", phone, email))
    for username, name, phone, email, born, gender, cccd, group, unit in CONTESTANTS:
        _person(
            username,
            {
                "full_name": name,
                "phone": phone,
                "birth_date": born,
                "gender": gender,
                "cccd": cccd,
                "group": group,
                "unit": units[unit],
            },
            email,
        )
        logins.append((f"Thí sinh ({name})", phone, email))

    stdout.write(
        f"Đơn vị mẫu: {len(units)} (Liên đoàn Lao động tỉnh Bến Tre và trực thuộc)."
    )
    stdout.write(
        f"Tài khoản mẫu — CHỈ ĐỂ THỬ, mật khẩu chung: {DEMO_PASSWORD}"
        " (đăng nhập bằng số điện thoại hoặc email):"
    )
    for label, phone, email in logins:
        stdout.write(f"  {label:<36} {format_national(phone):<14} {email}")
