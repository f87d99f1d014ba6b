"""Signals awards sends: apps that keep something derived from the award rows
(certificates) listen, so awards never imports them."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

# Sent once the transaction that deleted and re-created a contest's award rows
# commits (closing, regrade, contest results, the video part's and the live
# final's results), with ``contest_id``. Award ids do not survive a rewrite:
# a listener re-matches what it keeps by the awards' content.
awards_rewritten = Signal()


def announce_rewrite(contest_id: int) -> None:
    """Send ``awards_rewritten`` for ``contest_id`` after the current transaction
    commits (at once outside one). A failing listener is logged by Django
    (robust), never undoes or fails the rewrite that already committed."""

    def send_awards_rewritten() -> None:  # named: Django logs a robust failure by name
        awards_rewritten.send(sender=None, contest_id=contest_id)

    transaction.on_commit(send_awards_rewritten, robust=True)
