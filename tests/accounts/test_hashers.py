"""Passwords are hashed with Argon2id at no less than OWASP's minimum, and a hash
made with Django's heavier defaults still logs in and is rewritten."""

import argon2
import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

from accounts.hashers import PortalArgon2PasswordHasher
from tests.factories import UserFactory

PASSWORD = "matkhau-an-toan-2024"


@pytest.fixture
def portal_hasher(settings):
    settings.PASSWORD_HASHERS = [
        "accounts.hashers.PortalArgon2PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


def _parameters(encoded: str) -> argon2.Parameters:
    return argon2.extract_parameters(encoded.removeprefix("argon2"))


def test_the_settings_hash_with_the_portals_argon2id():
    from django.conf import settings

    assert settings.PASSWORD_HASHERS[0] == "accounts.hashers.PortalArgon2PasswordHasher"


def test_a_new_hash_is_argon2id_at_owasps_minimum_or_above(portal_hasher):
    parameters = _parameters(make_password(PASSWORD))

    assert parameters.type is argon2.Type.ID
    assert parameters.memory_cost >= 19 * 1024
    assert parameters.time_cost >= 2
    assert parameters.parallelism >= 1
    assert parameters.memory_cost * parameters.time_cost <= 2 * 47 * 1024  # lighter


@pytest.mark.django_db
def test_a_hash_made_with_djangos_defaults_logs_in_and_is_rewritten(portal_hasher):
    heavy = Argon2PasswordHasher().encode(PASSWORD, Argon2PasswordHasher().salt())
    user = UserFactory()
    user.password = heavy
    user.save(update_fields=["password"])

    assert user.check_password(PASSWORD)

    user.refresh_from_db()
    assert user.password != heavy
    assert _parameters(user.password).memory_cost == (
        PortalArgon2PasswordHasher.memory_cost
    )
