"""Writes and workflows for contests and attempts. Each service states its contract:
what it reads, what it changes, and whether running it again is safe.

Concurrency, in short: the attempt limit is held by the unique (round, user, number)
slot and the one-open-attempt partial unique index, not by check-then-insert; an
answer save locks its attempt row (FOR NO KEY UPDATE) so it cannot interleave with a
finalisation, which locks every attempt of the (round, user) FOR UPDATE in id order.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import ParticipantGroup
from quizzes.models import Choice, Question

from . import rules, schedule, selectors
from .models import (
    Attempt,
    AttemptQuestion,
    Contest,
    QuestionSnapshot,
    RankingGroup,
    Round,
)

_rng = random.SystemRandom()


class AttemptRefused(Exception):
    """Starting was refused; ``message`` is the Vietnamese reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AnswerRefused(Exception):
    """An answer or a submit was refused: ``message`` (Vietnamese) and the HTTP
    ``status`` a view should answer with (400 bad input, 404 not yours, 409 state)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def format_time(value: datetime) -> str:
    """ "08:00 ngày 10/06/2024" in the portal's time zone."""
    local = timezone.localtime(value)
    return local.strftime("%H:%M ngày %d/%m/%Y")


# --------------------------------------------------------------------------- start


def _candidate(user, contest: Contest) -> rules.Candidate:
    return rules.Candidate(
        profile_complete=bool(user.is_profile_complete),
        birth_date=user.birth_date,
        group=user.group,
        group_label=str(ParticipantGroup(user.group).label) if user.group else "",
        unit_name=str(user.unit) if user.unit_id else None,
        unit_path=selectors.unit_path(user.unit_id),
        is_staff_of_contest=selectors.is_contest_staff(contest.id, user.id),
        is_excluded=selectors.is_excluded(contest.id, user.id),
    )


def _eligibility(contest: Contest) -> rules.Eligibility:
    return rules.Eligibility(
        min_age=contest.min_age,
        allowed_groups=tuple(contest.allowed_groups or ()),
        unit_root_id=contest.unit_root_id,
        unit_root_name=str(contest.unit_root) if contest.unit_root_id else None,
        allow_no_unit=contest.allow_no_unit,
    )


def start_refusal(user, round_: Round, now: datetime) -> str | None:
    """Why ``user`` may not start a new attempt in ``round_`` now, or None.
    Reads only; the attempt limit is re-checked against the slot at insert time."""
    contest = round_.contest
    if not user.is_authenticated:
        return rules.MSG_LOGIN_REQUIRED
    if not contest.is_published:
        return rules.MSG_CONTEST_NOT_PUBLISHED
    refusal = rules.eligibility_refusal(
        _candidate(user, contest),
        _eligibility(contest),
        timezone.localtime(round_.opens_at).date(),
    )
    if refusal:
        return refusal
    return rules.round_window_refusal(
        now, round_.opens_at, round_.closes_at, format_time
    )


def ranking_group_for(contest: Contest, participant_group: str) -> RankingGroup | None:
    for group in contest.ranking_groups.all():
        if participant_group in (group.participant_groups or []):
            return group
    return None


@dataclass(frozen=True, slots=True)
class Drawn:
    question_id: int
    snapshot_id: int
    order: str


