"""Roles as groups: kept by sync_roles(), and what each member of the cast may do."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal

from accounts import roles, services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def perms(role):
    return {
        f"{app}.{code}"
        for app, code in Group.objects.get(name=role).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_every_role_exists_after_migrate_with_its_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    organizer = perms(roles.ORGANIZER)
    assert {
        "accounts.add_unit",
        "accounts.change_unit",
        "accounts.view_personal_data",
        "contests.change_contest",
    } <= organizer
    assert "accounts.delete_user" not in organizer
    secretary = perms(roles.SECRETARY)
    assert "accounts.view_unit" in secretary
    assert not any(
        p.split(".")[1].startswith(("add_", "change_", "delete_")) for p in secretary
    )
    judge = perms(roles.JUDGE)
    assert "accounts.view_personal_data" not in judge
    assert not any(p.startswith("accounts.") for p in judge)


def test_the_secretariat_never_gets_the_answer_key_models():
    secretary = perms(roles.SECRETARY)
    assert "contests.view_contest" in secretary
    assert not any(p.startswith("quizzes.") for p in secretary)
    assert "contests.view_questionsnapshot" not in secretary


def test_sync_roles_is_idempotent_and_repairs_drift():
    first = {role: perms(role) for role in roles.ALL_ROLES}
    Group.objects.get(name=roles.ORGANIZER).permissions.clear()
    Group.objects.get(name=roles.JUDGE).permissions.add(
        Permission.objects.get(codename="delete_unit")
    )
    services.sync_roles()
    services.sync_roles()
    assert {role: perms(role) for role in roles.ALL_ROLES} == first


def test_permissions_of_apps_not_there_yet_are_skipped_then_picked_up(monkeypatch):
    monkeypatch.setitem(
        roles.ROLE_PERMISSIONS,
        roles.JUDGE,
        (*roles.ROLE_PERMISSIONS[roles.JUDGE], "ghost.grade_*"),
    )
    services.sync_roles()  # no error for an app that does not exist
    assert not any(p.startswith("ghost.") for p in perms(roles.JUDGE))
    kind = ContentType.objects.create(app_label="ghost", model="clip")
    Permission.objects.create(content_type=kind, codename="grade_clip", name="grade")
    services.sync_roles()
    assert "ghost.grade_clip" in perms(roles.JUDGE)


def test_migrate_runs_sync_roles():
    Group.objects.filter(name__in=roles.ALL_ROLES).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    assert "accounts.change_unit" in perms(roles.ORGANIZER)


def test_patterns_grant_and_take_back():
    available = {"a.view_x", "a.view_y", "a.change_x", "b.view_z"}
    granted = roles.resolve_patterns(("a.view_*", "*.view_z", "!a.view_y"), available)
    assert granted == {"a.view_x", "b.view_z"}


def test_assign_role_ties_a_representative_to_a_unit(unit_a):
    person = UserFactory()
    with pytest.raises(ValidationError):
        services.assign_role(person, roles.UNIT_REPRESENTATIVE)
    person = services.assign_role(person, roles.UNIT_REPRESENTATIVE, unit=unit_a)
    assert person.represented_unit == unit_a
    assert not person.is_staff
    assert person.has_perm("videos.add_videoclip")
    assert not person.has_perm("accounts.view_personal_data")


@pytest.mark.parametrize(
    ("role", "staff"),
    [(roles.ORGANIZER, True), (roles.SECRETARY, True), (roles.JUDGE, False)],
)
def test_assign_role_gives_admin_access_to_admin_roles_only(role, staff):
    person = services.assign_role(UserFactory(), role)
    services.assign_role(person, role)  # twice is the same
    assert person.is_staff is staff
    assert list(person.groups.values_list("name", flat=True)) == [role]
