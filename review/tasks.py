"""Celery: ids in, one service call, a small value out. The beat sweep
(CELERY_BEAT_SCHEDULE "review-due-rounds") computes the review of rounds that
closed recently; organizers also ask for it from the page."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="review.compute_round_review")
def compute_round_review(round_id: int) -> str:
    """Compute and store a round's review (services.compute_round_review); safe
    to re-run, returns "done" or "busy"."""
    from review import services

    return services.compute_round_review(round_id)


@shared_task(name="review.review_due_rounds")
def review_due_rounds() -> int:
    """Beat: enqueue compute_round_review for every round due a review."""
    from review import selectors

    round_ids = selectors.due_round_ids()
    for round_id in round_ids:
        compute_round_review.delay_on_commit(round_id)
    return len(round_ids)
