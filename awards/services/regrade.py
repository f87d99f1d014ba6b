"""Regrading a closed round after a key correction or a voided question."""

from __future__ import annotations

import json
import logging
import time
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import Attempt, Round

from .. import decisions, selectors
from ..models import (
    Award,
    ClosingStatus,
    ContestClosing,
    RegradeRun,
    RoundClosing,
    RoundResult,
    Trigger,
)
from ..ranking import RankedAttempt
from . import writing
from .closing import rank_round, reallocate_round_prizes
from .common import MSG_NOT_CLOSED, ResultsRefused, forget_public_pages, round_label
from .contest import rank_contest, record_contest

log = logging.getLogger(__name__)

# ----------------------------------------------------------------------- regrade


def _rescore(round_id: int) -> int:
    """Re-score the round's finished attempts from the current keys and voided
    questions and re-pick the counted ones (contests owns scoring)."""
    from contests import services as contest_services

    rescore_attempts = getattr(contest_services, "rescore_attempts", None)
    if rescore_attempts is not None:
        rescore_attempts(Attempt.objects.filter(round_id=round_id))
    else:
        contest_services.rescore_round(round_id)
    return (
        Attempt.objects.filter(round_id=round_id)
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .count()
    )


def regrade_round(
    round_id: int,
    *,
    user=None,
    trigger: str = Trigger.COMMAND,
    note: str = "",
    now: datetime | None = None,
) -> RegradeRun:
    """Re-score a closed round after a key correction or a voided question, re-rank
    it and re-allocate its prizes; re-allocate later rounds when one prize per
    person applies (an earlier winner may change) and the contest-wide results when
    computed. Records who ran it, when, the key changes and voided questions found,
    how many scores and ranks moved and, by name, who gained, lost or changed a
    prize; results already published are marked revised, never silently replaced.
    One transaction. Safe to re-run (the second run finds nothing to change).
    Raises ResultsRefused (a Conflict) when the round is not closed.
    """
    now = now or timezone.now()
    started = time.monotonic()
    round_ = Round.objects.select_related("contest").get(pk=round_id)
    contest = round_.contest
    with transaction.atomic():
        closing = (
            RoundClosing.objects.select_for_update(of=("self",))
            .select_related("round__contest")
            .filter(pk=round_id)
            .first()
        )
        if closing is None or not closing.is_closed:
            raise ResultsRefused(MSG_NOT_CLOSED.format(round=round_label(round_)))
        since = closing.ranked_at
        key_changes = [
            _key_change_json(k) for k in selectors.key_changes_since(round_id, since)
        ]
        voided = [_voided_json(v) for v in selectors.voided_since(round_, since)]
        before = selectors.award_triples(contest.id)
        old = _results_before(round_id)
        rescored = _rescore(round_id)
        inputs, outcome = rank_round(
            round_, previous={uid: v[0] for uid, v in old.items()}
        )
        touched = [closing]
        if contest.one_individual_prize_per_person:
            touched += reallocate_later_rounds(round_)
        writing.record_round(
            closing,
            counts=inputs.counts,
            outcome=outcome,
            finalised=closing.attempts_finalised,
            started=started,
        )
        closing.ranked_at = now
        contest_closing = _rerank_contest(contest, now=now)
        changes = decisions.prize_changes(before, selectors.award_triples(contest.id))
        closings = [*touched, *([contest_closing] if contest_closing else [])]
        was_published = any(c.is_published for c in closings)
        save_revised(closings, changed=bool(changes), now=now)
        regrade = RegradeRun.objects.create(
            contest=contest,
            round=round_,
            run_by=user if getattr(user, "is_authenticated", False) else None,
            run_at=now,
            trigger=trigger,
            note=note[:500],
            key_changes=key_changes,
            voided_questions=voided,
            attempts_rescored=rescored,
            **_moves(old, outcome.ranked),
            was_published=was_published,
            prize_changes=changes_json(changes),
            duration_ms=writing.ms_since(started),
        )
        forget_public_pages(contest.id, [c.round_id for c in touched])
    return regrade


def save_revised(closings, *, changed: bool, now: datetime) -> None:
    """Save closings after their prizes were re-allocated; the published ones are
    marked revised when a prize moved (the public page says "điều chỉnh")."""
    for c in closings:
        if changed and c.is_published:
            c.revised_at = now
        c.save()


def _results_before(round_id: int) -> dict[int, tuple[int, int]]:
    """user id → (rank, score) on the round's result rows before the regrade."""
    rows = RoundResult.objects.filter(round_id=round_id)
    return {
        uid: (rank, score)
        for uid, rank, score in rows.values_list("user_id", "rank", "score")
    }


def _moves(
    old: dict[int, tuple[int, int]], ranked: list[RankedAttempt]
) -> dict[str, int]:
    """How many people's score, and rank, differ from before the regrade."""
    scores_changed = ranks_changed = 0
    for entry in ranked:
        was = old.get(entry.row.user_id)
        scores_changed += was is None or was[1] != entry.row.score
        ranks_changed += was is None or was[0] != entry.rank
    return {"scores_changed": scores_changed, "ranks_changed": ranks_changed}


