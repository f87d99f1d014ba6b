"""Celery: ids in, one service call, a small value out."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="review.compute_round_review")
def compute_round_review(round_id: int) -> str:
    """Compute and store a round's review (services.compute_round_review); safe
    to re-run, returns "done" or "busy"."""
    from review import services

    return services.compute_round_review(round_id)
