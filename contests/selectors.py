"""Reads: querysets and small row loaders for contests and attempts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import (
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from accounts.services import UnitChangeReview
from quizzes.models import Choice, Question

from .models import (
    Attempt,
    AttemptQuestion,
    Contest,
    ContestExclusion,
    ContestStaff,
    Round,
    VoidedQuestion,
)

MSG_COMPETING_IN = _("Đang dự thi «%(contest)s».")


def published_contests() -> QuerySet[Contest]:
    return Contest.objects.filter(is_published=True)


def open_rounds(now: datetime | None = None) -> QuerySet[Round]:
    """Rounds of published contests open at ``now``, soonest closing first."""
    now = now or timezone.now()
    return (
        Round.objects.filter(
            contest__is_published=True, opens_at__lte=now, closes_at__gt=now
        )
        .select_related("contest")
        .order_by("closes_at", "contest_id", "number")
    )


@dataclass(frozen=True, slots=True)
class PersonInContest:
    unit_name: str | None
    unit_path: tuple[int, ...]
    is_staff: bool
    is_excluded: bool


def person_in_contest(contest_id: int, user_id: int, unit_id: int | None):
    """What the start check reads about a person, in one round trip: their unit's
    name and path to the root (nearest first), and whether they are the
    contest's staff or excluded from it. Plain SQL that SQLite (the embedded
    run) understands as well: one row per unit of the path, at least one row."""
    table = connection.ops.quote_name(Unit._meta.db_table)
    staff = connection.ops.quote_name(ContestStaff._meta.db_table)
    exclusion = connection.ops.quote_name(ContestExclusion._meta.db_table)
    sql = f"""
        WITH RECURSIVE path(id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM {table} WHERE id = %s
            UNION ALL
            SELECT u.id, u.parent_id, path.depth + 1
            FROM {table} u JOIN path ON u.id = path.parent_id
            WHERE path.depth < 50
        )
        SELECT
            EXISTS (SELECT 1 FROM {staff} WHERE contest_id = %s AND user_id = %s),
            EXISTS (SELECT 1 FROM {exclusion} WHERE contest_id = %s AND user_id = %s),
            (SELECT name FROM {table} WHERE id = %s),
            path.id
        FROM (SELECT 1 AS one) AS one LEFT JOIN path ON 1 = 1
        ORDER BY path.depth
    """  # noqa: S608 - table names come from the models, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [unit_id, contest_id, user_id, contest_id, user_id, unit_id]
        )
        rows = cursor.fetchall()
    is_staff, is_excluded, name, _ = rows[0]
    return PersonInContest(
        unit_name=name,
        unit_path=tuple(row[3] for row in rows if row[3] is not None),
        is_staff=bool(is_staff),
        is_excluded=bool(is_excluded),
    )


def attempts_of(user_id: int) -> QuerySet[Attempt]:
    """A person's attempts, newest first ("Bài thi của tôi")."""
    return (
        Attempt.objects.filter(user_id=user_id)
        .select_related("round__contest")
        .order_by("-started_at")
    )


def attempt_questions(attempt_id: int) -> list[AttemptQuestion]:
    """The drawn questions in page order, with what was shown (one query)."""
    return list(
        AttemptQuestion.objects.filter(attempt_id=attempt_id)
        .select_related("snapshot")
        .order_by("position")
    )


def due_attempt_ids(now: datetime | None = None, limit: int = 5000) -> list[int]:
    """Open attempts whose deadline has passed, oldest deadline first
    (partial index contests_attempt_open_due)."""
    now = now or timezone.now()
    return list(
        Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline__lte=now)
        .order_by("deadline")
        .values_list("id", flat=True)[:limit]
    )


def _score_sql(attempt_id: str) -> str:
    """The one definition of a score: the drawn questions of the attempt whose id is
    the SQL ``attempt_id`` that score, because the chosen choice is correct under
    the current key or the question is voided in the contest (the one parameter).
    Plain SQL, as SQLite reads it too: a submit runs it, and building it through
    the ORM cost a millisecond of every submit, the same for everyone."""
    drawn = connection.ops.quote_name(AttemptQuestion._meta.db_table)
    choice = connection.ops.quote_name(Choice._meta.db_table)
    voided = connection.ops.quote_name(VoidedQuestion._meta.db_table)
    return f"""
        SELECT COUNT(*) FROM {drawn} AS aq
         WHERE aq.attempt_id = {attempt_id}
           AND (EXISTS (SELECT 1 FROM {choice} AS c
                         WHERE c.question_id = aq.question_id
                           AND c.position = aq.answer AND c.is_correct)
                OR EXISTS (SELECT 1 FROM {voided} AS v
                            WHERE v.contest_id = %s AND v.question_id = aq.question_id))
    """  # noqa: S608 - table names come from the models, values are parameters


def score_of(attempt_id: int, contest_id: int) -> int:
    """Correct answers of one attempt, from its stored answers and the current keys."""
    with connection.cursor() as cursor:
        cursor.execute(_score_sql("%s"), [attempt_id, contest_id])
        return cursor.fetchone()[0]


def score_subquery(contest_id: int) -> RawSQL:
    """Each attempt's score as a subquery on the attempt row, for one UPDATE per
    round."""
    attempt_id = connection.ops.quote_name(Attempt._meta.db_table) + '."id"'
    sql = f"({_score_sql(attempt_id)})"
    return RawSQL(sql, [contest_id], output_field=IntegerField())  # noqa: S611


