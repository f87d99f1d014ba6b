"""Reads for the review: flat rows and SQL aggregates over a round's attempts,
never a model instance per attempt (a round may hold a million)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from contests.models import Attempt, AttemptQuestion, Round, VoidedQuestion
from contests.selectors import too_fast_filter
from quizzes.models import Choice

from . import fairplay
from .models import AccessRecord, ReviewCase, RoundReview
from .stats import Cell

CHUNK = 20_000

_A = Attempt._meta.db_table
_AQ = AttemptQuestion._meta.db_table
_C = Choice._meta.db_table
_V = VoidedQuestion._meta.db_table

# Each person's first finished attempt; per drawn question, whether it is right
# by the current key (a voided question counts as right, as scoring does); the
# attempt's total over the same; then one count per (question, answer, rest, mark).
_CELLS_SQL = f"""
WITH firsts AS (
    SELECT DISTINCT ON (user_id) id
    FROM {_A}
    WHERE round_id = %(round)s AND status <> 'in_progress'
    ORDER BY user_id, number
), marks AS (
    SELECT aq.attempt_id, aq.question_id, aq.answer,
           (c.question_id IS NOT NULL OR v.question_id IS NOT NULL)::int AS mark
    FROM {_AQ} aq
    JOIN firsts f ON f.id = aq.attempt_id
    LEFT JOIN {_C} c
      ON c.question_id = aq.question_id AND c.position = aq.answer AND c.is_correct
    LEFT JOIN {_V} v
      ON v.question_id = aq.question_id AND v.contest_id = %(contest)s
), totals AS (
    SELECT attempt_id, sum(mark) AS total FROM marks GROUP BY attempt_id
)
SELECT m.question_id, m.answer, t.total - m.mark AS rest, count(*), m.mark
FROM marks m JOIN totals t ON t.attempt_id = m.attempt_id
GROUP BY 1, 2, 3, 5
"""  # noqa: S608 - table names come from the models, values are parameters


def stats_cells(round_: Round) -> tuple[list[Cell], int]:
    """The (question, answer, rest-score) counts of a round's first attempts and
    how many first attempts there are: one aggregate query."""
    with connection.cursor() as cursor:
        cursor.execute(_CELLS_SQL, {"round": round_.id, "contest": round_.contest_id})
        cells = [Cell(*row) for row in cursor.fetchall()]
    attempts = (
        Attempt.objects.filter(round_id=round_.id)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .values("user_id")
        .distinct()
        .count()
    )
    return cells, attempts


def keys_of(question_ids: list[int]) -> dict[int, int | None]:
    """question id → the correct Choice.position now."""
    keys: dict[int, int | None] = dict.fromkeys(question_ids)
    keys.update(
        Choice.objects.filter(
            question_id__in=question_ids, is_correct=True
        ).values_list("question_id", "position")
    )
    return keys


def voided_ids(round_: Round, question_ids: list[int]) -> set[int]:
    return set(
        VoidedQuestion.objects.filter(
            contest_id=round_.contest_id, question_id__in=question_ids
        ).values_list("question_id", flat=True)
    )


def question_texts(question_ids: list[int]) -> dict[int, tuple[str, list[str]]]:
    """question id → (text, choice texts in position order)."""
    from quizzes.models import Question

    texts = {
        q.pk: (q.text, [c.text for c in sorted(q.choices.all(), key=_position)])
        for q in Question.objects.filter(pk__in=question_ids).prefetch_related(
            "choices"
        )
    }
    return texts


def _position(choice: Choice) -> int:
    return choice.position


# ------------------------------------------------------------------ fair play

# Per answered question of a counted attempt: the time since the previous answer
# (or the start); per question, the median of those; per attempt, how many of its
# answers came under RATIO x that median, and its own median.
_PACE_SQL = f"""
WITH counted AS (
    SELECT id, user_id, started_at, duration_ms, question_count
    FROM {_A} WHERE round_id = %(round)s AND is_counted
), gaps AS (
    SELECT aq.attempt_id, aq.question_id,
           extract(epoch FROM aq.answered_at - coalesce(
               lag(aq.answered_at) OVER (
                   PARTITION BY aq.attempt_id ORDER BY aq.answered_at, aq.position),
               a.started_at)) * 1000 AS ms
    FROM {_AQ} aq JOIN counted a ON a.id = aq.attempt_id
    WHERE aq.answered_at IS NOT NULL
), usual AS (
    SELECT question_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms
    FROM gaps GROUP BY question_id
)
SELECT g.attempt_id, count(*),
       count(*) FILTER (WHERE g.ms < %(ratio)s * u.ms),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY g.ms),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY u.ms)
FROM gaps g JOIN usual u ON u.question_id = g.question_id
GROUP BY g.attempt_id
"""  # noqa: S608 - table names come from the models, values are parameters


def paces(round_: Round) -> list[fairplay.Pace]:
    with connection.cursor() as cursor:
        cursor.execute(_PACE_SQL, {"round": round_.id, "ratio": fairplay.FAST_RATIO})
        timing = {row[0]: row[1:] for row in cursor.fetchall()}
    below = set(
        Attempt.objects.filter(
            too_fast_filter(), round_id=round_.id, is_counted=True
        ).values_list("id", flat=True)
    )
    rows = Attempt.objects.filter(round_id=round_.id, is_counted=True).values_list(
        "id", "user_id", "duration_ms", "question_count"
    )
    out = []
    for aid, uid, duration, count in rows.iterator(chunk_size=CHUNK):
        answered, fast, median, usual = timing.get(aid, (0, 0, None, None))
        out.append(
            fairplay.Pace(
                aid,
                uid,
                answered,
                fast,
                None if median is None else int(median),
                None if usual is None else int(usual),
                duration or 0,
                count,
                aid in below,
            )
        )
    return out


_VECTOR_SQL = f"""
SELECT a.id, a.user_id,
       array_agg(aq.question_id ORDER BY aq.question_id),
       array_agg(aq.answer ORDER BY aq.question_id),
       array_agg(aq.question_id ORDER BY aq.question_id)
           FILTER (WHERE aq.answer IS NOT NULL AND c.question_id IS NULL)
