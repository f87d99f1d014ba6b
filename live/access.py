"""Who may do what with a live game. Every view and consumer asks here first."""

from __future__ import annotations

from contests.models import ContestStaff

from .models import LiveGame

Role = ContestStaff.Role


def _roles(user, game: LiveGame) -> set[str]:
    if not user or not user.is_authenticated:
        return set()
    return set(
        ContestStaff.objects.filter(contest_id=game.contest_id, user=user).values_list(
            "role", flat=True
        )
    )


def can_host(user, game: LiveGame) -> bool:
    """The contest's organizers (Ban Tổ chức) run the game; superusers may too."""
    if not user or not user.is_authenticated:
        return False
    return user.is_superuser or Role.ORGANIZER in _roles(user, game)


def can_show_stage(user, game: LiveGame) -> bool:
    """The projector's laptop: organizers, helpers (Tổ giúp việc) and secretaries."""
    if can_host(user, game):
        return True
    return bool(_roles(user, game) & {Role.HELPER, Role.SECRETARY})
