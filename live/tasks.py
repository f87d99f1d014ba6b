"""Celery tasks: take ids, call the service. No logic here."""

from celery import shared_task


@shared_task(name="live.lock_if_due")
def lock_if_due(game_id: int) -> bool:
    """Due at an open question's deadline: lock it if still open (services.lock_if_due).
    Safe to run twice or late; reads and answers also lock lazily."""
    from live import services

    return services.lock_if_due(game_id)
