"""Demo contests: the five seed contests (shared/seeds/) configured as their plans
state, and one demo contest open now on the demo question bank.

Facts (dates, prizes, amounts, documents, who may enter) come from the seed texts
only. Where a plan leaves something to its later rules (thể lệ), it is left empty
(count 0, amount 0) and the note says so. Where a plan gives only a month or a
deadline, the dates chosen inside it are said on stdout and in the contest text.

Safe to run again, and it keeps what people did (filling.py): it creates what is
missing and never updates, moves or deletes what exists, so a round organizers
closed and published stays closed and published.
"""

from __future__ import annotations

from accounts.models import User

from ..models import Contest, ContestStaff
from . import ben_tre, open_now, plans
from .open_now import PRACTICE_BANK_NAME

DEMO_SLUG = open_now.SLUG
SEED_SLUGS = (
    ben_tre.SLUG,
    "bac-kan-2023",
    "thanh-hoa-2024",
    "dak-lak-2023",
    "bac-son-2023",
    DEMO_SLUG,
)
# Demo logins made by accounts/demo.py and their role on every demo contest:
# rights are per contest (contests.permissions), so without these rows the demo
# organizer could neither close nor publish anything.
DEMO_STAFF = (
    ("bantochuc", ContestStaff.Role.ORGANIZER),
    ("thuky", ContestStaff.Role.SECRETARY),
)

__all__ = ["DEMO_SLUG", "DEMO_STAFF", "PRACTICE_BANK_NAME", "SEED_SLUGS", "seed"]


def seed(stdout) -> None:
    """Configure the five seed contests and the open demo contest. Creates only
    what is missing; re-running changes nothing that exists."""
    stdout.write("Cuộc thi:")
    ben_tre.seed(stdout)
    plans.bac_kan(stdout)
    plans.thanh_hoa(stdout)
    plans.dak_lak(stdout)
    plans.bac_son(stdout)
    open_now.seed(stdout)
    _staff(stdout)


def _staff(stdout) -> None:
    contests = list(Contest.objects.filter(slug__in=SEED_SLUGS))
    for username, role in DEMO_STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        for contest in contests:
            ContestStaff.objects.get_or_create(contest=contest, user=user, role=role)
        stdout.write(
            f"  {user.username}: {ContestStaff.Role(role).label} của "
            f"{len(contests)} cuộc thi mẫu"
        )