def _snapshot_digest(question_id: int, text: str, choices: list) -> str:
    payload = json.dumps([question_id, text, choices], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def draw_questions(contest: Contest, rng: random.Random | None = None) -> list[Drawn]:
    """Draw ``questions_per_attempt`` active questions of the contest's bank at
    random, honouring the per-topic quotas, in random page order, with shuffled
    choices; store (or reuse) the snapshot of each. Raises AttemptRefused
    (MSG_NOT_READY) when the bank cannot supply the draw. Safe to repeat: snapshots
    are deduplicated by digest."""
    rng = rng or _rng
    if contest.bank_id is None:
        raise AttemptRefused(rules.MSG_NOT_READY)
    pool = list(
        Question.objects.filter(bank_id=contest.bank_id, is_active=True).values_list(
            "id", "topic_id"
        )
    )
    by_topic: dict[int | None, list[int]] = defaultdict(list)
    for qid, topic_id in pool:
        by_topic[topic_id].append(qid)
    quotas = list(contest.topic_quotas.values_list("topic_id", "count"))
    try:
        plan, rest = rules.draw_plan(quotas, contest.questions_per_attempt)
    except ValueError:
        raise AttemptRefused(rules.MSG_NOT_READY) from None
    chosen: list[int] = []
    for topic_id, count in plan:
        candidates = by_topic.get(topic_id, [])
        if len(candidates) < count:
            raise AttemptRefused(rules.MSG_NOT_READY)
        chosen.extend(rng.sample(candidates, count))
    taken = set(chosen)
    remaining = [qid for qid, _ in pool if qid not in taken]
    if len(remaining) < rest:
        raise AttemptRefused(rules.MSG_NOT_READY)
    chosen.extend(rng.sample(remaining, rest))
    rng.shuffle(chosen)

    texts = dict(Question.objects.filter(id__in=chosen).values_list("id", "text"))
    choices: dict[int, list[list]] = defaultdict(list)
    for qid, position, text in (
        Choice.objects.filter(question_id__in=chosen)
        .order_by("question_id", "position")
        .values_list("question_id", "position", "text")
    ):
        choices[qid].append([position, text])
    if any(len(choices[qid]) < 2 for qid in chosen):
        raise AttemptRefused(rules.MSG_NOT_READY)

    digests = {qid: _snapshot_digest(qid, texts[qid], choices[qid]) for qid in chosen}
    snapshot_ids = dict(
        QuestionSnapshot.objects.filter(digest__in=digests.values()).values_list(
            "digest", "id"
        )
    )
    missing = [qid for qid in chosen if digests[qid] not in snapshot_ids]
    if missing:
        # Two starts may create the same snapshot at once: ignore the loser's row.
        QuestionSnapshot.objects.bulk_create(
            [
                QuestionSnapshot(
                    question_id=qid,
                    digest=digests[qid],
                    text=texts[qid],
                    choices=choices[qid],
                )
                for qid in missing
            ],
            ignore_conflicts=True,
        )
        snapshot_ids.update(
            QuestionSnapshot.objects.filter(
                digest__in=[digests[qid] for qid in missing]
            ).values_list("digest", "id")
        )

    drawn = []
    for qid in chosen:
        positions = [str(p) for p, _ in choices[qid]]
        if contest.shuffle_choices:
            rng.shuffle(positions)
        drawn.append(Drawn(qid, snapshot_ids[digests[qid]], "".join(positions)))
    return drawn


def start_attempt(user, round_: Round, *, now: datetime | None = None) -> Attempt:
    """Start (or resume) ``user``'s attempt in ``round_``.

    Resumes the open attempt if there is one and its deadline has not passed;
    otherwise checks every SPEC §4 rule (raises AttemptRefused with the reason),
    takes the next attempt slot, draws and stores the questions. Concurrent calls
    (two tabs, double clicks) end with at most one open attempt and never more
    slots than the limit: the loser of the unique index re-evaluates. Safe to call
    again: it returns the same open attempt.
    """
    now = now or timezone.now()
    if not user.is_authenticated:
        raise AttemptRefused(rules.MSG_LOGIN_REQUIRED)
    contest = round_.contest
    for _ in range(3):
        open_attempt = (
            Attempt.objects.filter(
                round=round_, user=user, status=Attempt.Status.IN_PROGRESS
            )
            .order_by()
            .first()
        )
        if open_attempt is not None:
            if open_attempt.deadline > now:
                return open_attempt
            finalise_attempt(open_attempt.id, now=now)
        refusal = start_refusal(user, round_, now)
        if refusal:
            raise AttemptRefused(refusal)
        used = (
            Attempt.objects.filter(round=round_, user=user).aggregate(n=Max("number"))[
                "n"
            ]
            or 0
        )
        if not round_.is_practice and used >= contest.attempts_per_round:
            raise AttemptRefused(
                rules.MSG_NO_ATTEMPTS_LEFT.format(limit=contest.attempts_per_round)
            )
        drawn = draw_questions(contest)
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    round=round_,
                    user=user,
                    number=used + 1,
                    started_at=now,
                    deadline=rules.attempt_deadline(
                        now, contest.time_limit_minutes, round_.closes_at
                    ),
                    question_count=len(drawn),
                    ranking_group=ranking_group_for(contest, user.group),
                    unit_id=user.unit_id,
                )
                AttemptQuestion.objects.bulk_create(
                    AttemptQuestion(
                        attempt=attempt,
                        position=i,
                        question_id=d.question_id,
                        snapshot_id=d.snapshot_id,
                        order=d.order,
                    )
                    for i, d in enumerate(drawn)
                )
            return attempt
        except IntegrityError:
            # Another request took this slot or opened an attempt first: look again.
            continue
    raise AttemptRefused(
        rules.MSG_NO_ATTEMPTS_LEFT.format(limit=contest.attempts_per_round)
    )


