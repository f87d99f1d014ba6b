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


@pytest.fixture
def eager_tasks():
    """Celery tasks run in this process when enqueued, for this test only: with
    django_capture_on_commit_callbacks(execute=True) a task enqueued after commit
    runs as the callback runs, so the test sees its effect. Never set globally:
    with the callbacks not executed, nothing runs and an on-commit bug would hide."""
    from config.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
