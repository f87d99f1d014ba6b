"""Publishing results: staff see them at once, the public after this."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from contests.models import Contest, Round

from ..models import (
    ContestClosing,
    RoundClosing,
)
from .common import (
    MSG_ALREADY_PUBLISHED,
    MSG_CONTEST_NOT_CLOSED,
    MSG_NOT_CLOSED,
    MSG_PUBLISHED,
    ResultsRefused,
    forget_public_pages,
    round_label,
    when,
)

log = logging.getLogger(__name__)

# -------------------------------------------------------------------- publishing


def publish_round(round_id: int, *, user) -> str:
    """Make a closed round's results public (winners with unit, score and time).
    Refuses (ResultsRefused) before the round is closed. Idempotent: publishing
    again keeps the first publication time. Returns the message to show."""
    round_ = Round.objects.select_related("contest").get(pk=round_id)
    what = round_label(round_)
    with transaction.atomic():
        closing = RoundClosing.objects.select_for_update().filter(pk=round_id).first()
        if closing is None or not closing.is_closed:
            raise ResultsRefused(MSG_NOT_CLOSED.format(round=what))
        if closing.is_published:
            return MSG_ALREADY_PUBLISHED.format(
                what=what, at=when(closing.published_at)
            )
        closing.published_at = timezone.now()
        closing.published_by = user
        closing.save(update_fields=["published_at", "published_by", "updated_at"])
        forget_public_pages(round_.contest_id, [round_id])
    return MSG_PUBLISHED.format(what=what)


def publish_contest(contest_id: int, *, user) -> str:
    """Make the contest-wide results (contest prizes, collective ranking) public.
    Refuses before they are computed. Idempotent."""
    contest = Contest.objects.get(pk=contest_id)
    what = f"toàn cuộc thi «{contest.title}»"
    with transaction.atomic():
        closing = (
            ContestClosing.objects.select_for_update().filter(pk=contest_id).first()
        )
        if closing is None or not closing.is_closed:
            raise ResultsRefused(MSG_CONTEST_NOT_CLOSED.format(contest=contest.title))
        if closing.is_published:
            return MSG_ALREADY_PUBLISHED.format(
                what=what, at=when(closing.published_at)
            )
        closing.published_at = timezone.now()
        closing.published_by = user
        closing.save(update_fields=["published_at", "published_by", "updated_at"])
        forget_public_pages(contest_id)
    return MSG_PUBLISHED.format(what=what)
