"""What happens after a commit: broadcasts, takeovers, the deadline's lock task."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction

log = logging.getLogger(__name__)


def broadcast_on_commit(game_id: int) -> None:
    """Send every screen the new state once the transaction commits."""
    from ..broadcast import broadcast_state

    transaction.on_commit(lambda: broadcast_state(game_id))


def send_takeover(game_id: int, player_id: int, version: int) -> None:
    """Tell the player's other device it has been taken over."""
    from .. import broadcast

    broadcast.send_takeover(game_id, player_id, version)


def schedule_lock(game_id: int, deadline: datetime.datetime) -> None:
    """The Celery task that locks the question at its deadline."""
    from ..tasks import lock_if_due as task

    try:
        task.apply_async((game_id,), eta=deadline)
    except Exception:  # the broker is down: reads and answers lock lazily
        log.warning(
            "live: could not schedule the lock of game %s", game_id, exc_info=True
        )
