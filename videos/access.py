"""Who may do what in a contest's video part. Reads only; every view calls these first.

The staff checks are thin names over contests.permissions.may (the one rule for
every app: the role group's permission and a ContestStaff row on this contest);
the rest (judges' conflicts of interest, a unit representative's clip) is the
video part's own. Superusers may do everything an organizer may.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from accounts import roles
from accounts.models import Unit, UnitChange, User
from accounts.selectors import units_and_ancestors
from accounts.services import UnitChangeReview
from contests import permissions
from contests.models import Contest, ContestStaff
from contests.permissions import Action

from . import messages as msg
from .models import JudgeAssignment, VideoClip, VideoPart

Role = ContestStaff.Role


def contest_roles(user: User | AnonymousUser, contest: Contest) -> set[str]:
    return permissions.contest_roles(user, contest)


def can_manage(user, contest: Contest) -> bool:
    """Organizers of this contest: settings, judges, finalising, publishing."""
    return permissions.may(user, Action.MANAGE, contest)


def can_enter_interactions(user, contest: Contest) -> bool:
    """Organizers and helpers (Tổ giúp việc) type in the fan-page counts."""
    return permissions.may(user, Action.ENTER_INTERACTIONS, contest)


def can_export(user, contest: Contest) -> bool:
    """Organizers and the secretariat export results and the score sheet."""
    return permissions.may(user, Action.EXPORT, contest)


def is_contest_judge(user, contest: Contest) -> bool:
    """On this contest's jury (and in the judges' role group)."""
    return permissions.may(user, Action.JUDGE, contest)


def judge_unit_ids(judge: User, contest_id: int) -> set[int]:
    """Every unit that speaks for ``judge`` in a contest when conflicts of interest
    are checked, as a jury secretary would list them:

    - the affiliation the organizers recorded on the judge's ContestStaff row;
    - the judge's profile unit now;
    - the profile unit they had when each of their clips was assigned;
    - every unit their profile held since they joined this contest's jury
      (accounts.UnitChange, old and new), so moving cannot hide a clip.
    """
    ids = {judge.unit_id}
    staff = list(
        ContestStaff.objects.filter(
            contest_id=contest_id, user=judge, role=Role.JUDGE
        ).values_list("affiliation_unit_id", "created_at")
    )
    ids.update(unit_id for unit_id, _ in staff)
    ids.update(
        JudgeAssignment.objects.filter(
            judge=judge, clip__part__contest_id=contest_id
        ).values_list("judge_unit_id", flat=True)
    )
    if staff:
        since = min(created for _, created in staff)
        for old, new in UnitChange.objects.filter(
            user=judge, changed_at__gte=since
        ).values_list("old_unit_id", "new_unit_id"):
            ids.update((old, new))
    ids.discard(None)
    return ids


def conflicting_unit_ids(judge: User, contest_id: int) -> set[int]:
    """The units whose clips ``judge`` never scores in the contest: each unit that
    speaks for them and every unit above it (a judge of a grassroots union does
    not score the clip of the upper-level union it belongs to). A unit below
    theirs is no conflict: province-level judges score every district's clip."""
    return units_and_ancestors(judge_unit_ids(judge, contest_id))


def judge_conflicts_with(judge: User, clip: VideoClip) -> bool:
    """A judge never scores a clip of their own unit (or of a unit above theirs),
    whichever unit their profile shows today (see judge_unit_ids)."""
    return clip.unit_id in conflicting_unit_ids(judge, clip.part.contest_id)


def unit_change_review(user: User) -> UnitChangeReview:
    """accounts' check before a person changes their own unit: a judge of a
    contest whose video results are not published yet may not (their unit
    decides which clips they may not score); the organizers can, in the admin,
    and record the judge's affiliation per contest."""
    titles = list(
        VideoPart.objects.filter(
            results_published=False,
            contest__staff__user=user,
            contest__staff__role=Role.JUDGE,
        )
        .order_by("contest__title")
        .values_list("contest__title", flat=True)
        .distinct()
    )
    if not titles:
        return UnitChangeReview()
    return UnitChangeReview(
        refusal=str(
            msg.JUDGE_UNIT_LOCKED
            % {"contests": ", ".join(f"«{title}»" for title in titles)}
        ),
        notes=tuple(str(msg.JUDGE_IN % {"contest": t}) for t in titles),
    )


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
        and not judge_conflicts_with(user, clip)
        and clip.assignments.filter(judge=user).exists()
    ):
        return True
    return (
        user.represented_unit_id == clip.unit_id
        and user.groups.filter(name=roles.UNIT_REPRESENTATIVE).exists()
    )
