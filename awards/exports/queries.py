"""The reads behind the award reports: flat rows and small lookups, streamed with
``iterator`` where a report can reach 100,000 rows. The shared reads (awards of a
round or contest, unit results, the participation report) stay in
awards.selectors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.apps import apps
from django.db.models import Count, Max

from accounts import tree
from accounts.models import Unit, User
from contests.models import Contest, Round

from .. import selectors
from ..models import Award, ExportJob, RoundResult, UnitResult
from .base import Person, person, person_columns


def people(user_ids: Iterable[int], *, personal: bool) -> dict[int, Person]:
    """The award winners' columns, masked unless ``personal``."""
    return {
        pk: person(*values, personal=personal)
        for pk, *values in User.objects.filter(pk__in=set(user_ids)).values_list(
            "pk", *person_columns()
        )
    }


def results_by_attempt(attempt_ids: Iterable[int]) -> dict[int, RoundResult]:
    return RoundResult.objects.in_bulk(list(attempt_ids), field_name="attempt_id")


def final_players(player_ids: list[int]) -> dict[int, tuple]:
    """The live final's players behind its awards (source_id), read through the
    app registry: the live app writes awards, awards does not import it.
    (number, full name, still in, question number they fell at, correct count)"""
    if not apps.is_installed("live"):
        return {}
    player_model = apps.get_model("live", "LivePlayer")
    return {
        row[0]: row[1:]
        for row in player_model.objects.filter(pk__in=player_ids).values_list(
            "id", "number", "full_name", "is_in", "out_run__number", "correct_count"
        )
    }


def ranked_scopes(contest: Contest) -> list[Round | None]:
    """The whole contest, then each round that ranks units, by closing time."""
    return [None] + [
        r
        for r in Round.objects.filter(contest=contest).order_by("closes_at", "number")
        if UnitResult.objects.filter(contest=contest, round=r).exists()
    ]


def unit_prizes(contest: Contest, scope: Round | None) -> dict[tuple, Award]:
    """Collective and special prizes of a scope by (unit id, part)."""
    return {
        (a.winner_unit_id, a.part): a
        for a in Award.objects.filter(
            contest=contest,
            round=scope,
            part__in=(Award.Part.COLLECTIVE, Award.Part.SPECIAL),
        )
    }


def ranking_rows(round_: Round) -> Iterator[tuple]:
    """A round's full ranking, one flat row per person, streamed:
    rank, group rank, PERSON_FIELDS…, unit, score, prediction, gap, duration,
    submitted at."""
    return (
        RoundResult.objects.filter(round=round_)
        .order_by("rank")
        .values_list(
            "rank",
            "group_rank",
            *person_columns("user__"),
            "unit__name",
            "score",
            "prediction",
            "gap",
            "duration_ms",
            "submitted_at",
        )
        .iterator(chunk_size=5000)
    )


def participant_rows(contest: Contest, unit_ids: set[int]) -> Iterator[tuple]:
    """The contestants of a unit subtree, streamed by name: user id,
    PERSON_FIELDS…, attempts, best score, unit name."""
    return (
        selectors.participation_attempts(contest, unit_ids)
        .order_by("user__full_name", "user_id")
        .values_list("user_id", *person_columns("user__"))
        .annotate(n=Count("id"), best=Max("score"), unit=Max("unit__name"))
        .iterator(chunk_size=5000)
    )


def subtree(unit: Unit) -> set[int]:
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    return tree.descendants(parents, [unit.id])


def rows_expected(kind: str, contest: Contest, round_, unit) -> int:
    """A cheap estimate of the rows to write, for the progress bar."""
    if kind == ExportJob.Kind.RANKING:
        return RoundResult.objects.filter(round=round_).count()
    if kind == ExportJob.Kind.PARTICIPATION:
        return (
            selectors.participation_attempts(contest, subtree(unit))
            .values("user_id")
            .distinct()
            .count()
        )
    if kind == ExportJob.Kind.COLLECTIVE:
        return UnitResult.objects.filter(contest=contest).count()
    qs = Award.objects.filter(contest=contest)
    if kind == ExportJob.Kind.ROUND:
        qs = qs.filter(round=round_, part=Award.Part.ROUND)
    return qs.count()
