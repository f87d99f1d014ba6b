"""How the demo seeding writes: it fills what is missing and never changes what is
there. A contest is created once from its plan; its rounds, prize tiers, reference
documents and ranking groups are created only when the contest has none of that
kind. Running `seed_demo` again after organizers edited, closed or published
anything leaves their work as it is: a round closed early keeps its close time, a
tier they changed stays changed, nothing they added is deleted."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

from accounts.models import ParticipantGroup, Unit

from .. import services
from ..models import Contest, PrizeTier, RankingGroup, ReferenceDocument, Round

TZ = ZoneInfo(settings.TIME_ZONE)
G = ParticipantGroup
IND, COL = PrizeTier.Part.INDIVIDUAL, PrizeTier.Part.COLLECTIVE
PER_ROUND, WHOLE = PrizeTier.Scope.ROUND, PrizeTier.Scope.CONTEST
LATER = "Số lượng, giá trị giải do Thể lệ cuộc thi quy định."


def contest(slug: str, **fields) -> Contest:
    """The contest ``slug``, created with ``fields`` when it does not exist yet."""
    found, _ = Contest.objects.get_or_create(slug=slug, defaults=fields)
    return found


def documents(contest: Contest, titles: list[str]) -> None:
    if contest.documents.exists():
        return
    for position, title in enumerate(titles):
        ReferenceDocument.objects.create(
            contest=contest, position=position, title=title
        )


def tiers(contest: Contest, rows: list[dict]) -> None:
    if contest.prize_tiers.exists():
        return
    for row in rows:
        PrizeTier.objects.create(contest=contest, **row)


def ranking_groups(contest: Contest, rows: list[dict]) -> None:
    if contest.ranking_groups.exists():
        return
    for position, row in enumerate(rows):
        RankingGroup.objects.create(contest=contest, position=position, **row)


def rounds(contest: Contest, rows: list[dict]) -> None:
    """Create ``rows`` (Round fields) when the contest has no round yet."""
    if contest.rounds.exists():
        return
    for row in rows:
        Round.objects.create(contest=contest, **row)


def schedule(contest: Contest, **kwargs) -> None:
    """A schedule of rounds (services.create_round_schedule) for a contest that has
    no round yet: that service moves existing rounds, which must never happen to a
    round organizers have run or closed."""
    if not contest.rounds.exists():
        services.create_round_schedule(contest, **kwargs)


def single_round(contest: Contest, title: str, opens, closes) -> None:
    rounds(
        contest, [{"number": 1, "title": title, "opens_at": opens, "closes_at": closes}]
    )


def at(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime.datetime:
    return datetime.datetime(y, m, d, hh, mm, tzinfo=TZ)


def unit(kind: str, name_part: str) -> Unit | None:
    return Unit.objects.filter(kind=kind, name__icontains=name_part).first()
