"""Who may do what with a live game. Every view and consumer asks here first."""

from __future__ import annotations

from contests.models import ContestStaff
from contests.selectors import staff_roles

from .models import LiveGame

Role = ContestStaff.Role


def can_host(user, game: LiveGame) -> bool:
    """The contest's organizers (Ban Tổ chức) run the game; superusers may too."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or Role.ORGANIZER in staff_roles(user, game.contest_id)


def can_show_stage(user, game: LiveGame) -> bool:
    """The projector's laptop: organizers, helpers (Tổ giúp việc) and secretaries."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or bool(
        staff_roles(user, game.contest_id)
        & {Role.ORGANIZER, Role.HELPER, Role.SECRETARY}
    )
