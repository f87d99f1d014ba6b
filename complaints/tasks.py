"""Celery: take ids, call the service, return a small value."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="complaints.notify_decisions")
def notify_decisions(complaint_ids: list[int]) -> int:
    """Mail the decisions of these complaints (services.notify_decisions); safe
    to run twice."""
    from complaints import services

    return services.notify_decisions(complaint_ids=complaint_ids)