def _rerank_contest(contest, *, now: datetime) -> ContestClosing | None:
    """Recompute the contest-wide results when they were computed (the caller
    saves the returned closing record)."""
    contest_closing = ContestClosing.objects.filter(
        pk=contest.id, status=ClosingStatus.CLOSED
    ).first()
    if contest_closing is None:
        return None
    included = list(
        RoundClosing.objects.filter(round__contest=contest, status=ClosingStatus.CLOSED)
        .exclude(round__is_practice=True)
        .values_list("round_id", flat=True)
    )
    record_contest(contest_closing, rank_contest(contest, included))
    contest_closing.computed_at = now
    return contest_closing


def reallocate_later_rounds(round_: Round) -> list[RoundClosing]:
    """Re-allocate the prizes of the contest's closed rounds after ``round_``, in
    close order, from their stored rankings (an earlier winner may have changed)."""
    later = (
        RoundClosing.objects.select_for_update(of=("self",))
        .filter(round__contest_id=round_.contest_id, status=ClosingStatus.CLOSED)
        .filter(
            Q(round__closes_at__gt=round_.closes_at)
            | Q(round__closes_at=round_.closes_at, round__number__gt=round_.number)
        )
        .select_related("round__contest")
        .order_by("round__closes_at", "round__number")
    )
    touched = []
    for closing in later:
        writing.record_prizes(closing, reallocate_round_prizes(closing.round))
        touched.append(closing)
    return touched


def _key_change_json(change) -> dict:
    return {
        "question_id": change.question_id,
        "old_key": change.old_key,
        "new_key": change.new_key,
        "by": str(change.changed_by) if change.changed_by_id else "",
        "at": change.changed_at.isoformat(),
    }


def _voided_json(voided) -> dict:
    return {
        "question_id": voided.question_id,
        "reason": voided.reason,
        "by": str(voided.voided_by) if voided.voided_by_id else "",
        "at": voided.created_at.isoformat(),
    }


def changes_json(changes: list[decisions.PrizeChange]) -> list[dict]:
    from accounts.models import Unit, User

    scopes = {c.scope: json.loads(c.scope) for c in changes}
    people = {c.winner for c in changes if scopes[c.scope][3] == "u"}
    units = {c.winner for c in changes if scopes[c.scope][3] == "d"}
    names = {("u", u.pk): str(u) for u in User.objects.filter(pk__in=people)}
    names |= {("d", u.pk): str(u) for u in Unit.objects.filter(pk__in=units)}
    round_titles = {
        str(r.pk): str(r)
        for r in Round.objects.filter(
            pk__in={s[1] for s in scopes.values() if s[1] is not None}
        )
    }
    out = []
    for c in changes:
        part, round_id, group, who = scopes[c.scope]
        where = round_titles.get(str(round_id)) or str(Award.Part(part).label)
        if group:
            where = f"{where} — {group}"
        out.append(
            {
                "winner_id": c.winner,
                "winner_kind": "user" if who == "u" else "unit",
                "name": names.get((who, c.winner), str(c.winner)),
                "scope": where,
                "before": c.before,
                "after": c.after,
                "kind": c.kind,
            }
        )
    return out


def regrade_summary(regrade: RegradeRun) -> list[str]:
    """Vietnamese lines describing a regrade (for the command and the admin)."""
    lines = [
        _(
            "Chấm lại %(round)s: %(n)s bài thi, %(s)s người đổi điểm, "
            "%(r)s người đổi hạng."
        )
        % {
            "round": regrade.round,
            "n": regrade.attempts_rescored,
            "s": regrade.scores_changed,
            "r": regrade.ranks_changed,
        }
    ]
    for change in regrade.key_changes:
        lines.append(
            _("Câu hỏi #%(q)s: đáp án %(old)s → %(new)s (%(by)s)")
            % {
                "q": change["question_id"],
                "old": change["old_key"],
                "new": change["new_key"],
                "by": change["by"] or "—",
            }
        )
    for voided in regrade.voided_questions:
        lines.append(
            _("Câu hỏi #%(q)s bị hủy: %(reason)s")
            % {"q": voided["question_id"], "reason": voided["reason"]}
        )
    if not regrade.prize_changes:
        lines.append(_("Không có thay đổi về giải thưởng."))
    for change in regrade.prize_changes:
        lines.append(prize_change_line(change, published=regrade.was_published))
    return lines


def prize_change_line(change: dict, *, published: bool) -> str:
    prefix = _("[ĐÃ CÔNG BỐ] ") if published else ""
    if change["kind"] == "gained":
        text = _("%(name)s được %(after)s (%(scope)s)")
    elif change["kind"] == "lost":
        text = _("%(name)s mất %(before)s (%(scope)s)")
    else:
        text = _("%(name)s: %(before)s → %(after)s (%(scope)s)")
    return prefix + text % change
