"""A small contest across a unit tree, with two weeks of attempts whose figures
the tests count by hand (tests/insights/test_weekly.py's docstring lists them).

    Tỉnh (P, staff: sum below = 19)
    ├── Huyện Bắc Sơn (D, staff: sum below = 14)
    │   ├── Xã X (staff 10)
    │   └── Xã Y (staff 4)
    └── Sở Z (staff 5)

Week 1 is Monday 23/11/2026 - Sunday 29/11/2026, week 2 is 30/11 - 06/12/2026
(Asia/Ho_Chi_Minh); 20 questions an attempt.
"""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from tests.factories import UnitFactory, UserFactory
from tests.factories.awards import finished_attempt
from tests.factories.contests import ContestFactory, RoundFactory

ZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
WEEK1 = datetime.date(2026, 11, 23)
WEEK2 = datetime.date(2026, 11, 30)


def at(day: int, month: int = 11, hour: int = 10, minute=0, second=0):
    return datetime.datetime(2026, month, day, hour, minute, second, tzinfo=ZONE)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eager_tasks():
    """Celery tasks run in this process when enqueued, for this test only (with
    django_capture_on_commit_callbacks(execute=True) they run as the callbacks
    run). Never set globally: an on-commit bug would hide."""
    from config.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.fixture
def tree(db):
    p = UnitFactory(code="P", name="Tỉnh Lạng Sơn", kind="province", staff_count=None)
    d = UnitFactory(
        code="D", name="Huyện Bắc Sơn", kind="upper", parent=p, staff_count=None
    )
    x = UnitFactory(code="X", name="Xã Bắc Quỳnh", parent=d, staff_count=10)
    y = UnitFactory(code="Y", name="Xã Chiến Thắng", parent=d, staff_count=4)
    z = UnitFactory(
        code="Z", name="Sở Thông tin và Truyền thông", parent=p, staff_count=5
    )
    return {"P": p, "D": d, "X": x, "Y": y, "Z": z}


@pytest.fixture
def weeks(tree):
    """The contest and its attempts (see the module docstring)."""
    contest = ContestFactory(slug="bac-son-2026", unit_root=tree["P"])
    round_ = RoundFactory(
        contest=contest, number=1, opens_at=at(10), closes_at=at(10, month=12)
    )
    practice = RoundFactory(
        contest=contest,
        number=2,
        is_practice=True,
        opens_at=at(10),
        closes_at=at(10, month=12),
    )
    people = {
        name: UserFactory(username=name, unit=tree[unit] if unit else None)
        for name, unit in [
            ("x1", "X"),
            ("x2", "X"),
            ("y1", "Y"),
            ("y2", "Y"),
            ("z1", "Z"),
            ("z2", "Z"),
            ("n1", None),
        ]
    }

    def attempt(name, score, when, number=1, round_=round_, prediction=None):
        return finished_attempt(
            round_,
            people[name],
            score=score,
            submitted_at=when,
            prediction=prediction,
            number=number,
            counted=number == 1,
            question_count=20,
            unit=people[name].unit,
        )

    attempt("y2", 0, at(18), prediction=100)  # before week 1
    attempt("x1", 20, at(24), prediction=120)  # week 1
    attempt("y1", 16, at(25), prediction=130)  # week 1
    # week 1's last second
    attempt("z2", 10, at(29, hour=23, minute=59, second=59), prediction=250)
    attempt("x1", 12, at(1, month=12), number=2)  # week 2
    attempt("x2", 20, at(2, month=12), prediction=125)
    attempt("x2", 9, at(3, month=12), number=2)
    attempt("z1", 19, at(4, month=12))
    attempt("z2", 4, at(30, hour=0), number=2)  # week 2's first second
    attempt("n1", 20, at(5, month=12), prediction=140)  # no unit: whole contest only
    attempt("x1", 20, at(2, month=12), round_=practice)  # practice: never counted
    return {"contest": contest, "round": round_, "people": people, **tree}


@pytest.fixture
def district_rep(tree):
    user = UserFactory(
        username="daidien_bacson", unit=tree["D"], represented_unit=tree["D"]
    )
    group, _ = Group.objects.get_or_create(name=roles.UNIT_REPRESENTATIVE)
    user.groups.add(group)
    return user
