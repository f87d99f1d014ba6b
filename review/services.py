"""Computing a round's review (question statistics and fair play cases) and the
organizer's decisions on the cases."""

from __future__ import annotations

import time
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contests.models import Round
from core.errors import Invalid, NotFound

from . import fairplay, selectors, stats
from .models import CaseDecision, ReviewCase, RoundReview
from .signals import round_exclusions_changed

MSG_NEED_REASON = "Cần ghi lý do cho quyết định."
MSG_BAD_STATUS = "Quyết định không hợp lệ."
MSG_NO_CASE = "Không tìm thấy dấu hiệu này trong đợt thi."


class ReviewInvalid(Invalid):
    pass


def request_review(round_id: int, *, now: datetime | None = None) -> RoundReview:
    """Mark the round's review as asked for and enqueue its computation after
    commit. Safe to call again (one row per round; a second task finds it done
    or busy)."""
    from . import tasks

    now = now or timezone.now()
    review, _created = RoundReview.objects.get_or_create(round_id=round_id)
    review.status = RoundReview.Status.QUEUED
    review.requested_at = now
    review.save(update_fields=["status", "requested_at", "updated_at"])
    tasks.compute_round_review.delay_on_commit(round_id)
    return review


def compute_round_review(round_id: int, *, now: datetime | None = None) -> str:
    """Compute a round's question statistics (first attempts) and fair play cases
    (counted attempts) and store them: the statistics replace the snapshot, cases
    found again get fresh evidence, new ones open, open ones no longer found go
    and decided ones stay (marked no longer found). One transaction under the
    round's review row (SKIP LOCKED: a second worker answers "busy"). Safe to
    re-run: the same data gives the same snapshot and cases, decisions kept."""
    now = now or timezone.now()
    round_ = Round.objects.select_related("contest").get(pk=round_id)
    RoundReview.objects.bulk_create([RoundReview(round=round_)], ignore_conflicts=True)
    started = time.monotonic()
    with transaction.atomic():
        review = (
            RoundReview.objects.select_for_update(skip_locked=True)
            .filter(pk=round_id)
            .first()
        )
        if review is None:
            return "busy"
        questions, attempts = question_snapshot(round_)
        _store_cases(round_, findings(round_))
        review.questions = questions
        review.attempts = attempts
        review.status = RoundReview.Status.DONE
        review.computed_at = now
        review.duration_ms = int((time.monotonic() - started) * 1000)
        review.save()
    return "done"


def question_snapshot(round_: Round) -> tuple[list[dict], int]:
    """The statistics of every question of the round as JSON-ready dicts, and how
    many first attempts they read."""
    cells, attempts = selectors.stats_cells(round_)
    qids = sorted({c.question_id for c in cells})
    keys = selectors.keys_of(qids)
    voided = selectors.voided_ids(round_, qids)
    out = []
    for q in stats.question_stats(cells, keys):
        answers = sorted(
            {*q.chosen, *q.chosen_strong}, key=lambda a: (a is None, a or 0)
        )
        out.append(
            {
                "question_id": q.question_id,
                "key": q.key,
                "attempts": q.attempts,
                "correct": q.correct,
                "facility": q.facility,
                "discrimination": q.discrimination,
                "efficiency": q.efficiency,
                "strong": q.strong,
                # [position (None: no answer), chosen, chosen by the strongest]
                "chosen": [
                    [a, q.chosen.get(a, 0), q.chosen_strong.get(a, 0)] for a in answers
                ],
                "flags": [] if q.question_id in voided else list(q.flags),
                "voided": q.question_id in voided,
                "suggested_key": (
                    stats.likely_wrong_key_choice(q)
                    if stats.FLAG_WRONG_KEY in q.flags
                    else None
                ),
            }
        )
    return out, attempts


def findings(round_: Round) -> list[fairplay.Finding]:
    """Every fair play signal of the round's counted attempts."""
    return [
        *fairplay.too_fast(selectors.paces(round_)),
        *fairplay.rings(selectors.vectors(round_), *selectors.answer_counts(round_)),
        *fairplay.shared_predictions(selectors.predictions(round_)),
        *fairplay.shared_addresses(selectors.accesses(round_)),
        *fairplay.new_winners(selectors.entries(round_)),
    ]


def _store_cases(round_: Round, found: list[fairplay.Finding]) -> None:
    existing = {
        (c.user_id, c.kind): c
        for c in ReviewCase.objects.select_for_update().filter(round=round_)
    }
    seen = set()
    new = []
    for f in found:
        key = (f.user_id, f.kind)
        seen.add(key)
        case = existing.get(key)
        if case is None:
            new.append(
                ReviewCase(
                    round=round_, user_id=f.user_id, kind=f.kind, evidence=f.evidence
                )
            )
        else:
            case.evidence, case.still_found = f.evidence, True
            case.save(update_fields=["evidence", "still_found", "updated_at"])
    ReviewCase.objects.bulk_create(new, batch_size=2000)
    gone = [c for k, c in existing.items() if k not in seen]
    ReviewCase.objects.filter(
        pk__in=[c.pk for c in gone if c.status == ReviewCase.Status.OPEN]
    ).delete()
    ReviewCase.objects.filter(
        pk__in=[c.pk for c in gone if c.status != ReviewCase.Status.OPEN]
    ).update(still_found=False)


def decide_case(
    *,
    round_id: int,
    case_id: int,
    status: str,
    reason: str,
    user,
    now: datetime | None = None,
) -> ReviewCase:
    """Record the organizer's decision on a case (cleared or excluded, with a
    reason), keep it in the case's history, and when the round's excluded people
    change, tell the apps above (round_exclusions_changed: awards reallocates the
    prizes of a closed round) in the same transaction. Raises ReviewInvalid (no
    reason, unknown decision) or NotFound. Re-running the same decision only adds
    a history line."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if status not in (ReviewCase.Status.CLEARED, ReviewCase.Status.EXCLUDED):
        raise ReviewInvalid(MSG_BAD_STATUS)
    if not reason:
        raise ReviewInvalid(MSG_NEED_REASON)
    with transaction.atomic():
        case = (
            ReviewCase.objects.select_for_update()
            .filter(pk=case_id, round_id=round_id)
            .first()
        )
        if case is None:
            raise NotFound(MSG_NO_CASE)
        before = selectors.excluded_user_ids(round_id)
        case.status, case.reason = status, reason[:500]
        case.decided_by = user if getattr(user, "is_authenticated", False) else None
        case.decided_at = now
        case.save()
        moves: list[str] = []
        if selectors.excluded_user_ids(round_id) != before:
            answers = round_exclusions_changed.send(
                sender=ReviewCase, round_id=round_id
            )
            moves = [line for _receiver, lines in answers for line in lines or ()]
        CaseDecision.objects.create(
            case=case,
            status=status,
            reason=case.reason,
            decided_by=case.decided_by,
            decided_at=now,
            prize_changes=moves,
        )
    return case
