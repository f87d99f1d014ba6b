"""Writes about people and roles. Unit imports live in accounts.unit_import."""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import roles
from .models import Unit, User

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


@transaction.atomic
def update_profile(user: User, data: dict) -> User:
    """Save the person's own profile (cleaned ProfileForm data). A new phone is
    unverified; the email is mirrored into allauth's EmailAddress (used for
    login and password reset). The unique constraints guard races."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    old_phone = locked.phone.as_e164 if locked.phone else None
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
