"""The demo roster and people (accounts/demo.py), as `make run` loads them."""

import io

import pytest

from accounts import demo, roles, selectors
from accounts.models import Unit, User

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


def test_the_roster_is_shaped_like_the_ben_tre_federation():
    seed()
    province = Unit.objects.get(code="LDLD-BT")
    uppers = Unit.objects.filter(parent=province)
    assert province.parent is None
    assert uppers.count() >= 8
    assert set(uppers.values_list("kind", flat=True)) == {Unit.Kind.UPPER}
    assert Unit.objects.filter(parent__parent=province, kind="grassroots").count() >= 20
    assert Unit.objects.count() >= 30
    counts = selectors.effective_staff_counts()
    # Every upper-level union has a staff count, own or summed from below.
    assert all(counts[u.pk] for u in uppers)
    assert counts[province.pk] == sum(counts[u.pk] for u in uppers)


def test_one_person_per_role_and_complete_contestants():
    out = seed()
    for role in roles.ALL_ROLES:
        assert User.objects.filter(groups__name=role).count() == 1, role
    rep = User.objects.get(groups__name=roles.UNIT_REPRESENTATIVE)
    assert rep.represented_unit.kind == Unit.Kind.UPPER
    assert User.objects.get(username="admin").is_superuser
    contestants = User.objects.filter(username__startswith="thisinh")
    assert contestants.count() >= 3
    assert all(c.is_profile_complete for c in contestants)
    # Demo logins are printed, and they work.
    assert demo.DEMO_PASSWORD in out
    assert "0900 000 002" in out
    assert User.objects.get(username="bantochuc").check_password(demo.DEMO_PASSWORD)


def test_seeding_twice_changes_nothing():
    seed()
    units = sorted(
        Unit.objects.values_list("code", "name", "parent__code", "staff_count")
    )
    people = sorted(User.objects.values_list("username", "phone", "cccd", "password"))
    seed()
    assert (
        sorted(Unit.objects.values_list("code", "name", "parent__code", "staff_count"))
        == units
    )
    assert (
        sorted(User.objects.values_list("username", "phone", "cccd", "password"))
        == people
    )


def test_the_demo_logs_in_by_phone_and_by_email(client):
    seed()
    for login in ("0900 000 002", "btc@example.com"):
        response = client.post(
            "/tai-khoan/login/", {"login": login, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 302, login
        client.logout()
