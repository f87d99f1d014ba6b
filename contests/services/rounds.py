"""A round's close moved by an organizer: open attempts end then (SPEC §4: an
attempt's deadline is the earlier of start + time limit and the round's close)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from core.formatting import format_time

from .. import rules
from ..models import Attempt, Round
from . import prepared
from .common import RoundRefused


def published_round(slug: str, number: int) -> Round:
    """Round ``number`` of the published contest ``slug``, with its contest and the
    contest's unit root (Round.DoesNotExist when there is none): what a start
    reads first, the same rows for every contestant of a rush. Prepared in the
    process (prepared.py) and stale everywhere once a round, a contest or a unit
    is saved (contests.receivers). Shared between requests: read it, never change
    it."""
    return prepared.prepared(
        ("round", slug, number),
        prepared.current_generation(),
        lambda: Round.objects.select_related("contest", "contest__unit_root").get(
            contest__slug=slug, contest__is_published=True, number=number
        ),
    )


def round_with_contest(round_id: int) -> Round:
    """The round with its contest, prepared as published_round is (a submit reads
    only the settings: practice, prediction, counting). Shared between requests:
    read it, never change it."""
    return prepared.prepared(
        ("round-id", round_id),
        prepared.current_generation(),
        lambda: Round.objects.select_related("contest").get(pk=round_id),
    )


def cap_open_deadlines(round_: Round, *, now: datetime | None = None) -> int:
    """Bring the deadline of every open attempt of ``round_`` down to the round's
    close, or to ``now`` when the close has already passed (answers accepted until
    now stay; none is refused retroactively). The answer save, the lazy
    finalisation and the sweep all read the attempt's deadline, so from here on
    saves after it are refused and the sweep finalises the attempts. Returns how
    many deadlines moved. Safe to repeat; concurrent saves wait on the row lock."""
    now = now or timezone.now()
    cap = max(round_.closes_at, now)
    return Attempt.objects.filter(
        round_id=round_.pk,
        status=Attempt.Status.IN_PROGRESS,
        deadline__gt=cap,
        started_at__lt=cap,
    ).update(deadline=cap)


def end_round_now(round_id: int, *, now: datetime | None = None) -> int:
    """ "Đóng đợt thi ngay" on a running round: move its close to ``now`` and end
    its open attempts now (cap_open_deadlines). Returns how many attempts were
    ended. Raises RoundRefused for a practice round or a round not yet open. A
    round whose close has passed is left as it is (returns 0). Safe to repeat."""
    now = now or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_id)
        if round_.is_practice:
            raise RoundRefused(rules.MSG_END_PRACTICE)
        if now <= round_.opens_at:
            raise RoundRefused(
                rules.MSG_END_NOT_STARTED.format(opens_at=format_time(round_.opens_at))
            )
        if round_.closes_at > now:
            round_.closes_at = now
            round_.save(update_fields=["closes_at", "updated_at"])
        return cap_open_deadlines(round_, now=now)
