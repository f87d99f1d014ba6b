"""May this person do ACTION to this contest? The one answer every app asks
(awards' results desk and admin, videos' pages and admin, contests' admin).

A portal hosts the contests of several organizers (a province's labour
federation, its police, its Department of ICT): none may close, publish, regrade,
export or judge another's. So, apart from superusers (who may do everything but
judge), a person needs both:

- the global permission of the action, from their role group
  (accounts/roles.py, kept by accounts.services.sync_roles): taking someone out
  of "Ban Tổ chức" still takes the power away everywhere;
- a ContestStaff row on *this* contest with a role the action allows.

A global organizer with no row on a contest may do nothing to it. Whoever adds a
contest in the admin becomes its organizer (contests.admin.ContestAdmin).
Helpers (Tổ giúp việc) have no role group: their row alone counts.
A unit representative may read the participation of their own unit's subtree in
a contest whose unit tree holds their unit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.selectors import units_and_ancestors

from .models import Contest, ContestStaff

Role = ContestStaff.Role


class Action(enum.StrEnum):
    MANAGE = "manage"  # configure the contest, its video part, judges, finalising
    CLOSE = "close"  # close a round now, compute the contest's results
    PUBLISH = "publish"
    REGRADE = "regrade"
    EXPORT = "export"
    VIEW_RESULTS_STAFF = "view_results_staff"  # the results desk, unpublished results
    JUDGE = "judge"
    ENTER_INTERACTIONS = "enter_interactions"  # the fan-page counts of the clips
    VIEW_PARTICIPATION = "view_participation"  # a unit's participation report


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    permission: str


_ORGANIZER = frozenset({Role.ORGANIZER})
_RESULTS_STAFF = frozenset({Role.ORGANIZER, Role.SECRETARY})

RULES: dict[Action, Rule] = {
    Action.MANAGE: Rule(_ORGANIZER, "contests.change_contest"),
    Action.CLOSE: Rule(_ORGANIZER, "awards.close_round"),
    Action.PUBLISH: Rule(_ORGANIZER, "awards.publish_results"),
    Action.REGRADE: Rule(_ORGANIZER, "awards.regrade_round"),
    Action.EXPORT: Rule(_RESULTS_STAFF, "awards.export_awards"),
    Action.VIEW_RESULTS_STAFF: Rule(_RESULTS_STAFF, "awards.view_roundresult"),
    Action.JUDGE: Rule(frozenset({Role.JUDGE}), "videos.add_score"),
    Action.ENTER_INTERACTIONS: Rule(
        frozenset({Role.ORGANIZER, Role.HELPER}), "videos.change_videoclip"
    ),
    Action.VIEW_PARTICIPATION: Rule(_RESULTS_STAFF, "awards.view_roundresult"),
}

# Staff roles without a role group: the ContestStaff row alone counts.
GROUPLESS_ROLES = frozenset({Role.HELPER})

# Refusals shown by admin actions (they act on several contests at once).
MSG_NOT_YOURS = _(
    "Bạn không có quyền %(action)s của cuộc thi «%(contest)s»: chỉ Ban Tổ chức của "
    "chính cuộc thi đó được làm việc này."
)
ACTION_NAMES = {
    Action.MANAGE: _("thiết lập"),
    Action.CLOSE: _("đóng đợt thi hay tính kết quả"),
    Action.PUBLISH: _("công bố kết quả"),
    Action.REGRADE: _("chấm lại"),
    Action.EXPORT: _("xuất dữ liệu"),
    Action.VIEW_RESULTS_STAFF: _("xem kết quả chưa công bố"),
    Action.JUDGE: _("chấm điểm"),
    Action.ENTER_INTERACTIONS: _("nhập số tương tác"),
    Action.VIEW_PARTICIPATION: _("xem báo cáo tham gia"),
}


def contest_roles(user, contest: Contest | int) -> set[str]:
    """The ContestStaff roles `user` holds in `contest` (one query)."""
    if not user.is_authenticated:
        return set()
    contest_id = contest if isinstance(contest, int) else contest.pk
    return set(
        ContestStaff.objects.filter(contest_id=contest_id, user=user).values_list(
            "role", flat=True
        )
    )


def _by_staff(user, action: Action, held: set[str]) -> bool:
    rule = RULES[action]
    for role in held & rule.roles:
        if role in GROUPLESS_ROLES or user.has_perm(rule.permission):
            return True
    return False


def may(user, action: Action, contest: Contest | int, *, unit=None) -> bool:
    """Whether `user` may do `action` to `contest` (see the module's rule).

    For VIEW_PARTICIPATION, `unit` is the unit whose report is asked for (None:
    the person's own): results staff of the contest read any unit; a unit
    representative only their own unit's subtree."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser and action is not Action.JUDGE:
        # A superuser sees and does everything, but scores are a juror's own:
        # only a judge on the contest's jury scores its clips.
        return True
    if _by_staff(user, action, contest_roles(user, contest)):
        return True
    if action is Action.VIEW_PARTICIPATION:
        return _represents_in(user, contest, unit)
    return False


def _represents_in(user, contest: Contest | int, unit) -> bool:
    if not user.represented_unit_id:
        return False
    if not user.groups.filter(name=roles.UNIT_REPRESENTATIVE).exists():
        return False
    if isinstance(contest, int):
        contest = Contest.objects.get(pk=contest)
    # "Inside a subtree" asked upwards: a unit's ancestors are a handful of rows,
    # where a subtree means reading the whole unit table (every request of a
    # representative's report asks this).
    represented = user.represented_unit_id
    root = contest.unit_root_id
    if root is not None and not (
        root in units_and_ancestors({represented})
        or represented in units_and_ancestors({root})
    ):
        return False
    unit_id = unit if unit is None or isinstance(unit, int) else unit.pk
    return unit_id is None or represented in units_and_ancestors({unit_id})


def staff_contest_ids(user) -> set[int] | None:
    """The contests `user` is staff of (any role); None for a superuser: all."""
    if user.is_superuser:
        return None
    if not user.is_authenticated:
        return set()
    return set(
        ContestStaff.objects.filter(user=user).values_list("contest_id", flat=True)
    )


def scope_to_staff(queryset: QuerySet, user, contest_field: str) -> QuerySet:
    """`queryset` cut to the rows of the contests `user` is staff of (all for a
    superuser). `contest_field` is the lookup to the contest's id, e.g.
    "contest_id" or "round__contest_id"."""
    ids = staff_contest_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{contest_field}__in": ids})


def refusal(action: Action, contest: Contest) -> str:
    """The Vietnamese message of an admin action refused on `contest`."""
    return str(MSG_NOT_YOURS) % {
        "action": ACTION_NAMES[action],
        "contest": contest.title,
    }


def contests_where(user, action: Action) -> QuerySet:
    """The contests on which `user` may do `action` (every one for a superuser),
    e.g. the contest choices of a form in the admin."""
    if user.is_superuser and action is not Action.JUDGE:
        return Contest.objects.all()
    if not user.is_authenticated:
        return Contest.objects.none()
    rule = RULES[action]
    held = {
        role
        for role in rule.roles
        if role in GROUPLESS_ROLES or user.has_perm(rule.permission)
    }
    return Contest.objects.filter(
        pk__in=ContestStaff.objects.filter(user=user, role__in=held).values(
            "contest_id"
        )
    )


class ContestScopedAdminMixin:
    """A ModelAdmin whose rows belong to a contest: a person sees only those of
    the contests they are staff of (a superuser sees all), and changes or deletes
    only those of the contests they organize (Action.MANAGE)."""

    # The lookup from a row to its contest's id: "contest_id", "round__contest_id"…
    contest_field = "contest_id"

    def get_queryset(self, request):
        return scope_to_staff(
            super().get_queryset(request), request.user, self.contest_field
        )

    def contest_id_of(self, obj) -> int:
        value = obj
        for name in self.contest_field.split("__"):
            value = getattr(value, name)
        return value

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may(request.user, Action.MANAGE, self.contest_id_of(obj))
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or may(request.user, Action.MANAGE, self.contest_id_of(obj))
        )
