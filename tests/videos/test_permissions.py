"""Walk the cast over every page of the video part: who may see and change what."""

import pytest
from django.test import Client
from django.urls import reverse

from contests.models import ContestStaff
from tests.factories import (
    JudgeAssignmentFactory,
    UserFactory,
    VideoClipFactory,
    VideoStaffFactory,
)
from videos.models import JudgeAssignment, VideoClip

from .conftest import close_submissions, make_judge, make_rep

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(part, unit_a, unit_b, grassroots_a, organizer, secretary, unit_rep, rep_b,
         contestant_a, province):  # fmt: skip
    clip = VideoClipFactory(part=part, unit=unit_a, submitted_by=unit_rep)
    assigned = make_judge(part, "gk_assigned", province)
    JudgeAssignmentFactory(clip=clip, judge=assigned)
    unassigned = make_judge(part, "gk_free", province)
    # A judge from a grassroots union inside unit A: assigned by mistake (straight
    # in the database), still never sees or scores unit A's clip.
    same_unit = make_judge(part, "gk_same", grassroots_a)
    JudgeAssignmentFactory(clip=clip, judge=same_unit)
    helper = UserFactory(username="giupviec", unit=province)
    VideoStaffFactory(contest=part.contest, user=helper, role=ContestStaff.Role.HELPER)
    VideoStaffFactory(
        contest=part.contest, user=secretary, role=ContestStaff.Role.SECRETARY
    )
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    close_submissions(part)
    return {
        "clip": clip,
        "anonymous": None,
        "contestant": contestant_a,
        "representative": unit_rep,
        "other_representative": rep_b,
        "judge_assigned": assigned,
        "judge_unassigned": unassigned,
        "judge_same_unit": same_unit,
        "helper": helper,
        "secretary": secretary,
        "organizer": organizer,
        "superuser": superuser,
    }


def _client(user):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _status(cast, who, method, url, data=None):
    client = _client(cast[who])
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


LOGIN = 302  # anonymous visitors are sent to the login page
OK_REDIRECT = 302  # a POST that did its work and went back


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("contestant", 403),
        ("representative", 403),
        ("other_representative", 403),
        ("judge_assigned", 403),
        ("helper", 403),
        ("secretary", 403),
        ("organizer", 200),
        ("superuser", 200),
    ],
)
def test_only_organizers_open_the_management_page(cast, part, who, expected):
    url = reverse("videos:manage", kwargs={"slug": part.contest.slug})
    assert _status(cast, who, "get", url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("contestant", 403),
        ("representative", 403),
        ("judge_assigned", 403),
        ("helper", 403),
        ("secretary", 200),
        ("organizer", 200),
    ],
)
def test_only_organizers_and_secretariat_export(cast, part, who, expected):
    for name in ("videos:export_scores", "videos:export_results"):
        url = reverse(name, kwargs={"slug": part.contest.slug})
        assert _status(cast, who, "get", url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("contestant", 403),
        ("representative", 200),
        ("other_representative", 200),
        ("judge_assigned", 403),
        ("organizer", 403),
    ],
)
def test_only_unit_representatives_open_the_submission_page(cast, part, who, expected):
    url = reverse("videos:submit", kwargs={"slug": part.contest.slug})
    assert _status(cast, who, "get", url) == expected


def test_another_units_representative_sees_only_their_own_unit(cast, part):
    url = reverse("videos:submit", kwargs={"slug": part.contest.slug})
    page = _client(cast["other_representative"]).get(url).content.decode()
    assert cast["clip"].title not in page
    assert "Công đoàn ngành Y tế" in page
    own = _client(cast["representative"]).get(url).content.decode()
    assert cast["clip"].title in own


