"""Reads for closing, ranking, results pages and exports: querysets and flat row
loaders (values_list + iterator), never a model instance per attempt."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts import tree
from accounts.models import Unit
from contests.models import (
    Attempt,
    AttemptQuestion,
    Contest,
    ContestExclusion,
    ContestStaff,
    RankingGroup,
    Round,
    VoidedQuestion,
)
from core.formatting import money

from .models import (
    Award,
    ClosingStatus,
    ContestClosing,
    ContestResult,
    RegradeRun,
    RoundClosing,
    RoundResult,
    UnitResult,
)

ITERATOR_CHUNK = 20_000
CLOSED = ClosingStatus.CLOSED

# --------------------------------------------------------------------- sweeping


def due_round_ids(now: datetime | None = None) -> list[int]:
    """Rounds (not practice) whose close time has passed and that are not closed
    yet, oldest first. Index: contests_round (closes_at, opens_at)."""
    now = now or timezone.now()
    return list(
        Round.objects.filter(closes_at__lte=now, is_practice=False)
        .exclude(closing__status=CLOSED)
        .order_by("closes_at", "id")
        .values_list("id", flat=True)
    )


def due_contest_ids() -> list[int]:
    """Contests whose every (non-practice) round is closed and whose contest-wide
    results are missing or were computed over fewer rounds."""
    rows = (
        Contest.objects.annotate(
            total=Count("rounds", filter=Q(rounds__is_practice=False)),
            closed=Count(
                "rounds",
                filter=Q(rounds__is_practice=False, rounds__closing__status=CLOSED),
            ),
        )
        .filter(total__gt=0, closed=F("total"))
        .values_list("id", "total")
    )
    done = dict(
        ContestClosing.objects.filter(status=CLOSED).values_list(
            "contest_id", "rounds_included"
        )
    )
    return sorted(cid for cid, total in rows if done.get(cid, -1) < total)


# ------------------------------------------------- shared with closing (awards.inputs)


def excluded_user_ids(contest_id: int) -> set[int]:
    """Contest staff (any role) and excluded people: never awarded."""
    staff = ContestStaff.objects.filter(contest_id=contest_id).values_list(
        "user_id", flat=True
    )
    excluded = ContestExclusion.objects.filter(contest_id=contest_id).values_list(
        "user_id", flat=True
    )
    return set(staff) | set(excluded)


def ranking_groups(contest_id: int) -> dict[int, str]:
    """Ranking group id → name, in the contest's order."""
    return dict(
        RankingGroup.objects.filter(contest_id=contest_id)
        .order_by("position", "id")
        .values_list("id", "name")
    )


def unit_tree() -> list[tuple[int, int | None, int | None, str, str]]:
    """Every unit as (id, parent_id, staff_count, kind, name): one query."""
    return list(
        Unit.objects.values_list("id", "parent_id", "staff_count", "kind", "name")
    )


def award_triples(contest_id: int) -> list[tuple[int, str, str]]:
    """Every quiz award of a contest as (winner, scope, label) for regrade diffs:
    scope names the round / part (and unit winners apart from people)."""
    rows = Award.objects.filter(contest_id=contest_id).exclude(
        part__in=(Award.Part.VIDEO, Award.Part.FINAL)
    )
    triples = []
    for part, round_id, group, tier, user_id, unit_id, amount in rows.values_list(
        "part",
        "round_id",
        "group",
        "tier_name",
        "winner_user_id",
        "winner_unit_id",
        "amount_vnd",
    ):
        # The scope tells rounds, groups and parts apart, and people from units.
        scope = json.dumps([part, round_id, group, "u" if user_id else "d"])
        label = f"{tier} ({money(amount)})" if amount else tier
        triples.append((user_id or unit_id, scope, label))
    return triples


# ------------------------------------------------------------------------ regrade


