"""Who may do what in a contest's video part. Reads only; every view calls these first.

Per-contest roles come from contests.ContestStaff (organizer, judge, helper,
secretary); the unit representative is the role group plus User.represented_unit.
Superusers may do everything an organizer may.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from accounts import roles
from accounts.models import Unit, User
from contests.models import Contest, ContestStaff

from .models import VideoPart

Role = ContestStaff.Role
MAX_TREE_DEPTH = 50


def contest_roles(user: User | AnonymousUser, contest: Contest) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(
        ContestStaff.objects.filter(contest=contest, user=user).values_list(
            "role", flat=True
        )
    )


def can_manage(user, contest: Contest) -> bool:
    """Organizers of this contest: settings, judges, finalising, publishing."""
    return user.is_authenticated and (
        user.is_superuser or Role.ORGANIZER in contest_roles(user, contest)
    )


def can_enter_interactions(user, contest: Contest) -> bool:
    """Organizers and helpers (Tổ giúp việc) type in the fan-page counts."""
    return can_manage(user, contest) or bool(
        contest_roles(user, contest) & {Role.HELPER}
    )


def can_export(user, contest: Contest) -> bool:
    """Organizers and the secretariat export results and the score sheet."""
    return can_manage(user, contest) or bool(
        contest_roles(user, contest) & {Role.SECRETARY}
    )


def is_contest_judge(user, contest: Contest) -> bool:
    return Role.JUDGE in contest_roles(user, contest)


def unit_within(unit: Unit | None, ancestor: Unit) -> bool:
    """True when `unit` is `ancestor` or lies anywhere in its subtree."""
    seen = 0
    while unit is not None and seen < MAX_TREE_DEPTH:
        if unit.pk == ancestor.pk:
            return True
        unit = unit.parent
        seen += 1
    return False


def judge_conflicts_with(judge: User, clip_unit: Unit) -> bool:
    """A judge never scores a clip of their own unit (or of a unit above theirs)."""
    return unit_within(judge.unit, clip_unit)


def representative_unit(user, part: VideoPart) -> Unit | None:
    """The competing unit `user` may submit for in this contest, or None.

    They must be in the unit-representative role group, speak for a unit of the
    competing kind, and hold no staff role in the contest (organizers, judges,
    helpers and secretaries never compete)."""
    if not user.is_authenticated or user.represented_unit_id is None:
        return None
    if not user.groups.filter(name=roles.UNIT_REPRESENTATIVE).exists():
        return None
    if contest_roles(user, part.contest):
        return None
    unit = user.represented_unit
    if unit.kind != part.competing_unit_kind:
        return None
    return unit


def can_see_clip(user, clip) -> bool:
    """Who may watch a clip that is not (yet) in the public gallery: the contest's
    staff, the judges assigned to it (never of its own unit) and its unit's
    representatives."""
    if not user.is_authenticated:
        return False
    contest = clip.part.contest
    if user.is_superuser or contest_roles(user, contest) - {Role.JUDGE}:
        return True
    if (
        is_contest_judge(user, contest)
        and not judge_conflicts_with(user, clip.unit)
        and clip.assignments.filter(judge=user).exists()
    ):
        return True
    return (
        user.represented_unit_id == clip.unit_id
        and user.groups.filter(name=roles.UNIT_REPRESENTATIVE).exists()
    )
