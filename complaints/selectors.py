"""Reads for complaints: a contestant's own, and the organizers' lists grouped by
question and by result."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from awards.models import RoundClosing
from contests.models import Attempt, AttemptQuestion, Round
from contests.models.attempts import LETTERS
from quizzes.models import Choice

from . import rules
from .models import Complaint, ComplaintSettings


def window_of(round_: Round, now: datetime) -> rules.Window:
    """The complaint window of ``round_`` at ``now`` (its contest's settings, or
    defaults). Before the round's close its publication cannot matter and is not
    read: the result page right after a submit pays one query, not two."""
    found = ComplaintSettings.objects.filter(contest_id=round_.contest_id).first()
    published = (
        RoundClosing.objects.filter(pk=round_.pk)
        .values_list("published_at", flat=True)
        .first()
        if now >= round_.closes_at
        else None
    )
    return rules.Window(
        is_open=found.is_open if found else True,
        window_days=found.window_days if found else rules.DEFAULT_WINDOW_DAYS,
        is_practice=round_.is_practice,
        closes_at=round_.closes_at,
        published_at=published,
    )


def complaints_of_attempt(attempt_id: int) -> list[Complaint]:
    return list(
        Complaint.objects.filter(attempt_id=attempt_id).order_by("created_at", "id")
    )


def complaints_of_user(user_id: int, limit: int = 100) -> list[Complaint]:
    """A contestant's complaints, newest first ("Bài thi của tôi")."""
    return list(
        Complaint.objects.filter(user_id=user_id)
        .select_related("round", "contest")
        .order_by("-created_at", "-id")[:limit]
    )


def attempt_question(attempt: Attempt, position: int) -> AttemptQuestion | None:
    return (
        AttemptQuestion.objects.filter(attempt=attempt, position=position)
        .select_related("snapshot")
        .first()
    )


@dataclass
class QuestionGroup:
    """The complaints on one question of a contest, for the organizers."""

    question_id: int
    text: str
    key: str  # the current key: "B. text" in the bank's order
    complaints: list[Complaint] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(c.is_open for c in self.complaints)


def _choice_names(rows) -> dict[tuple[int, int], str]:
    return {(q, p): f"{LETTERS[p]}. {t}" for q, p, t in rows}


def question_groups(contest_id: int) -> list[QuestionGroup]:
    """Complaints on questions, one group per question (most open complaints
    first); each complaint carries ``chosen_name`` (its chosen answer, as the
    bank orders choices)."""
    complaints = list(
        Complaint.objects.filter(contest_id=contest_id, kind=Complaint.Kind.QUESTION)
        .select_related("user", "round", "question", "answered_by")
        .order_by("created_at", "id")
    )
    question_ids = {c.question_id for c in complaints}
    drawn = drawn_questions(complaints)
    choices = _choice_names(
        Choice.objects.filter(question_id__in=question_ids).values_list(
            "question_id", "position", "text"
        )
    )
    keys = dict(
        Choice.objects.filter(
            question_id__in=question_ids, is_correct=True
        ).values_list("question_id", "position")
    )
    groups: dict[int, QuestionGroup] = {}
    for c in complaints:
        group = groups.get(c.question_id)
        if group is None:
            key = keys.get(c.question_id)
            group = groups[c.question_id] = QuestionGroup(
                question_id=c.question_id,
                text=c.question.text,
                key=choices.get((c.question_id, key), "—"),
            )
        c.chosen_name = (
            choices.get((c.question_id, c.chosen), "—") if c.chosen is not None else ""
        )
        # Choices are shuffled per attempt: the letter the contestant saw (and
        # may quote) is not the bank's.
        aq = drawn.get((c.attempt_id, c.question_id))
        c.chosen_shown = (
            LETTERS[aq.shown_index_of(c.chosen)]
            if aq is not None and c.chosen is not None and str(c.chosen) in aq.order
            else None
        )
        group.complaints.append(c)
    return sorted(groups.values(), key=lambda g: (-g.open_count, g.question_id))


def result_groups(contest_id: int) -> list[tuple[Round, list[Complaint]]]:
    """Complaints on results, grouped by round in round order."""
    by_round: dict[int, list[Complaint]] = defaultdict(list)
    rounds: dict[int, Round] = {}
    for c in (
        Complaint.objects.filter(contest_id=contest_id, kind=Complaint.Kind.RESULT)
        .select_related("user", "round", "attempt", "answered_by")
        .order_by("created_at", "id")
    ):
        by_round[c.round_id].append(c)
        rounds[c.round_id] = c.round
    return [
        (rounds[rid], by_round[rid])
        for rid in sorted(rounds, key=lambda r: rounds[r].number)
    ]


def with_open_counts(contests: QuerySet) -> QuerySet:
    """``contests`` with ``open_complaints`` and ``all_complaints`` counted."""
    return contests.annotate(
        open_complaints=Count(
            "complaints", filter=Q(complaints__status=Complaint.Status.OPEN)
        ),
        all_complaints=Count("complaints"),
    )


def open_counts(contest_id: int) -> dict[str, int]:
    qs: QuerySet = Complaint.objects.filter(
        contest_id=contest_id, status=Complaint.Status.OPEN
    )
    return {
        "question": qs.filter(kind=Complaint.Kind.QUESTION).count(),
        "result": qs.filter(kind=Complaint.Kind.RESULT).count(),
    }


def drawn_questions(
    complaints: list[Complaint],
) -> dict[tuple[int, int], AttemptQuestion]:
    """(attempt id, question id) → the drawn question (with its snapshot) each
    question complaint is about, in one query."""
    pairs = {(c.attempt_id, c.question_id) for c in complaints if c.question_id}
    if not pairs:
        return {}
    rows = AttemptQuestion.objects.filter(
        attempt_id__in={a for a, _ in pairs}, question_id__in={q for _, q in pairs}
    ).select_related("snapshot")
    return {
        (aq.attempt_id, aq.question_id): aq
        for aq in rows
        if (aq.attempt_id, aq.question_id) in pairs
    }