def key_changes_since(round_id: int, since: datetime | None) -> list:
    """quizzes.KeyChange rows of questions drawn in the round, after ``since``."""
    from quizzes.models import KeyChange

    drawn = AttemptQuestion.objects.filter(
        question_id=OuterRef("question_id"), attempt__round_id=round_id
    )
    qs = KeyChange.objects.filter(Exists(drawn)).select_related("changed_by")
    if since is not None:
        qs = qs.filter(changed_at__gt=since)
    return list(qs.order_by("changed_at", "id"))


def voided_since(round_: Round, since: datetime | None) -> list[VoidedQuestion]:
    drawn = AttemptQuestion.objects.filter(
        question_id=OuterRef("question_id"), attempt__round_id=round_.id
    )
    qs = VoidedQuestion.objects.filter(Exists(drawn), contest_id=round_.contest_id)
    if since is not None:
        qs = qs.filter(created_at__gt=since)
    return list(qs.select_related("voided_by").order_by("created_at", "id"))


def rounds_needing_regrade(contest_id: int) -> dict[int, int]:
    """Closed rounds of the contest with a key change or a voided question after
    their last ranking: round id → how many such changes."""
    out: dict[int, int] = {}
    for closing in RoundClosing.objects.filter(
        round__contest_id=contest_id, status=CLOSED
    ).select_related("round"):
        found = len(key_changes_since(closing.round_id, closing.ranked_at)) + len(
            voided_since(closing.round, closing.ranked_at)
        )
        if found:
            out[closing.round_id] = found
    return out


# ------------------------------------------------------------------ results pages


def round_closing(round_id: int) -> RoundClosing | None:
    return RoundClosing.objects.filter(pk=round_id).first()


def round_awards(round_id: int) -> list[Award]:
    return list(
        Award.objects.filter(round_id=round_id)
        .select_related("winner_user", "winner_unit", "unit")
        .order_by("part", "group", "tier_index", "rank", "id")
    )


def contest_awards(contest_id: int) -> QuerySet[Award]:
    return (
        Award.objects.filter(contest_id=contest_id)
        .select_related("winner_user", "winner_unit", "unit", "round")
        .order_by("part", "round__closes_at", "round__number", "group", "tier_index")
    )


def results_by_attempt(attempt_ids: list[int]) -> dict[int, RoundResult]:
    return {
        r.attempt_id: r
        for r in RoundResult.objects.filter(attempt_id__in=attempt_ids).select_related(
            "ranking_group"
        )
    }


def contest_results_by_user(contest_id: int, user_ids: list[int]) -> dict:
    return {
        r.user_id: r
        for r in ContestResult.objects.filter(
            contest_id=contest_id, user_id__in=user_ids
        )
    }


def my_result(round_id: int, user_id: int) -> RoundResult | None:
    """The person's row in a closed round (unique (round, user))."""
    return (
        RoundResult.objects.filter(round_id=round_id, user_id=user_id)
        .select_related("ranking_group", "unit", "attempt")
        .first()
    )


def result_at(round_id: int, rank: int) -> RoundResult | None:
    return RoundResult.objects.filter(round_id=round_id, rank=rank).first()


def group_result_at(round_id: int, group_id: int | None, group_rank: int):
    return RoundResult.objects.filter(
        round_id=round_id, ranking_group_id=group_id, group_rank=group_rank
    ).first()


def ranking_page(round_id: int, group_id: int | None = None) -> QuerySet[RoundResult]:
    qs = RoundResult.objects.filter(round_id=round_id).select_related("user", "unit")
    if group_id is not None:
        return qs.filter(ranking_group_id=group_id).order_by("group_rank")
    return qs.order_by("rank")


def provisional_standing(round_id: int, limit: int = 50) -> list[dict]:
    """Top of an open round without the prediction key (the true answer is not
    known before closing): score ↓, duration ↑, submit ↑, id ↑."""
    return list(
        Attempt.objects.filter(round_id=round_id, is_counted=True)
        .order_by("-score", "duration_ms", "submitted_at", "id")
        .values(
            "id",
            "score",
            "question_count",
            "duration_ms",
            "submitted_at",
            "user__full_name",
            "user__username",
            "unit__name",
        )[:limit]
    )