# -------------------------------------------------------------------------- answer


def save_answer(
    user, attempt_id: int, position: int, shown_index: int, *, now=None
) -> None:
    """Store the answer to question ``position`` of the attempt: ``shown_index`` is
    the choice's index as shown (0 = A). The hot path: one locked read of the
    drawn question with its attempt, one UPDATE by primary key. Refusals raise
    AnswerRefused (nothing changes); an attempt past its deadline is finalised.
    Idempotent: saving the same answer twice leaves the same row."""
    now = now or timezone.now()
    expired = False
    with transaction.atomic():
        row = (
            AttemptQuestion.objects.select_for_update(of=("attempt",), no_key=True)
            .select_related("attempt")
            .only(
                "id",
                "order",
                "attempt__id",
                "attempt__user_id",
                "attempt__status",
                "attempt__deadline",
            )
            .filter(attempt_id=attempt_id, position=position)
            .first()
        )
        if row is None:
            _refuse_missing_question(user, attempt_id)
        attempt = row.attempt
        if attempt.user_id != user.id:
            raise AnswerRefused(rules.MSG_QUESTION_NOT_IN_ATTEMPT, 404)
        if attempt.status != Attempt.Status.IN_PROGRESS:
            raise AnswerRefused(_finished_message(attempt), 409)
        if now >= attempt.deadline:
            expired = True
        else:
            if not 0 <= shown_index < len(row.order):
                raise AnswerRefused(rules.MSG_CHOICE_INVALID, 400)
            AttemptQuestion.objects.filter(pk=row.pk).update(
                answer=int(row.order[shown_index]), answered_at=now
            )
    if expired:
        finalise_attempt(attempt_id, now=now)
        raise AnswerRefused(rules.MSG_DEADLINE_PASSED, 409)


def _finished_message(attempt: Attempt) -> str:
    if attempt.status == Attempt.Status.EXPIRED:
        return rules.MSG_DEADLINE_PASSED
    return rules.MSG_ALREADY_SUBMITTED


def _refuse_missing_question(user, attempt_id: int):
    attempt = (
        Attempt.objects.filter(pk=attempt_id, user_id=user.id)
        .only("id", "status")
        .first()
    )
    if attempt is None:
        raise AnswerRefused(rules.MSG_QUESTION_NOT_IN_ATTEMPT, 404)
    raise AnswerRefused(rules.MSG_QUESTION_NOT_IN_ATTEMPT, 400)


# ---------------------------------------------------------------------- finalising


def _lock_attempts_of(round_id: int, user_id: int) -> list[Attempt]:
    """Every attempt of (round, user), locked in id order: finalisations of the
    same person serialise here and never deadlock."""
    return list(
        Attempt.objects.select_for_update()
        .filter(round_id=round_id, user_id=user_id)
        .order_by("id")
    )


