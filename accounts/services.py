"""Writes about people and roles. Unit imports live in accounts.unit_import."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import Unit, UnitChange, User

log = logging.getLogger(__name__)

UNIT_REQUIRED_FOR_REPRESENTATIVE = _(
    "Đại diện đơn vị phải gắn với một đơn vị (trường “Đơn vị đại diện”)."
)


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create the role groups and give each exactly the permissions its patterns
    in roles.ROLE_PERMISSIONS match among the permissions that exist now.

    Permissions of apps or models not migrated yet are skipped and picked up by a
    later run (post_migrate runs it after every migrate). Safe to run any number
    of times; returns {role: number of permissions}."""
    rows = Permission.objects.values_list("pk", "content_type__app_label", "codename")
    index = {f"{app}.{codename}": pk for pk, app, codename in rows}
    available = set(index)
    counts: dict[str, int] = {}
    for role in roles.ALL_ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        names = roles.resolve_patterns(roles.ROLE_PERMISSIONS[role], available)
        wanted = {index[name] for name in names}
        current = set(group.permissions.values_list("pk", flat=True))
        if wanted != current:
            group.permissions.set(wanted)
            log.debug("role %s: %d permissions", role, len(wanted))
        counts[role] = len(wanted)
    return counts


@transaction.atomic
def assign_role(user: User, role: str, *, unit: Unit | None = None) -> User:
    """Put `user` in the role's group. A unit representative speaks for `unit`
    (required); organizers and the secretariat get admin access (is_staff).
    Idempotent."""
    if role not in roles.ALL_ROLES:
        raise ValueError(role)
    user = User.objects.select_for_update().get(pk=user.pk)
    if role == roles.UNIT_REPRESENTATIVE:
        if unit is None and user.represented_unit_id is None:
            raise ValidationError(UNIT_REQUIRED_FOR_REPRESENTATIVE)
        if unit is not None:
            user.represented_unit = unit
    if role in roles.STAFF_ROLES:
        user.is_staff = True
    user.save(update_fields=["represented_unit", "is_staff"])
    group = Group.objects.filter(name=role).first()
    if group is None:
        sync_roles()
        group = Group.objects.get(name=role)
    user.groups.add(group)
    return user


# --- Unit changes ------------------------------------------------------------------


@dataclass(frozen=True)
class UnitChangeReview:
    """What other apps say about a person changing their own unit now: a refusal
    (shown on the profile page) and notes recorded with the change."""

    refusal: str = ""
    notes: tuple[str, ...] = ()


UnitChangeCheck = Callable[[User], UnitChangeReview]
# accounts may not import contests or videos (imports flow the other way): they
# register their checks here from AppConfig.ready().
_unit_change_checks: list[UnitChangeCheck] = []


def register_unit_change_check(check: UnitChangeCheck) -> None:
    """Add a check run before a person changes their own unit (idempotent)."""
    if check not in _unit_change_checks:
        _unit_change_checks.append(check)


def review_unit_change(user: User) -> UnitChangeReview:
    """Every registered check's verdict on ``user`` changing their unit: the
    refusals joined, the notes in order. Reads only."""
    refusals: list[str] = []
    notes: list[str] = []
    for check in _unit_change_checks:
        review = check(user)
        if review.refusal:
            refusals.append(str(review.refusal))
        notes.extend(str(n) for n in review.notes)
    return UnitChangeReview(refusal=" ".join(refusals), notes=tuple(notes))


def record_unit_change(
    user: User,
    *,
    old_unit_id: int | None,
    new_unit_id: int | None,
    changed_by: User | None,
    source: str,
    notes: tuple[str, ...] | None = None,
) -> UnitChange | None:
    """Write the UnitChange row for a change already made (None when the unit did
    not change). ``notes`` default to what the registered checks report."""
    if old_unit_id == new_unit_id:
        return None
    if notes is None:
        notes = review_unit_change(user).notes
    return UnitChange.objects.create(
        user=user,
        old_unit_id=old_unit_id,
        new_unit_id=new_unit_id,
        changed_by=changed_by,
        source=source,
        changed_at=timezone.now(),
        note="\n".join(notes),
    )


@transaction.atomic
def update_profile(user: User, data: dict) -> User:
    """Save the person's own profile (cleaned ProfileForm data). A new phone is
    unverified; the email is mirrored into allauth's EmailAddress (used for
    login and password reset). The unique constraints guard races.

    A change of unit is refused (ValidationError keyed "unit", nothing saved)
    when a registered check says so (a judge of a running contest), and is
    otherwise recorded as a UnitChange with what the person was taking part in."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    old_phone = locked.phone.as_e164 if locked.phone else None
    new_unit = data["unit"]
    new_unit_id = new_unit.pk if new_unit is not None else None
    if new_unit_id != locked.unit_id:
        review = review_unit_change(locked)
        if review.refusal:
            raise ValidationError({"unit": review.refusal}, code="unit_locked")
        record_unit_change(
            locked,
            old_unit_id=locked.unit_id,
            new_unit_id=new_unit_id,
            changed_by=user,
            source=UnitChange.Source.PROFILE,
            notes=review.notes,
        )
    for name in ("full_name", "birth_date", "gender", "group", "unit", "cccd"):
        setattr(locked, name, data[name])
    locked.phone = data["phone"]
    if data["phone"] != old_phone:
        locked.phone_verified = False
    email = (data.get("email") or "").lower()
    locked.email = email
    locked.save()
    addresses = EmailAddress.objects.filter(user=locked)
    if not email:
        addresses.delete()
    else:
        addresses.exclude(email__iexact=email).delete()
        if not addresses.filter(email__iexact=email).exists():
            EmailAddress.objects.create(
                user=locked, email=email, primary=True, verified=False
            )
    return locked