def unit_results(contest_id: int, round_id: int | None) -> list[UnitResult]:
    return list(
        UnitResult.objects.filter(contest_id=contest_id, round_id=round_id)
        .select_related("unit")
        .order_by("unit_kind", "rule", F("rank").asc(nulls_last=True), "unit__name")
    )


def regrades(contest_id: int, limit: int = 20) -> list[RegradeRun]:
    return list(
        RegradeRun.objects.filter(contest_id=contest_id)
        .select_related("round", "run_by")
        .order_by("-run_at", "-id")[:limit]
    )


def public_round_winners(round_id: int) -> list[dict]:
    """A round's individual winners as the public sees them: tier, group, rank,
    name, unit, score, duration, submit time, amount. Never a phone, CCCD or birth
    date. Plain dicts, so the list can be cached."""
    awards = list(
        Award.objects.filter(round_id=round_id, part=Award.Part.ROUND)
        .order_by("group", "tier_index", "rank", "id")
        .values(
            "group",
            "tier_name",
            "rank",
            "amount_vnd",
            "source_id",
            "winner_user__full_name",
            "winner_user__username",
            "unit__name",
        )
    )
    keys = {
        r["attempt_id"]: r
        for r in RoundResult.objects.filter(
            attempt_id__in=[a["source_id"] for a in awards]
        ).values("attempt_id", "score", "gap", "duration_ms", "submitted_at")
    }
    return [
        {
            "group": a["group"],
            "tier": a["tier_name"],
            "rank": a["rank"],
            "amount": a["amount_vnd"],
            "name": a["winner_user__full_name"] or a["winner_user__username"],
            "unit": a["unit__name"] or "",
            **{
                k: keys.get(a["source_id"], {}).get(k)
                for k in ("score", "gap", "duration_ms", "submitted_at")
            },
        }
        for a in awards
    ]


def public_contest_awards(contest_id: int) -> dict[str, list[dict]]:
    """Contest-wide prizes as the public sees them: individual (name, unit,
    totals) and collective / special (unit), as plain dicts."""
    individual = list(
        Award.objects.filter(contest_id=contest_id, part=Award.Part.CONTEST)
        .order_by("group", "tier_index", "rank")
        .values(
            "group",
            "tier_name",
            "rank",
            "amount_vnd",
            "winner_user_id",
            "winner_user__full_name",
            "winner_user__username",
            "unit__name",
        )
    )
    totals = {
        r["user_id"]: r
        for r in ContestResult.objects.filter(
            contest_id=contest_id,
            user_id__in=[a["winner_user_id"] for a in individual],
        ).values("user_id", "total_score", "total_duration_ms", "rounds")
    }
    units = list(
        Award.objects.filter(
            contest_id=contest_id,
            part__in=(Award.Part.COLLECTIVE, Award.Part.SPECIAL),
        )
        .order_by("round__closes_at", "part", "tier_index", "rank")
        .values(
            "part",
            "round__title",
            "tier_name",
            "rank",
            "amount_vnd",
            "winner_unit__name",
        )
    )
    return {
        "individual": [
            {
                "group": a["group"],
                "tier": a["tier_name"],
                "rank": a["rank"],
                "amount": a["amount_vnd"],
                "name": a["winner_user__full_name"] or a["winner_user__username"],
                "unit": a["unit__name"] or "",
                "score": totals.get(a["winner_user_id"], {}).get("total_score"),
                "duration_ms": totals.get(a["winner_user_id"], {}).get(
                    "total_duration_ms"
                ),
                "rounds": totals.get(a["winner_user_id"], {}).get("rounds"),
            }
            for a in individual
        ],
        "units": [
            {
                "part": a["part"],
                "round": a["round__title"] or "",
                "tier": a["tier_name"],
                "rank": a["rank"],
                "amount": a["amount_vnd"],
                "unit": a["winner_unit__name"],
            }
            for a in units
        ],
    }