def _finalise_locked(
    attempt: Attempt,
    locked: list[Attempt],
    *,
    status: str,
    submitted_at: datetime,
    prediction: int | None,
) -> None:
    round_ = Round.objects.only("id", "contest_id", "is_practice").get(
        pk=attempt.round_id
    )
    attempt.status = status
    attempt.submitted_at = submitted_at
    attempt.prediction = prediction
    attempt.duration_ms = rules.duration_ms(attempt.started_at, submitted_at)
    attempt.score = selectors.score_of(attempt.id, round_.contest_id)
    attempt.save(
        update_fields=["status", "submitted_at", "prediction", "duration_ms", "score"]
    )
    if not round_.is_practice:
        contest = Contest.objects.only("counting").get(pk=round_.contest_id)
        _recount(locked, contest.counting)


def _recount(locked: list[Attempt], policy: str) -> None:
    """Mark the one attempt that counts among ``locked`` (already locked)."""
    finished = [
        rules.FinishedAttempt(a.id, a.score, a.duration_ms, a.submitted_at)
        for a in locked
        if a.status != Attempt.Status.IN_PROGRESS
    ]
    chosen = rules.counted_attempt_id(finished, policy)
    ids = [a.id for a in locked]
    # Clear first: the partial unique index allows one counted row at any moment.
    Attempt.objects.filter(id__in=ids, is_counted=True).exclude(id=chosen).update(
        is_counted=False
    )
    if chosen is not None:
        Attempt.objects.filter(id=chosen, is_counted=False).update(is_counted=True)
    for a in locked:
        a.is_counted = a.id == chosen


def finalise_attempt(attempt_id: int, *, now: datetime | None = None) -> Attempt:
    """Finalise the attempt at its deadline if the deadline has passed and it is
    still open (status EXPIRED, answers saved so far, no prediction). Otherwise
    change nothing. Returns the attempt as stored. Safe to run any number of
    times and concurrently with a submit."""
    now = now or timezone.now()
    head = Attempt.objects.only("round", "user").get(pk=attempt_id)
    with transaction.atomic():
        locked = _lock_attempts_of(head.round_id, head.user_id)
        attempt = next(a for a in locked if a.id == attempt_id)
        if attempt.status == Attempt.Status.IN_PROGRESS and now >= attempt.deadline:
            _finalise_locked(
                attempt,
                locked,
                status=Attempt.Status.EXPIRED,
                submitted_at=attempt.deadline,
                prediction=None,
            )
        return attempt


def finalise_attempts(attempt_ids: Iterable[int], *, now=None) -> int:
    """Finalise each due attempt of ``attempt_ids`` (one transaction each); return
    how many were finalised by this call. Safe to repeat."""
    done = 0
    for attempt_id in attempt_ids:
        try:
            before = Attempt.objects.only("status").get(pk=attempt_id).status
        except Attempt.DoesNotExist:
            continue
        after = finalise_attempt(attempt_id, now=now).status
        done += before != after
    return done


def finalise_open_attempts_of_round(round_id: int, *, now=None) -> int:
    """Closing a round (issue 5) starts here: finalise every open attempt of the
    round whose deadline has passed. Returns how many were finalised."""
    now = now or timezone.now()
    ids = list(
        Attempt.objects.filter(
            round_id=round_id,
            status=Attempt.Status.IN_PROGRESS,
            deadline__lte=now,
        ).values_list("id", flat=True)
    )
    return finalise_attempts(ids, now=now)


