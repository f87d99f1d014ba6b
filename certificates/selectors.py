"""Reads: a person's certificates, a contest's for the desk."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from . import access
from .models import Certificate


def certificates_of(user) -> list[Certificate]:
    """The valid certificates ``user`` may download as their winner: their own
    prizes and, for a unit representative, their unit's; published results only."""
    if not user.is_authenticated:
        return []
    mine = Q(winner_user_id=user.id)
    if access.represents(user, user.represented_unit_id):
        mine |= Q(winner_unit_id=user.represented_unit_id)
    rows = (
        Certificate.objects.filter(mine, status=Certificate.Status.VALID)
        .select_related("contest")
        .order_by("-issued_on", "-id")
    )
    return [c for c in rows if access.is_published(c)]


def contest_certificates(contest_id: int) -> QuerySet[Certificate]:
    return Certificate.objects.filter(contest_id=contest_id).order_by(
        "status", "part", "round__number", "group", "tier_index", "id"
    )
