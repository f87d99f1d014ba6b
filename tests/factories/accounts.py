import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import ParticipantGroup, Unit, User


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DV{n:04d}")
    name = factory.Sequence(lambda n: f"Công đoàn cơ sở số {n}")
    kind = Unit.Kind.GRASSROOTS
    staff_count = 100


class UserFactory(DjangoModelFactory):
    """A contestant with a complete profile."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Faker("name", locale="vi_VN")
    birth_date = datetime.date(1990, 5, 17)
    gender = User.Gender.FEMALE
    phone = factory.Sequence(lambda n: f"+8490{n:07d}")
    cccd = factory.Sequence(lambda n: f"083190{n:06d}")
    group = ParticipantGroup.WORKER
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("matkhau-an-toan-2024")


def profile_form(user: User, unit: Unit | None) -> dict:
    """What the person's own profile page posts when they only pick another unit
    (the birth date typed the Vietnamese way)."""
    return {
        "full_name": user.full_name,
        "birth_date": user.birth_date.strftime("%d/%m/%Y"),
        "gender": user.gender,
        "phone": user.phone.as_national,
        "cccd": user.cccd,
        "group": user.group,
        "unit": str(unit.pk) if unit else "",
        "email": user.email,
    }
