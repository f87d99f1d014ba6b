"""Fixtures of the certificate tests: a contest of the cast's organizer and
secretary with a closed round whose three prizes went to contestant_a, contestant_b
and a third person, certificates issued after the closing committed."""

import datetime
import shutil
import subprocess

import pytest
from django.core.cache import cache

from awards import services as award_services
from certificates.models import Certificate
from tests.factories import UserFactory
from tests.factories.awards import closed_round, finished_attempt, round_tiers
from tests.factories.contests import ContestFactory, staff_on

TOOLS = ("pdftoppm", "pdftotext", "pdffonts", "zbarimg")


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_limits():
    """The verification page's per-address counts live in this worktree's Redis
    database: every test starts with none."""
    cache.clear()


@pytest.fixture
def contest(organizer, secretary):
    contest = ContestFactory(
        slug="chuyen-doi-so-ben-tre",
        title="Cuộc thi tìm hiểu về chuyển đổi số tỉnh Bến Tre năm 2024",
        organizer_name="Liên đoàn Lao động tỉnh Bến Tre",
    )
    round_tiers(contest)
    return staff_on(contest, organizer=organizer, secretary=secretary)


@pytest.fixture
def third(unit_b):
    return UserFactory(full_name="Trần Thị Ánh Nguyệt", unit=unit_b)


@pytest.fixture
def closed(
    contest, contestant_a, contestant_b, third, django_capture_on_commit_callbacks
):
    """Round 1 closed: contestant_a Nhất, contestant_b Nhì, third Ba."""
    contestant_a.full_name = "Nguyễn Thị Hằng Đắk"
    contestant_a.save(update_fields=["full_name"])
    round_ = closed_round(contest, number=1)
    finished_attempt(round_, contestant_a, score=20)
    finished_attempt(round_, contestant_b, score=18)
    finished_attempt(round_, third, score=15)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = award_services.close_round(
            round_.id, now=round_.closes_at + datetime.timedelta(minutes=1)
        )
    assert outcome.status == "closed"
    return round_


@pytest.fixture
def published(closed, organizer):
    award_services.publish_round(closed.id, user=organizer)
    return closed


def certificate_of(user) -> Certificate:
    return Certificate.objects.get(winner_user=user)


@pytest.fixture(scope="session")
def pdf_tools():
    missing = [t for t in TOOLS if shutil.which(t) is None]
    assert not missing, f"bin/ensure-system-packages installs {missing}"


def run(*command: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        command, input=stdin, capture_output=True, check=True, timeout=60
    ).stdout
