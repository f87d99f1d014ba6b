"""Fixtures of the awards tests: a contest with Bến Tre's weekly tiers and a round
that has already closed."""

import pytest

from tests.factories.awards import closed_round, contest_with_round_tiers


@pytest.fixture
def contest(db):
    return contest_with_round_tiers(slug="ben-tre-2024")


@pytest.fixture
def round_(contest):
    return closed_round(contest, number=1)
