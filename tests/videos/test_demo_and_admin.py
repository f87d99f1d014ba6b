"""videos/demo.py and the admin of the video settings."""

from io import StringIO

import pytest
from django.test import Client
from django.urls import reverse

from contests.models import Contest, ContestStaff
from tests.factories import UserFactory, VideoContestFactory
from videos import demo
from videos.models import PrizeTier, VideoPart

pytestmark = pytest.mark.django_db


def test_demo_skips_without_the_ben_tre_contest():
    out = StringIO()
    demo.seed(out)
    assert "bỏ qua" in out.getvalue()
    assert not VideoPart.objects.exists()


def test_demo_sets_the_seeds_tiers_and_level_and_runs_twice():
    contest = VideoContestFactory(slug="ben-tre-2024")
    UserFactory(username="bantochuc")
    for _ in range(2):
        demo.seed(StringIO())
    part = VideoPart.objects.get(contest=contest)
    assert part.competing_unit_kind == "upper"
    # Seed 000: 01 nhất 4.000.000, 01 nhì 3.500.000, 02 ba 3.000.000.
    assert list(
        PrizeTier.objects.filter(part=part).values_list("name", "count", "amount_vnd")
    ) == [
        ("Giải Nhất", 1, 4_000_000),
        ("Giải Nhì", 1, 3_500_000),
        ("Giải Ba", 2, 3_000_000),
    ]
    # The plan leaves deadline and criteria to its rules: nothing invented.
    assert part.submission_deadline is None
    assert not part.criteria.exists()
    assert ContestStaff.objects.filter(
        contest=contest, user__username="bantochuc", role="organizer"
    ).exists()


@pytest.fixture
def admin_client_():
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _form(contest, **overrides):
    data = {
        "contest": contest.pk,
        "competing_unit_kind": "upper",
        "allow_upload": "on",
        "accept_mp4": "on",
        "max_upload_mb": 500,
        "allow_link": "on",
        "jury_weight": 70,
        "public_weight": 30,
        "reaction_points": 1,
        "share_points": 2,
        "comment_points": 1,
        "criteria-TOTAL_FORMS": 1,
        "criteria-INITIAL_FORMS": 0,
        "criteria-0-order": 0,
        "criteria-0-name": "Nội dung",
        "criteria-0-max_points": 40,
        "tiers-TOTAL_FORMS": 1,
        "tiers-INITIAL_FORMS": 0,
        "tiers-0-order": 0,
        "tiers-0-name": "Giải Nhất",
        "tiers-0-count": 1,
        "tiers-0-amount_vnd": 4_000_000,
    }
    data.update(overrides)
    return data


def test_the_admin_creates_a_video_part_with_criteria_and_tiers(admin_client_):
    contest = VideoContestFactory()
    response = admin_client_.post(reverse("admin:videos_videopart_add"), _form(contest))
    assert response.status_code == 302, response.context["adminform"].errors
    part = VideoPart.objects.get(contest=contest)
    assert (part.jury_weight, part.public_weight) == (70, 30)
    assert part.criteria.get().name == "Nội dung"
    assert part.tiers.get().amount_vnd == 4_000_000


def test_the_admin_refuses_weights_not_summing_to_100(admin_client_):
    contest = VideoContestFactory()
    response = admin_client_.post(
        reverse("admin:videos_videopart_add"), _form(contest, public_weight=20)
    )
    assert response.status_code == 200
    assert "phải cộng lại bằng 100" in response.content.decode()
    assert not VideoPart.objects.exists()


def test_the_admin_refuses_uploads_without_a_format(admin_client_):
    contest = VideoContestFactory()
    data = _form(contest)
    del data["accept_mp4"]
    response = admin_client_.post(reverse("admin:videos_videopart_add"), data)
    assert response.status_code == 200
    assert "ít nhất một định dạng" in response.content.decode()


def test_admin_pages_open(admin_client_, part):
    for name in (
        "admin:videos_videopart_changelist",
        "admin:videos_videoclip_changelist",
        "admin:videos_judgeassignment_changelist",
        "admin:videos_videoresult_changelist",
        "admin:videos_videoupload_changelist",
    ):
        assert admin_client_.get(reverse(name)).status_code == 200
    url = reverse("admin:videos_videopart_change", args=[part.pk])
    assert admin_client_.get(url).status_code == 200
    assert Contest.objects.filter(pk=part.contest_id).exists()
