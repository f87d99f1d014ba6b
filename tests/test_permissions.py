"""One portal, two organizers: the Bến Tre labour federation runs contest A, the
Đắk Lắk police contest B. Walk the cast through the real views and admin actions:
nobody closes, publishes, regrades, exports, judges or configures the other's
contest (403/404, nothing changed, nothing enqueued); each may on their own."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts import roles
from awards import services
from awards.models import ContestClosing, ExportJob, RegradeRun, RoundClosing
from contests import permissions
from contests.models import Contest, ContestStaff
from contests.permissions import Action
from tests.factories import (
    UnitFactory,
    UserFactory,
    VideoClipFactory,
    VideoPartFactory,
    staff_on,
)
from tests.factories.awards import closed_round, contest_with_round_tiers
from tests.factories.awards import finished_attempt as attempt

pytestmark = pytest.mark.django_db

CLOSABLE = "admin:awards_closableround_changelist"


def _contest(slug, title, organizer_name, unit_root):
    """A contest with round 1 closed (not published), round 2 due to close and its
    contest-wide results computed over round 1 (not published)."""
    contest = contest_with_round_tiers(
        slug=slug, title=title, organizer_name=organizer_name, unit_root=unit_root
    )
    first = closed_round(contest, number=1)
    due = closed_round(contest, number=2)
    for score in (20, 18, 15):
        attempt(first, score=score)
        attempt(due, score=score)
    services.close_round(first.id)
    services.close_contest(contest.id, force=True)
    part = VideoPartFactory(contest=contest)
    clip = VideoClipFactory(part=part)
    return {"contest": contest, "closed": first, "due": due, "part": part, "clip": clip}


@pytest.fixture
def world(organizer, secretary, province):
    police = UnitFactory(code="CA-DL", name="Công an tỉnh Đắk Lắk", kind="province")
    a = _contest(
        "chuyen-doi-so-ben-tre",
        "Cuộc thi tìm hiểu về Chuyển đổi số năm 2024",
        "Liên đoàn Lao động tỉnh Bến Tre",
        province,
    )
    b = _contest(
        "phap-luat-dak-lak",
        "Cuộc thi trực tuyến tìm hiểu pháp luật năm 2023",
        "Ủy ban nhân dân tỉnh Đắk Lắk (Công an tỉnh chủ trì)",
        police,
    )
    staff_on(a["contest"], organizer=organizer, secretary=secretary)
    organizer_b = UserFactory(username="btc_congan", unit=police, is_staff=True)
    organizer_b.groups.add(Group.objects.get(name=roles.ORGANIZER))
    staff_on(b["contest"], organizer=organizer_b)
    return {"a": a, "b": b, "organizer_b": organizer_b}


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _state(side):
    """Everything an action on a contest could change."""
    contest = side["contest"]
    side["part"].refresh_from_db()
    side["clip"].refresh_from_db()
    return (
        sorted(
            RoundClosing.objects.filter(round__contest=contest).values_list(
                "round__number", "status", "published_at"
            )
        ),
        list(
            ContestClosing.objects.filter(pk=contest.pk).values_list(
                "status", "published_at"
            )
        ),
        ExportJob.objects.filter(contest=contest).count(),
        RegradeRun.objects.filter(contest=contest).count(),
        side["part"].results_published,
        side["part"].judging_locked,
        side["clip"].is_published,
        Contest.objects.filter(pk=contest.pk).values_list("title", flat=True).get(),
    )


# (url name, round number or None, POST data or None for a GET, what success is)
DESK = {
    "desk": ("awards:manage", None, None),
    "ranking": ("awards:ranking", 1, None),
    "close now": ("awards:close_now", 2, {}),
    "publish": ("awards:publish", 1, {}),
    "regrade": ("awards:regrade", 1, {"note": "Sửa đáp án câu 12"}),
    "contest results": ("awards:contest_compute", None, {}),
    "contest publish": ("awards:contest_publish", None, {}),
    "export": ("awards:export_start", None, {"kind": "round", "round": 1}),
    "unit report": ("awards:unit_report", None, None),
}


def _desk(client, side, what):
    name, number, data = DESK[what]
    kwargs = {"slug": side["contest"].slug}
    if number is not None:
        kwargs["number"] = number
    url = reverse(name, kwargs=kwargs)
    return client.get(url) if data is None else client.post(url, data)


@pytest.mark.parametrize("what", sorted(DESK))
def test_an_organizer_cannot_use_the_results_desk_of_another_contest(
    world, organizer, what, django_capture_on_commit_callbacks
):
    before = _state(world["b"])
    with django_capture_on_commit_callbacks() as enqueued:
        response = _desk(_as(organizer), world["b"], what)
    assert response.status_code == 403
    assert enqueued == []
    assert _state(world["b"]) == before


@pytest.mark.parametrize("what", sorted(DESK))
def test_an_organizer_uses_the_results_desk_of_their_own_contest(
    world, organizer, what, django_capture_on_commit_callbacks
):
    before = _state(world["a"])
    with django_capture_on_commit_callbacks() as enqueued:
        response = _desk(_as(organizer), world["a"], what)
    if DESK[what][2] is None:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    if what in ("publish", "contest publish"):
        assert _state(world["a"]) != before
    else:
        assert len(enqueued) >= 1


def test_unpublished_results_of_another_contest_stay_hidden(world, organizer):
    b = world["b"]
    Contest.objects.filter(pk=b["contest"].pk).update(is_published=False)
    client = _as(organizer)
    url = reverse("awards:contest", kwargs={"slug": b["contest"].slug})
    assert client.get(url).status_code == 404
    assert _as(world["organizer_b"]).get(url).status_code == 200


def test_the_secretariat_exports_its_own_contest_only(
    world, secretary, django_capture_on_commit_callbacks
):
    client = _as(secretary)
    with django_capture_on_commit_callbacks() as enqueued:
        own = _desk(client, world["a"], "export")
        other = _desk(client, world["b"], "export")
    assert own.status_code == 302
    assert ExportJob.objects.filter(contest=world["a"]["contest"]).count() == 1
    assert other.status_code == 403
    assert not ExportJob.objects.filter(contest=world["b"]["contest"]).exists()
    assert len(enqueued) == 1
    for side, status in (("a", 200), ("b", 403)):
        url = reverse(
            "videos:export_results", kwargs={"slug": world[side]["contest"].slug}
        )
        assert client.get(url).status_code == status
    # Read and export only: the secretariat never closes or publishes.
    assert _desk(client, world["a"], "publish").status_code == 403


def test_a_unit_representative_reads_only_contests_of_their_unit_tree(world, unit_rep):
    client = _as(unit_rep)
    assert _desk(client, world["a"], "unit report").status_code == 200
    assert _desk(client, world["b"], "unit report").status_code == 403


# --- The admin -------------------------------------------------------------------

ADMIN_ACTIONS = {
    "close_now": "due",
    "publish_results": "closed",
    "regrade_rounds": "closed",
    "export_awards": "closed",
    "compute_contest_results": "closed",
}


def _admin_action(client, action, round_):
    return client.post(
        reverse(CLOSABLE),
        {"action": action, "_selected_action": [round_.pk], "confirm": "1"},
        follow=True,
    )


@pytest.mark.parametrize("action", sorted(ADMIN_ACTIONS))
def test_admin_actions_never_reach_another_contests_rounds(
    world, organizer, action, django_capture_on_commit_callbacks
):
    b = world["b"]
    before = _state(b)
    with django_capture_on_commit_callbacks() as enqueued:
        _admin_action(_as(organizer), action, b[ADMIN_ACTIONS[action]])
    assert enqueued == []
    assert _state(b) == before


@pytest.mark.parametrize("action", sorted(ADMIN_ACTIONS))
def test_admin_actions_are_refused_on_a_contest_where_one_is_only_secretary(
    world, organizer, action, django_capture_on_commit_callbacks
):
    """The organizer of A sits on B's secretariat: B's rounds are in their list,
    but closing, publishing or regrading B is refused, with the reason."""
    b = world["b"]
    staff_on(b["contest"], secretary=organizer)
    before = _state(b)
    with django_capture_on_commit_callbacks() as enqueued:
        response = _admin_action(_as(organizer), action, b[ADMIN_ACTIONS[action]])
    if action == "export_awards":  # the secretariat exports
        assert len(enqueued) == 1
        return
    assert enqueued == []
    assert _state(b) == before
    assert "Bạn không có quyền" in response.content.decode()
    assert b["contest"].title in response.content.decode()


@pytest.mark.parametrize("action", sorted(ADMIN_ACTIONS))
def test_admin_actions_work_on_ones_own_contest(
    world, organizer, action, django_capture_on_commit_callbacks
):
    a = world["a"]
    before = _state(a)
    with django_capture_on_commit_callbacks() as enqueued:
        _admin_action(_as(organizer), action, a[ADMIN_ACTIONS[action]])
    assert enqueued or _state(a) != before


@pytest.mark.parametrize(
    "changelist",
    [
        "admin:contests_contest_changelist",
        CLOSABLE,
        "admin:awards_roundclosing_changelist",
        "admin:awards_award_changelist",
        "admin:contests_attempt_changelist",
        "admin:videos_videopart_changelist",
        "admin:videos_videoclip_changelist",
    ],
)
def test_admin_lists_show_only_ones_own_contests(world, organizer, changelist):
    def contests_listed(user):
        response = _as(user).get(reverse(changelist))
        listing = response.context["cl"]
        return (
            {listing.model_admin.contest_id_of(row) for row in listing.queryset},
            response.content.decode(),
        )

    listed, html = contests_listed(organizer)
    assert listed == {world["a"]["contest"].pk}
    assert world["b"]["contest"].title not in html
    superuser = UserFactory(is_staff=True, is_superuser=True)
    both = {world["a"]["contest"].pk, world["b"]["contest"].pk}
    assert contests_listed(superuser)[0] == both


def test_an_organizer_cannot_edit_another_contest_or_its_video_part(world, organizer):
    b = world["b"]
    client = _as(organizer)
    before = _state(b)
    for name, pk in (
        ("admin:contests_contest_change", b["contest"].pk),
        ("admin:videos_videopart_change", b["part"].pk),
        ("admin:videos_videoclip_change", b["clip"].pk),
    ):
        url = reverse(name, args=[pk])
        assert client.get(url).status_code == 302  # "does not exist" to the index
        client.post(url, {"title": "Đã bị sửa", "results_published": "on"})
    client.post(
        reverse("admin:videos_videoclip_changelist"),
        {"action": "publish", "_selected_action": [b["clip"].pk]},
    )
    assert _state(b) == before
    own = reverse("admin:contests_contest_change", args=[world["a"]["contest"].pk])
    assert client.get(own).status_code == 200


def test_an_organizer_adding_a_contest_becomes_its_organizer(organizer):
    data = {
        "title": "Cuộc thi tìm hiểu 70 năm Công đoàn Bến Tre",
        "slug": "70-nam-cong-doan",
        "organizer_name": "Liên đoàn Lao động tỉnh Bến Tre",
        "questions_per_attempt": 20,
        "time_limit_minutes": 15,
        "attempts_per_round": 1,
        "counting": "best",
        "prediction_target": "people_all_correct",
        "allow_no_unit": "on",
        "collective_order": "rate, prizes, contestants",
        "min_seconds_per_question": 0,
        "collective_min_participation_pct": 0,
    }
    for prefix in (
        "rounds",
        "documents",
        "topic_quotas",
        "ranking_groups",
        "prize_tiers",
        "staff",
        "exclusions",
        "voided_questions",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    client = _as(organizer)
    response = client.post(reverse("admin:contests_contest_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    contest = Contest.objects.get(slug="70-nam-cong-doan")
    assert permissions.may(organizer, Action.CLOSE, contest)
    assert ContestStaff.objects.filter(
        contest=contest, user=organizer, role=ContestStaff.Role.ORGANIZER
    ).exists()
    change = reverse("admin:contests_contest_change", args=[contest.pk])
    assert client.get(change).status_code == 200


# --- Videos: managing and judging ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("videos:manage", None),
        ("videos:publish", {"published": "1"}),
        ("videos:lock", {"locked": "1"}),
        ("videos:interactions_page", None),
        ("videos:judge_list", None),
    ],
)
def test_an_organizer_cannot_manage_or_judge_another_contests_video_part(
    world, organizer, name, data
):
    b = world["b"]
    before = _state(b)
    url = reverse(name, kwargs={"slug": b["contest"].slug})
    client = _as(organizer)
    response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code == 403
    assert _state(b) == before


def test_a_judge_taken_out_of_the_jury_group_judges_no_more(world, judge):
    """The role group still matters: a judge's ContestStaff row alone, after the
    organizers took them out of "Ban Giám khảo", opens no judging page."""
    b = world["b"]
    ContestStaff.objects.create(
        contest=b["contest"], user=judge, role=ContestStaff.Role.JUDGE
    )
    url = reverse("videos:judge_list", kwargs={"slug": b["contest"].slug})
    assert _as(judge).get(url).status_code == 200
    judge.groups.clear()
    assert _as(judge).get(url).status_code == 403
    assert not permissions.may(judge, Action.JUDGE, b["contest"])


# --- The rule itself --------------------------------------------------------------


def test_the_rule_walks_the_cast(world, organizer, secretary, judge, unit_rep):
    a, b = world["a"]["contest"], world["b"]["contest"]
    superuser = UserFactory(is_superuser=True, is_staff=True)
    for action in Action:
        if action is not Action.JUDGE:
            assert permissions.may(superuser, action, b)
        assert not permissions.may(organizer, action, b)
    assert not permissions.may(superuser, Action.JUDGE, b)  # scores are a juror's own
    for action in (Action.MANAGE, Action.CLOSE, Action.PUBLISH, Action.REGRADE):
        assert permissions.may(organizer, action, a)
        assert not permissions.may(secretary, action, a)
    assert not permissions.may(organizer, Action.JUDGE, a)
    assert permissions.may(secretary, Action.EXPORT, a)
    assert permissions.may(secretary, Action.VIEW_RESULTS_STAFF, a)
    assert not permissions.may(judge, Action.VIEW_RESULTS_STAFF, a)
    assert permissions.may(unit_rep, Action.VIEW_PARTICIPATION, a)
    assert not permissions.may(unit_rep, Action.VIEW_PARTICIPATION, b)
    # A global organizer with no row on a contest may do nothing to it.
    assert organizer.groups.filter(name=roles.ORGANIZER).exists()
    ContestStaff.objects.filter(user=organizer).delete()
    assert not any(permissions.may(organizer, action, a) for action in Action)


def test_a_representatives_subtree_is_asked_upwards_without_reading_every_unit():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ContestFactory, UnitFactory

    province = UnitFactory(code="T", kind="province")
    district = UnitFactory(code="H1", parent=province, kind="district")
    commune = UnitFactory(code="X1", parent=district)
    other = UnitFactory(code="H2", parent=province, kind="district")
    UnitFactory.create_batch(30, parent=other)  # units a subtree read would scan
    rep = UserFactory(represented_unit=district)
    rep.groups.add(Group.objects.get_or_create(name=roles.UNIT_REPRESENTATIVE)[0])
    whole = ContestFactory(unit_root=province)
    below = ContestFactory(unit_root=commune)  # inside the representative's unit
    beside = ContestFactory(unit_root=other)
    view = Action.VIEW_PARTICIPATION

    with CaptureQueriesContext(connection) as queries:
        assert permissions.may(rep, view, whole, unit=commune)
    assert len(queries) <= 4
    assert all(
        "WITH RECURSIVE" in q["sql"] for q in queries if "accounts_unit" in q["sql"]
    )
    assert permissions.may(rep, view, whole)
    assert permissions.may(rep, view, whole, unit=district)
    assert not permissions.may(rep, view, whole, unit=other)
    assert not permissions.may(rep, view, whole, unit=province)
    assert permissions.may(rep, view, below)
    assert not permissions.may(rep, view, beside)
