"""Who may do what with a live game. Every view and consumer asks here first; the
rule itself is contests.permissions' (one answer for every app)."""

from __future__ import annotations

from contests.models import ContestStaff
from contests.permissions import Action, contest_roles, may

from .models import LiveGame

Role = ContestStaff.Role


def can_host(user, game: LiveGame) -> bool:
    """The contest's organizers (Ban Tổ chức) run the game; superusers may too."""
    if not user or not user.is_authenticated:
        return False
    return may(user, Action.MANAGE, game.contest_id)


def can_show_stage(user, game: LiveGame) -> bool:
    """The projector's laptop: organizers, helpers (Tổ giúp việc) and secretaries."""
    if can_host(user, game):
        return True
    return bool(contest_roles(user, game.contest_id) & {Role.HELPER, Role.SECRETARY})
