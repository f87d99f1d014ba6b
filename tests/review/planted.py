"""A round built for the review's "done when" test: 30 ordinary contestants whose
knowledge grows with their number, a planted wrong key, a ring of four with the
same answer sheet, and one impossibly fast winner. Answers are written as the
quiz stores them: the ORIGINAL Choice.position, with the shown order shuffled."""

from __future__ import annotations

import datetime
import hashlib
import random
from dataclasses import dataclass, field

from accounts.models import User
from contests.models import Attempt, AttemptQuestion, QuestionSnapshot, Round
from quizzes.models import Choice, Question
from tests.factories.accounts import UserFactory
from tests.factories.awards import finished_attempt

# Question i is known by contestant j (0..29) when (j + 0.5) / 30 > LEVELS[i].
LEVELS = [0.15, 0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7]
WRONG_KEY_AT = 2  # the bank says position 2 (i % 4); the right answer is 0
TRUE_ANSWER = 0


@dataclass
class Planted:
    round: Round
    questions: list[Question]
    normal: list[User] = field(default_factory=list)
    ring: list[User] = field(default_factory=list)
    fast: User | None = None
    wrong_key_question: Question | None = None


def _snapshots(questions: list[Question]) -> dict[int, QuestionSnapshot]:
    out = {}
    for q in questions:
        choices = [[c.position, c.text] for c in q.choices.order_by("position")]
        out[q.pk] = QuestionSnapshot.objects.create(
            question=q,
            digest=hashlib.sha256(f"{q.pk}{q.text}".encode()).hexdigest(),
            text=q.text,
            choices=choices,
        )
    return out


def _write(round_, user, answers, gaps_s, keys, snaps, rng, *, prediction):
    """One counted attempt answering ``answers`` (positions) with ``gaps_s``
    seconds before each answer."""
    score = sum(a == keys[q.pk] for q, a in answers)
    duration = int(sum(gaps_s) * 1000) + 1500
    attempt = finished_attempt(
        round_,
        user,
        score=score,
        duration_ms=duration,
        question_count=len(answers),
        prediction=prediction,
    )
    at = attempt.started_at
    rows = []
    for position, ((q, answer), gap) in enumerate(zip(answers, gaps_s, strict=True)):
        at += datetime.timedelta(seconds=gap)
        order = list("0123")
        rng.shuffle(order)
        rows.append(
            AttemptQuestion(
                attempt=attempt,
                position=position,
                question=q,
                snapshot=snaps[q.pk],
                order="".join(order),
                answer=answer,
                answered_at=at,
            )
        )
    AttemptQuestion.objects.bulk_create(rows)
    return attempt


def build(round_: Round, questions: list[Question], unit) -> Planted:
    keys = dict(
        Choice.objects.filter(question__in=questions, is_correct=True).values_list(
            "question_id", "position"
        )
    )
    truth = {q.pk: keys[q.pk] for q in questions}
    truth[questions[WRONG_KEY_AT].pk] = TRUE_ANSWER
    snaps = _snapshots(questions)
    rng = random.Random(16)
    long_ago = round_.opens_at - datetime.timedelta(days=60)
    planted = Planted(round_, questions, wrong_key_question=questions[WRONG_KEY_AT])
    for j in range(30):
        user = UserFactory(unit=unit, date_joined=long_ago)
        answers = []
        for i, q in enumerate(questions):
            if (j + 0.5) / 30 > LEVELS[i]:
                answers.append((q, truth[q.pk]))
            else:
                wrong = [p for p in range(4) if p != truth[q.pk]]
                answers.append((q, rng.choice(wrong)))
        gaps = [18 + (j % 5) * 3 + rng.randint(0, 8) for _ in questions]
        _write(round_, user, answers, gaps, keys, snaps, rng, prediction=1000 + 7 * j)
        planted.normal.append(user)
    # The ring: one sheet, copied by four people at a normal pace.
    sheet = [truth[questions[0].pk], truth[questions[1].pk]]
    sheet += [(truth[q.pk] + 1) % 4 for q in questions[2:]]
    for k in range(4):
        user = UserFactory(unit=unit, date_joined=long_ago)
        gaps = [20 + rng.randint(0, 10) for _ in questions]
        answers = list(zip(questions, sheet, strict=True))
        _write(round_, user, answers, gaps, keys, snaps, rng, prediction=5000 + k)
        planted.ring.append(user)
    # The winner: every bank key, 2.5 s an answer (over the contest's 2 s minimum
    # per question, so only the per-question times tell).
    user = UserFactory(unit=unit, date_joined=long_ago)
    answers = [(q, keys[q.pk]) for q in questions]
    gaps = [2.5] * len(questions)
    _write(round_, user, answers, gaps, keys, snaps, rng, prediction=9)
    planted.fast = user
    return planted


def ring_ids(planted: Planted) -> set[int]:
    return {u.pk for u in planted.ring}


def counted(round_: Round) -> int:
    return Attempt.objects.filter(round=round_, is_counted=True).count()