def last_prize_result(round_id: int, group: str) -> tuple[Award, RoundResult] | None:
    """The lowest-placed individual prize of a round (in a group's allocation when
    ``group`` is set) and its result row: the cut-off a contestant compares with."""
    award = (
        Award.objects.filter(round_id=round_id, part=Award.Part.ROUND, group=group)
        .order_by("-tier_index", "-rank")
        .first()
    )
    if award is None or award.source_id is None:
        return None
    result = RoundResult.objects.filter(pk=award.source_id).first()
    return (award, result) if result else None


def too_fast_winners(contest_id: int) -> dict[int, list[Attempt]]:
    """Per round: the counted attempts that won an individual prize of that round
    although answered impossibly fast (contests.selectors.too_fast_attempts), for
    the organizers to check before they publish."""
    from contests.selectors import too_fast_attempts

    won = Award.objects.filter(
        round_id=OuterRef("round_id"),
        winner_user_id=OuterRef("user_id"),
        part=Award.Part.ROUND,
    )
    flagged: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in (
        too_fast_attempts(contest_id=contest_id)
        .filter(Exists(won), is_counted=True)
        .select_related("user", "round__contest")
    ):
        flagged[attempt.round_id].append(attempt)
    return dict(flagged)


def rounds_with_closing(contest_id: int) -> list[Round]:
    """The contest's rounds in order, each with ``closing`` (None if never closed)
    and ``too_fast_winners`` (see too_fast_winners): two queries."""
    rounds = list(
        Round.objects.filter(contest_id=contest_id)
        .select_related("closing")
        .order_by("number")
    )
    too_fast = too_fast_winners(contest_id)
    for round_ in rounds:
        try:
            round_.closing_record = round_.closing
        except RoundClosing.DoesNotExist:
            round_.closing_record = None
        round_.too_fast_winners = too_fast.get(round_.id, [])
    return rounds


def contests_with_results() -> QuerySet[Contest]:
    """Published contests with at least one published round or contest result."""
    return (
        Contest.objects.filter(is_published=True)
        .filter(
            Q(rounds__closing__published_at__isnull=False)
            | Q(closing__published_at__isnull=False)
        )
        .distinct()
        .order_by("-created_at")
    )


# ------------------------------------------------------------ participation


def participation_attempts(contest: Contest, unit_ids: set[int]) -> QuerySet[Attempt]:
    """Finished attempts of the contest's real rounds made from the given units."""
    return Attempt.objects.filter(
        round__contest=contest, round__is_practice=False, unit_id__in=unit_ids
    ).exclude(status=Attempt.Status.IN_PROGRESS)


@dataclass(frozen=True, slots=True)
class ParticipationLine:
    unit_id: int
    code: str
    name: str
    depth: int
    staff_count: int | None
    contestants: int
    attempts: int
    prizes: int

    @property
    def rate(self) -> Fraction | None:
        """Distinct contestants / staff count (None when the staff is unknown)."""
        if not self.staff_count:
            return None
        return Fraction(self.contestants, self.staff_count)


@dataclass
class ParticipationReport:
    root: Unit
    lines: list[ParticipationLine]
    unit_ids: set[int]
    won: dict[int, list[str]]


