import pytest

from tests.factories.contests import ContestFactory, RoundFactory, make_bank


@pytest.fixture
def bank(db):
    return make_bank(25)


@pytest.fixture
def contest(bank):
    return ContestFactory(
        slug="chuyen-doi-so",
        bank=bank,
        prediction_enabled=True,
        attempts_per_round=1,
    )


@pytest.fixture
def open_round(contest):
    return RoundFactory(contest=contest, number=1)


@pytest.fixture
def start(open_round):
    """Start an attempt of the open round for a user (service call)."""
    from contests import services

    def _start(user, **kwargs):
        return services.start_attempt(user, open_round, **kwargs)

    return _start