FROM {_A} a
JOIN {_AQ} aq ON aq.attempt_id = a.id
LEFT JOIN {_C} c
  ON c.question_id = aq.question_id AND c.position = aq.answer AND c.is_correct
WHERE a.round_id = %(round)s AND a.is_counted
GROUP BY a.id, a.user_id
HAVING count(*) FILTER (WHERE aq.answer IS NOT NULL AND c.question_id IS NULL)
       >= %(min_wrong)s
"""  # noqa: S608 - table names come from the models, values are parameters

_CHOSEN_SQL = f"""
SELECT aq.question_id, aq.answer, count(*)
FROM {_A} a JOIN {_AQ} aq ON aq.attempt_id = a.id
WHERE a.round_id = %(round)s AND a.is_counted
GROUP BY 1, 2
"""  # noqa: S608 - table names come from the models, values are parameters


def vectors(round_: Round) -> Iterator[fairplay.Vector]:
    """The answer vectors of counted attempts with enough wrong answers to tell."""
    with connection.cursor() as cursor:
        cursor.execute(
            _VECTOR_SQL, {"round": round_.id, "min_wrong": fairplay.RING_MIN_WRONG}
        )
        for aid, uid, questions, answers, wrong in cursor.fetchall():
            pairs = tuple(zip(questions, answers, strict=True))
            wrong_set = set(wrong or ())
            yield fairplay.Vector(
                aid, uid, pairs, frozenset(p for p in pairs if p[0] in wrong_set)
            )


def answer_counts(
    round_: Round,
) -> tuple[dict[tuple[int, int | None], int], dict[int, int], int]:
    """Over the round's counted attempts: (question, position) → how many chose
    it, question → how many drew it, and how many counted attempts."""
    chosen: dict[tuple[int, int | None], int] = {}
    drawn: dict[int, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(_CHOSEN_SQL, {"round": round_.id})
        for question, answer, n in cursor.fetchall():
            chosen[question, answer] = n
            drawn[question] = drawn.get(question, 0) + n
    total = Attempt.objects.filter(round_id=round_.id, is_counted=True).count()
    return chosen, drawn, total


def predictions(round_: Round) -> Iterator[fairplay.Prediction]:
    rows = (
        Attempt.objects.filter(round_id=round_.id, is_counted=True)
        .exclude(prediction=None)
        .values_list("user_id", "unit_id", "prediction")
    )
    return (fairplay.Prediction(*r) for r in rows.iterator(chunk_size=CHUNK))


def accesses(round_: Round) -> Iterator[fairplay.Access]:
    """Sign-ups and logins of the round's contestants while it was open (and the
    day before)."""
    people = Attempt.objects.filter(round_id=round_.id, is_counted=True).values(
        "user_id"
    )
    rows = AccessRecord.objects.filter(
        user_id__in=people,
        at__gte=round_.opens_at - datetime.timedelta(days=1),
        at__lte=round_.closes_at,
    ).values_list("user_id", "address", "at")
    return (fairplay.Access(*r) for r in rows.iterator(chunk_size=CHUNK))


def entries(round_: Round) -> Iterator[fairplay.Entry]:
    rows = Attempt.objects.filter(round_id=round_.id, is_counted=True).values_list(
        "user_id", "user__date_joined", "started_at", "score"
    )
    return (fairplay.Entry(*r) for r in rows.iterator(chunk_size=CHUNK))


# ------------------------------------------------------------------ sweeping

# A round is reviewed after its close once its last attempts are finalised (the
# contests sweep runs every minute), and only for a week: older rounds are asked
# for from the page.
SETTLE = datetime.timedelta(minutes=5)
RECENT = datetime.timedelta(days=7)


def due_round_ids(now: datetime.datetime | None = None) -> list[int]:
    """Graded rounds that closed between a week and a few minutes ago and have no
    review computed after their close."""
    now = now or timezone.now()
    fresh = RoundReview.objects.filter(
        pk=OuterRef("pk"), computed_at__gte=OuterRef("closes_at")
    )
    return list(
        Round.objects.filter(
            is_practice=False,
            closes_at__lte=now - SETTLE,
            closes_at__gte=now - RECENT,
        )
        .exclude(Exists(fresh))
        .order_by("closes_at", "id")
        .values_list("id", flat=True)
    )


# ------------------------------------------------------------------ decisions


def excluded_user_ids(round_id: int) -> set[int]:
    """People the organizers excluded from this round's prizes after review
    (partial index review_case_excluded). awards' prize rules read this."""
    return set(
        ReviewCase.objects.filter(
            round_id=round_id, status=ReviewCase.Status.EXCLUDED
        ).values_list("user_id", flat=True)
    )


def cases(round_id: int):
    return (
        ReviewCase.objects.filter(round_id=round_id)
        .select_related("user", "user__unit", "decided_by")
        .prefetch_related("decisions__decided_by")
        .order_by("kind", "user_id")
    )


def user_names(user_ids: set[int]) -> dict[int, str]:
    return {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}