def _count_by_subtree_sql(
    attempts: QuerySet[Attempt], pairs: list[tuple[int, int]]
) -> tuple[dict[int, int], Counter]:
    """Distinct contestants and attempts per node, counted by Postgres over
    (unit, node above it) pairs: sets of user ids per node would hold every
    contestant once per level (tens of MB for 100,000 people)."""
    attempts_sql, params = attempts.values("unit_id", "user_id").query.sql_with_params()
    people: dict[int, int] = {}
    tries: Counter = Counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT pair.node, COUNT(DISTINCT a.user_id), COUNT(*)
            FROM ({attempts_sql}) AS a
            JOIN unnest(%s::bigint[], %s::bigint[]) AS pair(unit_id, node)
              ON pair.unit_id = a.unit_id
            GROUP BY pair.node
            """,  # noqa: S608 — the inner SQL is Django's, values are parameters
            (*params, [u for u, _ in pairs], [n for _, n in pairs]),
        )
        for node, contestants, count in cursor.fetchall():
            people[node] = contestants
            tries[node] = count
    return people, tries


def subtree_chain(parents: dict[int, int | None], subtree: set[int]):
    """unit id → the unit and every unit above it inside ``subtree``."""

    def chain(unit_id: int) -> list[int]:
        out, node = [], unit_id
        while node is not None and node in subtree and node not in out:
            out.append(node)
            node = parents.get(node)
        return out

    return chain


def people_and_attempts_by_subtree(
    attempts: QuerySet[Attempt], parents: dict[int, int | None], subtree: set[int]
) -> tuple[dict[int, int], Counter]:
    """Distinct contestants and attempts of ``attempts`` per unit of ``subtree``,
    each counted under its unit and every unit above it inside the subtree (the
    participation report's and insights' roll-up). Postgres counts over (unit,
    node above it) pairs; the embedded SQLite run counts here."""
    chain = subtree_chain(parents, subtree)
    attempts = attempts.filter(unit_id__in=subtree).order_by()
    if connection.vendor == "postgresql":
        return _count_by_subtree_sql(
            attempts, [(uid, node) for uid in subtree for node in chain(uid)]
        )
    seen: dict[int, set[int]] = defaultdict(set)
    tries: Counter = Counter()
    for unit_id, user_id in attempts.values_list("unit_id", "user_id"):
        for node in chain(unit_id):
            seen[node].add(user_id)
            tries[node] += 1
    return {node: len(users) for node, users in seen.items()}, tries


def participation_report(contest: Contest, root: Unit) -> ParticipationReport:
    """Per unit of ``root``'s subtree (tree order): effective staff count, distinct
    contestants and attempts of its whole subtree, individual prizes won; and each
    winner's prizes. One query per table; the tree is walked in Python."""
    tree_rows = unit_tree()
    parents = {uid: parent for uid, parent, *_ in tree_rows}
    subtree = tree.descendants(parents, [root.id])
    effective = tree.effective_staff_counts(
        (uid, parent, staff) for uid, parent, staff, *_ in tree_rows
    )
    names = {uid: name for uid, _p, _s, _k, name in tree_rows}
    codes = dict(Unit.objects.filter(id__in=subtree).values_list("id", "code"))
    chain = subtree_chain(parents, subtree)
    people, tries = people_and_attempts_by_subtree(
        participation_attempts(contest, subtree), parents, subtree
    )
    prizes: Counter = Counter()
    won: dict[int, list[str]] = defaultdict(list)
    for user_id, unit_id, tier, round_title, number in (
        Award.objects.filter(
            contest=contest, part__in=Award.INDIVIDUAL_PARTS, unit_id__in=subtree
        )
        .order_by("round__closes_at", "tier_index")
        .values_list(
            "winner_user_id", "unit_id", "tier_name", "round__title", "round__number"
        )
    ):
        for node in chain(unit_id):
            prizes[node] += 1
        where = round_title or (f"Đợt {number}" if number is not None else "")
        won[user_id].append(f"{tier} ({where})" if where else tier)
    order = tree.tree_order(
        (uid, parents[uid] if parents[uid] in subtree else None, names[uid])
        for uid in subtree
    )
    lines = [
        ParticipationLine(
            unit_id=uid,
            code=codes.get(uid, ""),
            name=names[uid],
            depth=depth,
            staff_count=effective.get(uid),
            contestants=people.get(uid, 0),
            attempts=tries[uid],
            prizes=prizes[uid],
        )
        for uid, depth in order
    ]
    return ParticipationReport(root=root, lines=lines, unit_ids=subtree, won=dict(won))
