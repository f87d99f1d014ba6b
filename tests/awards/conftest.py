"""Fixtures of the awards tests: a contest with Bến Tre's weekly tiers and a round
that has already closed."""

import pytest

from tests.factories.awards import closed_round, contest_with_round_tiers


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests here create many people: hash their passwords cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def contest(db):
    return contest_with_round_tiers(slug="ben-tre-2024")


@pytest.fixture
def round_(contest):
    return closed_round(contest, number=1)
