"""Finalising attempts (submit, deadline, sweep), the counted attempt, re-scoring.

Finalising locks every attempt of the (round, user) FOR UPDATE in id order, so two
finalisations of one person serialise and never deadlock (in a practice round,
which counts no attempt, only the attempt it finishes).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from .. import rules, selectors
from ..models import Attempt, Round


def lock_attempts_of(round_id: int, user_id: int) -> list[Attempt]:
    """Every attempt of (round, user), locked in id order: finalisations of the
    same person serialise here and never deadlock."""
    return list(
        Attempt.objects.select_for_update()
        .filter(round_id=round_id, user_id=user_id)
        .order_by("id")
    )


def lock_for_finalising(round_: Round, attempt: Attempt) -> list[Attempt]:
    """What finalising ``attempt`` must hold, locked: every attempt of the person
    in a graded round (the counted one is re-picked among them), only ``attempt``
    in a practice round, which counts none. A practice round has no limit, so a
    person's attempts pile up there; locking them all wrote each row at every
    submit. One row held alone cannot deadlock with the id-ordered locks."""
    if not round_.is_practice:
        return lock_attempts_of(attempt.round_id, attempt.user_id)
    return list(Attempt.objects.select_for_update().filter(pk=attempt.pk))


def finalise_locked(
    attempt: Attempt,
    locked: list[Attempt],
    *,
    status: str,
    submitted_at: datetime,
    prediction: int | None,
    round_: Round | None = None,
) -> None:
    """Finish ``attempt`` (one of ``locked``) and re-pick the counted attempt.
    ``round_``, when the caller has it with its contest, saves two reads."""
    if round_ is None or round_.pk != attempt.round_id:
        round_ = Round.objects.select_related("contest").get(pk=attempt.round_id)
    attempt.status = status
    attempt.submitted_at = submitted_at
    attempt.prediction = prediction
    attempt.duration_ms = rules.duration_ms(attempt.started_at, submitted_at)
    attempt.score = selectors.score_of(attempt.id, round_.contest_id)
    attempt.save(
        update_fields=["status", "submitted_at", "prediction", "duration_ms", "score"]
    )
    if not round_.is_practice:
        _recount(locked, round_.contest.counting)


def _recount(locked: list[Attempt], policy: str) -> None:
    """Mark the one attempt that counts among ``locked`` (already locked)."""
    finished = [
        rules.FinishedAttempt(a.id, a.score, a.duration_ms, a.submitted_at)
        for a in locked
        if a.status != Attempt.Status.IN_PROGRESS
    ]
    chosen = rules.counted_attempt_id(finished, policy)
    # The rows are locked and fresh: write only what changes. Clear first: the
    # partial unique index allows one counted row at any moment.
    cleared = [a.id for a in locked if a.is_counted and a.id != chosen]
    if cleared:
        Attempt.objects.filter(id__in=cleared).update(is_counted=False)
    if chosen is not None and not next(a for a in locked if a.id == chosen).is_counted:
        Attempt.objects.filter(id=chosen).update(is_counted=True)
    for a in locked:
        a.is_counted = a.id == chosen


def finalise_attempt(attempt_id: int, *, now: datetime | None = None) -> Attempt:
    """Finalise the attempt at its deadline if the deadline has passed and it is
    still open (status EXPIRED, answers saved so far, no prediction). Otherwise
    change nothing. Returns the attempt as stored. Safe to run any number of
    times and concurrently with a submit."""
    now = now or timezone.now()
    head = Attempt.objects.select_related("round__contest").get(pk=attempt_id)
    with transaction.atomic():
        locked = lock_for_finalising(head.round, head)
        attempt = next(a for a in locked if a.id == attempt_id)
        if attempt.status == Attempt.Status.IN_PROGRESS and now >= attempt.deadline:
            finalise_locked(
                attempt,
                locked,
                status=Attempt.Status.EXPIRED,
                submitted_at=attempt.deadline,
                prediction=None,
                round_=head.round,
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