def submit_attempt(
    user,
    attempt_id: int,
    *,
    prediction: str | None = None,
    confirmed: bool = True,
    now: datetime | None = None,
) -> Attempt:
    """Submit the attempt with the answers saved so far.

    Refuses (AnswerRefused, nothing changes) without confirmation or, when the
    contest has a prediction question, without a valid integer ≥ 0. Idempotent: a
    second submit returns the stored result unchanged. After the deadline the
    attempt is finalised as EXPIRED at the deadline instead (prediction dropped).
    """
    now = now or timezone.now()
    head = (
        Attempt.objects.select_related("round__contest")
        .filter(pk=attempt_id, user_id=user.id)
        .first()
    )
    if head is None:
        raise AnswerRefused(rules.MSG_QUESTION_NOT_IN_ATTEMPT, 404)
    if head.status != Attempt.Status.IN_PROGRESS:
        return head
    if now >= head.deadline:
        return finalise_attempt(attempt_id, now=now)
    if not confirmed:
        raise AnswerRefused(rules.MSG_CONFIRM_REQUIRED, 400)
    value = None
    if head.round.contest.prediction_enabled:
        value, error = rules.parse_prediction(prediction)
        if error:
            raise AnswerRefused(error, 400)
    with transaction.atomic():
        locked = _lock_attempts_of(head.round_id, head.user_id)
        attempt = next(a for a in locked if a.id == attempt_id)
        if attempt.status != Attempt.Status.IN_PROGRESS:
            return attempt
        if now >= attempt.deadline:
            status, when, value = Attempt.Status.EXPIRED, attempt.deadline, None
        else:
            status, when = Attempt.Status.SUBMITTED, now
        _finalise_locked(
            attempt, locked, status=status, submitted_at=when, prediction=value
        )
        return attempt


# ------------------------------------------------------------------ re-scoring


def rescore_round(round_id: int) -> int:
    """Recompute the score of every finished attempt of the round from its stored
    answers and the current keys and voided questions (one UPDATE), then re-pick
    the counted attempt of each person. For issue 5's regrade. Returns the number
    of finished attempts. Safe to repeat."""
    round_ = Round.objects.select_related("contest").get(pk=round_id)
    with transaction.atomic():
        finished = Attempt.objects.filter(round_id=round_id).exclude(
            status=Attempt.Status.IN_PROGRESS
        )
        count = finished.update(score=selectors.score_subquery(round_.contest_id))
        recount_round(round_id)
    return count


def recount_round(round_id: int) -> None:
    """Re-pick the counted attempt of every person in the round (best or first, per
    contest). Practice rounds count nothing. Safe to repeat."""
    round_ = Round.objects.select_related("contest").get(pk=round_id)
    with transaction.atomic():
        rows = list(
            Attempt.objects.select_for_update()
            .filter(round_id=round_id)
            .order_by("user_id", "id")
        )
        if round_.is_practice:
            Attempt.objects.filter(round_id=round_id, is_counted=True).update(
                is_counted=False
            )
            return
        by_user: dict[int, list[Attempt]] = defaultdict(list)
        for row in rows:
            by_user[row.user_id].append(row)
        for locked in by_user.values():
            _recount(locked, round_.contest.counting)


# -------------------------------------------------------------------- schedules


def create_round_schedule(
    contest: Contest,
    *,
    kind: str,
    start,
    count: int,
    days: int | None = None,
    opens_at=None,
    title_format: str = "",
) -> list[Round]:
    """Create or update rounds 1…count of ``contest`` from a schedule: ``kind``
    "weekly" (Monday ``opens_at`` → next Monday 00:00) or "period" (``days`` days
    each). Existing rounds with the same numbers are moved to the new times;
    other rounds are left alone. Raises schedule.ScheduleError with a Vietnamese
    message. Safe to repeat."""
    tz = ZoneInfo(settings.TIME_ZONE)
    kwargs = {} if opens_at is None else {"opens_at": opens_at}
    if kind == "weekly":
        slots = schedule.weekly_slots(start, count, tz, **kwargs)
        default_title = "Tuần {n}"
    else:
        slots = schedule.period_slots(start, count, days or 0, tz, **kwargs)
        default_title = "Đợt {n}"
    title_format = title_format or default_title
    rounds = []
    with transaction.atomic():
        for slot in slots:
            round_, _ = Round.objects.update_or_create(
                contest=contest,
                number=slot.number,
                defaults={
                    "opens_at": slot.opens_at,
                    "closes_at": slot.closes_at,
                    "title": title_format.format(n=slot.number),
                },
            )
            rounds.append(round_)
    return rounds
