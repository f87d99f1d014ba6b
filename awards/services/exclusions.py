"""A round's prizes after the fair play review excluded (or re-admitted) people
(review.signals.round_exclusions_changed): re-allocated from the stored ranking,
which awards.inputs.round_prize_rules reads with the review's exclusions."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contests.models import Round

from .. import decisions, selectors
from ..models import ClosingStatus, RoundClosing
from . import writing
from .closing import reallocate_round_prizes
from .common import forget_public_pages
from .regrade import (
    changes_json,
    prize_change_line,
    reallocate_later_rounds,
    save_revised,
)


def reallocate_reviewed_round(
    round_id: int, *, now: datetime | None = None
) -> list[str]:
    """Re-allocate a closed round's prizes (and, when one prize per person
    applies, those of the later closed rounds) after its excluded people changed;
    published results are marked revised when a prize moved. Returns who gained
    or lost which prize, as Vietnamese lines for the decision's record (none when
    the round is not closed yet: its close will read the exclusions). Runs in the
    caller's transaction when there is one (the review's decision), so the
    decision and the new prizes commit together. Safe to re-run."""
    now = now or timezone.now()
    round_ = Round.objects.select_related("contest").get(pk=round_id)
    contest = round_.contest
    with transaction.atomic():
        closing = (
            RoundClosing.objects.select_for_update(of=("self",))
            .filter(pk=round_id, status=ClosingStatus.CLOSED)
            .first()
        )
        if closing is None:
            return []
        before = selectors.award_triples(contest.id)
        writing.record_prizes(closing, reallocate_round_prizes(round_))
        touched = [closing]
        if contest.one_individual_prize_per_person:
            touched += reallocate_later_rounds(round_)
        changes = decisions.prize_changes(before, selectors.award_triples(contest.id))
        save_revised(touched, changed=bool(changes), now=now)
        forget_public_pages(contest.id, [c.round_id for c in touched])
        published = any(c.is_published for c in touched)
    return [prize_change_line(c, published=published) for c in changes_json(changes)]