def test_a_representative_cannot_replace_another_units_clip(cast, part):
    _client(cast["other_representative"]).post(
        reverse("videos:submit", kwargs={"slug": part.contest.slug}),
        {"title": "Thay hộ", "external_url": "https://youtu.be/x", "replace": True},
    )
    # Refused (deadline passed) and, in any case, it could only touch unit B.
    assert VideoClip.objects.get(pk=cast["clip"].pk).title == cast["clip"].title


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("contestant", 403),
        ("representative", 403),
        ("organizer", 403),
        ("judge_unassigned", 404),
        ("judge_same_unit", 404),
        ("judge_assigned", 200),
    ],
)
def test_only_the_assigned_judge_of_another_unit_opens_a_clip(
    cast, part, who, expected
):
    url = reverse(
        "videos:judge_score",
        kwargs={"slug": part.contest.slug, "clip_id": cast["clip"].pk},
    )
    assert _status(cast, who, "get", url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 302),
        ("contestant", 403),
        ("judge_unassigned", 404),
        ("judge_same_unit", 404),
        ("organizer", 403),
    ],
)
def test_nobody_else_can_post_a_score(cast, part, who, expected):
    url = reverse(
        "videos:judge_score",
        kwargs={"slug": part.contest.slug, "clip_id": cast["clip"].pk},
    )
    data = {f"criterion_{c.pk}": "5" for c in part.criteria.all()}
    assert _status(cast, who, "post", url, data) == expected
    assert not JudgeAssignment.objects.filter(scores__isnull=False).exists()


def test_judge_list_shows_only_the_judges_own_clips(cast, part):
    url = reverse("videos:judge_list", kwargs={"slug": part.contest.slug})
    assigned = _client(cast["judge_assigned"]).get(url).content.decode()
    free = _client(cast["judge_unassigned"]).get(url).content.decode()
    assert cast["clip"].title in assigned
    assert cast["clip"].title not in free


@pytest.mark.parametrize(
    ("who", "expected", "changes"),
    [
        ("anonymous", LOGIN, False),
        ("contestant", 403, False),
        ("representative", 403, False),
        ("judge_assigned", 403, False),
        ("secretary", 403, False),
        ("helper", OK_REDIRECT, True),
        ("organizer", OK_REDIRECT, True),
    ],
)
def test_organizers_and_helpers_enter_interactions(cast, part, who, expected, changes):
    url = reverse(
        "videos:interactions",
        kwargs={"slug": part.contest.slug, "clip_id": cast["clip"].pk},
    )
    data = {"reactions": 7, "shares": 3, "comments": 2}
    assert _status(cast, who, "post", url, data) == expected
    clip = VideoClip.objects.get(pk=cast["clip"].pk)
    changed = (clip.reactions, clip.shares, clip.comments) == (7, 3, 2)
    assert changed is changes


@pytest.mark.parametrize(
    "name", ["videos:finalise", "videos:publish", "videos:lock", "videos:assign"]
)
@pytest.mark.parametrize(
    "who", ["contestant", "representative", "judge_assigned", "helper", "secretary"]
)
def test_only_organizers_run_the_organizer_actions(cast, part, name, who):
    url = reverse(name, kwargs={"slug": part.contest.slug})
    assert _status(cast, who, "post", url, {"locked": "1", "published": "1"}) == 403
    part.refresh_from_db()
    assert not part.judging_locked
    assert not part.results_published


def test_organizer_pages_refuse_get_for_actions(cast, part):
    url = reverse("videos:finalise", kwargs={"slug": part.contest.slug})
    assert _status(cast, "organizer", "get", url) == 405


def test_gallery_is_public_but_an_unpublished_contest_is_hidden(cast, part):
    url = reverse("videos:gallery", kwargs={"slug": part.contest.slug})
    assert _status(cast, "anonymous", "get", url) == 200
    part.contest.is_published = False
    part.contest.save()
    assert _status(cast, "anonymous", "get", url) == 404
    assert _status(cast, "organizer", "get", url) == 200


def test_a_unit_representative_who_is_also_a_judge_may_not_compete(part, unit_c):
    rep = make_rep("daidien_gk", unit_c)
    VideoStaffFactory(contest=part.contest, user=rep, role=ContestStaff.Role.JUDGE)
    url = reverse("videos:submit", kwargs={"slug": part.contest.slug})
    assert _client(rep).get(url).status_code == 403


def test_a_representative_of_a_non_competing_level_may_not_compete(part, grassroots_a):
    rep = make_rep("daidien_cs", grassroots_a)
    url = reverse("videos:submit", kwargs={"slug": part.contest.slug})
    assert _client(rep).get(url).status_code == 403