def correct_positions(question_ids: list[int]) -> dict[int, int]:
    """question id → canonical position of its correct choice (review after close)."""
    return dict(
        Choice.objects.filter(
            question_id__in=question_ids, is_correct=True
        ).values_list("question_id", "position")
    )


def voided_question_ids(contest_id: int, question_ids: list[int]) -> set[int]:
    return set(
        VoidedQuestion.objects.filter(
            contest_id=contest_id, question_id__in=question_ids
        ).values_list("question_id", flat=True)
    )


def too_fast_filter() -> Q:
    """Finished attempts whose duration is under the contest's minimum seconds per
    question (rules.is_too_fast, as one SQL condition)."""
    return Q(
        duration_ms__isnull=False,
        round__contest__min_seconds_per_question__gt=0,
        duration_ms__lt=F("question_count")
        * F("round__contest__min_seconds_per_question")
        * 1000,
    )


def too_fast_attempts(
    *, contest_id: int | None = None, round_id: int | None = None
) -> QuerySet[Attempt]:
    """Attempts answered impossibly fast, for the organizers to review before they
    confirm prizes (admin: Lượt thi → "Làm bài quá nhanh"). Counted ones first."""
    qs = Attempt.objects.filter(too_fast_filter())
    if contest_id is not None:
        qs = qs.filter(round__contest_id=contest_id)
    if round_id is not None:
        qs = qs.filter(round_id=round_id)
    return qs.order_by("-is_counted", "duration_ms", "id")


# ------------------------------------------------------------------ practice banks
# A practice round allows unlimited attempts and shows its score and key at once, so
# none of its questions may be a graded round's question (same row, or the same
# normalised text, Question.text_key, in another bank): 145 one-question practice
# attempts would otherwise recover a graded bank's keys. Contest.clean refuses such a
# configuration; banks change later (imports, edits), so the draw and the review
# check again with graded_text_keys().


def graded_bank_ids(
    *, include: int | None = None, exclude: int | None = None
) -> list[int]:
    """Banks graded rounds draw from (every contest's ``bank``), leaving out contest
    ``exclude``'s stored one and adding ``include`` (a form's unsaved value)."""
    contests = Contest.objects.exclude(bank=None)
    if exclude is not None:
        contests = contests.exclude(pk=exclude)
    ids = set(contests.values_list("bank_id", flat=True))
    if include is not None:
        ids.add(include)
    return sorted(ids)


def practice_bank_ids(*, exclude: int | None = None) -> list[int]:
    """Banks practice rounds draw from, leaving out contest ``exclude``'s."""
    contests = Contest.objects.exclude(practice_bank=None)
    if exclude is not None:
        contests = contests.exclude(pk=exclude)
    return sorted(set(contests.values_list("practice_bank_id", flat=True)))


def graded_text_keys() -> QuerySet:
    """The text keys of every graded bank's questions, as a subquery (no round trip
    of its own)."""
    return Question.objects.filter(
        bank_id__in=Contest.objects.exclude(bank=None).values("bank_id")
    ).values("text_key")


@dataclass(frozen=True, slots=True)
class PracticeOverlap:
    count: int
    practice_bank: str
    graded_bank: str
    examples: tuple[Question, ...]


def practice_overlap(
    practice_bank_ids: list[int], graded_bank_ids: list[int], *, examples: int = 3
) -> PracticeOverlap | None:
    """The active questions of the practice banks whose normalised text is a
    question of a graded bank (the same question included), or None."""
    if not practice_bank_ids or not graded_bank_ids:
        return None
    graded = Question.objects.filter(
        bank_id__in=graded_bank_ids, text_key=OuterRef("text_key")
    )
    clashing = Question.objects.filter(
        bank_id__in=practice_bank_ids, is_active=True
    ).filter(Exists(graded))
    count = clashing.count()
    if not count:
        return None
    shown = tuple(clashing.select_related("bank").order_by("id")[:examples])
    twin = (
        Question.objects.filter(bank_id__in=graded_bank_ids, text_key=shown[0].text_key)
        .select_related("bank")
        .order_by("id")
        .first()
    )
    return PracticeOverlap(
        count=count,
        practice_bank=str(shown[0].bank),
        graded_bank=str(twin.bank),
        examples=shown,
    )


def graded_question_ids(question_ids: list[int]) -> set[int]:
    """Those of ``question_ids`` whose text is now a graded bank's question."""
    return set(
        Question.objects.filter(
            id__in=question_ids, text_key__in=graded_text_keys()
        ).values_list("id", flat=True)
    )


def open_attempt_count(round_id: int, now: datetime | None = None) -> int:
    """Attempts of the round being taken now (open, deadline not passed)."""
    now = now or timezone.now()
    return Attempt.objects.filter(
        round_id=round_id, status=Attempt.Status.IN_PROGRESS, deadline__gt=now
    ).count()


def unit_change_review(user) -> UnitChangeReview:
    """accounts' check before a person changes their unit: never a refusal (each
    attempt keeps the unit it started with), but a note naming the contests they
    have attempts in that still have a round to close, for the organizers' log."""
    running = Round.objects.filter(
        contest_id=OuterRef("pk"), is_practice=False, closes_at__gt=timezone.now()
    )
    titles = (
        Contest.objects.filter(
            Exists(Attempt.objects.filter(round__contest_id=OuterRef("pk"), user=user))
        )
        .filter(Exists(running))
        .order_by("title")
        .values_list("title", flat=True)
    )
    return UnitChangeReview(
        notes=tuple(MSG_COMPETING_IN % {"contest": title} for title in titles)
    )
