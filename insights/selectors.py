"""Reads of the insights app. The attempt queries here run in the beat sweep's
tasks (and once per contest-week for the Monday report), never per page view:
pages read the stored rows (models) and the unit tree."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from accounts import tree
from accounts.models import Unit
from awards.selectors import people_and_attempts_by_subtree, unit_tree
from contests.models import Attempt, Contest, Round

from . import figures
from .models import DailySnapshot, WeeklyReport


@dataclass(frozen=True)
class ContestTree:
    """The units a contest counts (its unit root's subtree, or every unit),
    with effective staff counts (own, or the sum below), in tree order."""

    parents: dict[int, int | None]
    names: dict[int, str]
    codes: dict[int, str]
    staff: dict[int, int | None]
    units: set[int]
    order: list[tuple[int, int]]  # (unit id, depth below the contest's root)

    @property
    def roots(self) -> list[int]:
        return [uid for uid, depth in self.order if depth == 0]

    def children(self, unit_id: int) -> list[int]:
        return [uid for uid, _ in self.order if self.parents.get(uid) == unit_id]

    def depth_of(self, unit_id: int) -> int:
        return dict(self.order).get(unit_id, 0)

    def total_staff(self) -> int | None:
        known = [self.staff[r] for r in self.roots if self.staff.get(r) is not None]
        return sum(known) if known else None


def contest_tree(contest: Contest) -> ContestTree:
    """Two queries: the unit tree and the codes."""
    rows = unit_tree()
    parents = {uid: parent for uid, parent, *_ in rows}
    names = {uid: name for uid, _p, _s, _k, name in rows}
    staff = tree.effective_staff_counts((uid, p, s) for uid, p, s, *_ in rows)
    if contest.unit_root_id is not None:
        units = tree.descendants(parents, [contest.unit_root_id])
    else:
        units = set(parents)
    order = tree.tree_order(
        (uid, parents[uid] if parents[uid] in units else None, names[uid])
        for uid in units
    )
    codes = dict(Unit.objects.filter(id__in=units).values_list("id", "code"))
    return ContestTree(parents, names, codes, staff, units, order)


def finished_attempts(contest_id: int) -> QuerySet[Attempt]:
    """Finished attempts of the contest's real rounds (practice never counts)."""
    return Attempt.objects.filter(
        round__contest_id=contest_id, round__is_practice=False
    ).exclude(status=Attempt.Status.IN_PROGRESS)


# figures.band_of in SQL: integer comparisons, no rounding.
_BAND = Case(
    When(score__gte=F("question_count"), then=Value(3)),
    When(GreaterThanOrEqual(F("score") * 5, F("question_count") * 4), then=Value(2)),
    When(GreaterThanOrEqual(F("score") * 2, F("question_count")), then=Value(1)),
    default=Value(0),
    output_field=IntegerField(),
)


def _bands_by_unit(attempts: QuerySet[Attempt]) -> tuple[dict, list[int]]:
    """Attempts per (unit, score band) → ({unit: [b0..b3]}, overall [b0..b3])."""
    per_unit: dict[int, list[int]] = defaultdict(lambda: [0] * len(figures.BANDS))
    overall = [0] * len(figures.BANDS)
    rows = (
        attempts.order_by()
        .annotate(band=_BAND)
        .values_list("unit_id", "band")
        .annotate(n=Count("id"))
    )
    for unit_id, band, n in rows:
        overall[band] += n
        if unit_id is not None:
            per_unit[unit_id][band] += n
    return per_unit, overall


def week_figures(
    contest: Contest,
    units: ContestTree,
    start: datetime.datetime,
    end: datetime.datetime,
) -> dict:
    """The stored payload of a WeeklyReport: per unit of the contest's tree
    {"s": staff, "c": contestants up to ``end``, "p": people within [start, end),
    "a": attempts within, "b": attempts per score band within}, and the same for
    the whole contest (attempts made without a unit included) under "total"."""
    upto = finished_attempts(contest.id).filter(submitted_at__lt=end)
    week = upto.filter(submitted_at__gte=start)
    parents, subtree = units.parents, units.units
    contestants, _ = people_and_attempts_by_subtree(upto, parents, subtree)
    people, tries = people_and_attempts_by_subtree(week, parents, subtree)
    per_unit, overall = _bands_by_unit(week)
    bands = figures.roll_up(per_unit, parents, subtree, len(figures.BANDS))
    data = {
        str(uid): {
            "s": units.staff.get(uid),
            "c": contestants.get(uid, 0),
            "p": people.get(uid, 0),
            "a": tries[uid],
            "b": bands[uid],
        }
        for uid in subtree
    }
    total = {
        "s": units.total_staff(),
        "c": upto.order_by().values("user_id").distinct().count(),
        "p": week.order_by().values("user_id").distinct().count(),
        "a": sum(overall),
        "b": overall,
    }
    return {"units": data, "total": total}


_SCORE_BIN = ExpressionWrapper(
    F("score") * (figures.SCORE_BINS - 1) / F("question_count"),
    output_field=IntegerField(),
)


def dashboard_figures(contest: Contest, units: ContestTree, until) -> dict:
    """The stored payload of a DailySnapshot: every figure of the dashboard for
    the attempts finished before ``until``."""
    base = finished_attempts(contest.id).filter(submitted_at__lt=until).order_by()
    totals = base.aggregate(
        attempts=Count("id"),
        people=Count("user_id", distinct=True),
        perfect=Count("id", filter=Q(score__gte=F("question_count"))),
    )
    return {
        "totals": totals,
        "days": _per_day(base),
        "rounds": _per_round(contest, base),
        "units": _per_unit(base, units),
        "scores": _score_bins(base),
        "predictions": figures.histogram(
            base.filter(is_counted=True, prediction__isnull=False).values_list(
                "prediction", flat=True
            )
        ),
    }


def _per_day(base: QuerySet[Attempt]) -> list[list]:
    """[day, attempts, people active that day, people's first day, cumulative]."""
    zone = timezone.get_current_timezone()
    rows = (
        base.annotate(day=TruncDate("submitted_at", tzinfo=zone))
        .values_list("day")
        .annotate(attempts=Count("id"), people=Count("user_id", distinct=True))
        .order_by("day")
    )
    firsts = Counter(
        timezone.localtime(first).date()
        for first in base.values("user_id")
        .annotate(first=Min("submitted_at"))
        .values_list("first", flat=True)
    )
    out, running = [], 0
    for day, attempts, people in rows:
        running += firsts[day]
        out.append([day.isoformat(), attempts, people, firsts[day], running])
    return out


def _per_round(contest: Contest, base: QuerySet[Attempt]) -> list[list]:
    """[number, title, attempts, people] for every real round, in order."""
    counts = {
        rid: (a, p)
        for rid, a, p in base.values_list("round_id").annotate(
            a=Count("id"), p=Count("user_id", distinct=True)
        )
    }
    rounds = Round.objects.filter(contest=contest, is_practice=False).order_by("number")
    return [[r.number, str(r), *counts.get(r.id, (0, 0))] for r in rounds]


def _per_unit(base: QuerySet[Attempt], units: ContestTree) -> dict[str, list]:
    """unit id → [staff, contestants of its subtree, attempts of its subtree]."""
    people, tries = people_and_attempts_by_subtree(base, units.parents, units.units)
    return {
        str(uid): [units.staff.get(uid), people.get(uid, 0), tries[uid]]
        for uid in units.units
    }


def _score_bins(base: QuerySet[Attempt]) -> list[int]:
    bins = [0] * figures.SCORE_BINS
    for bin_, n in (
        base.annotate(bin=_SCORE_BIN).values_list("bin").annotate(n=Count("id"))
    ):
        bins[min(max(bin_, 0), figures.SCORE_BINS - 1)] += n
    return bins


# ----------------------------------------------------------------- stored rows


def latest_snapshot(contest_id: int) -> DailySnapshot | None:
    return DailySnapshot.objects.filter(contest_id=contest_id).order_by("-day").first()


def snapshot_days(contest_id: int) -> list[datetime.date]:
    return list(
        DailySnapshot.objects.filter(contest_id=contest_id)
        .order_by("-day")
        .values_list("day", flat=True)
    )


def snapshot_of(contest_id: int, day: datetime.date) -> DailySnapshot | None:
    return DailySnapshot.objects.filter(contest_id=contest_id, day=day).first()


def stored_report(contest_id: int, start: datetime.date) -> WeeklyReport | None:
    return WeeklyReport.objects.filter(contest_id=contest_id, week_start=start).first()


def _rounds_open_during(start: datetime.datetime, end: datetime.datetime):
    return Round.objects.filter(
        is_practice=False, opens_at__lt=end, closes_at__gt=start
    )


def active_contest_ids(start: datetime.datetime, end: datetime.datetime) -> list[int]:
    """Contests with a real round open at some moment of [start, end)."""
    return sorted(
        set(_rounds_open_during(start, end).values_list("contest_id", flat=True))
    )


def ran_during(contest_id: int, start, end) -> bool:
    """Whether a real round of the contest was open at some moment of [start, end)."""
    return _rounds_open_during(start, end).filter(contest_id=contest_id).exists()


def organizer_emails(contest_id: int) -> list[str]:
    """The e-mail addresses of the contest's organizers (ContestStaff), sorted."""
    from contests.models import ContestStaff

    return sorted(
        set(
            ContestStaff.objects.filter(
                contest_id=contest_id,
                role=ContestStaff.Role.ORGANIZER,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
