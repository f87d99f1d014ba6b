import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from contests.models import Contest, ContestStaff
from videos.models import (
    Criterion,
    JudgeAssignment,
    PrizeTier,
    VideoClip,
    VideoPart,
)

from .accounts import UnitFactory, UserFactory


class VideoContestFactory(DjangoModelFactory):
    class Meta:
        model = Contest
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Cuộc thi video số {n}")
    slug = factory.Sequence(lambda n: f"cuoc-thi-video-{n}")
    organizer_name = "Liên đoàn Lao động tỉnh"
    is_published = True


class VideoPartFactory(DjangoModelFactory):
    class Meta:
        model = VideoPart

    contest = factory.SubFactory(VideoContestFactory)
    submission_deadline = factory.LazyFunction(
        lambda: timezone.now() + datetime.timedelta(days=7)
    )
    competing_unit_kind = "upper"


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    part = factory.SubFactory(VideoPartFactory)
    name = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_points = 10
    order = factory.Sequence(lambda n: n)


class VideoPrizeTierFactory(DjangoModelFactory):
    class Meta:
        model = PrizeTier

    part = factory.SubFactory(VideoPartFactory)
    name = "Giải Nhất"
    count = 1
    amount_vnd = 1_000_000
    order = factory.Sequence(lambda n: n)


class VideoClipFactory(DjangoModelFactory):
    """A clip given as a YouTube link (no file to store)."""

    class Meta:
        model = VideoClip

    part = factory.SubFactory(VideoPartFactory)
    unit = factory.SubFactory(UnitFactory, kind="upper")
    submitted_by = factory.SubFactory(UserFactory, unit=factory.SelfAttribute("..unit"))
    title = factory.Sequence(lambda n: f"Chuyển đổi số ở đơn vị {n}")
    external_url = factory.Sequence(lambda n: f"https://www.youtube.com/watch?v=vid{n}")
    link_platform = "youtube"
    submitted_at = factory.LazyFunction(timezone.now)


class JudgeAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = JudgeAssignment

    clip = factory.SubFactory(VideoClipFactory)
    judge = factory.SubFactory(UserFactory)


class VideoStaffFactory(DjangoModelFactory):
    class Meta:
        model = ContestStaff
        django_get_or_create = ("contest", "user", "role")

    contest = factory.SubFactory(VideoContestFactory)
    user = factory.SubFactory(UserFactory)
    role = ContestStaff.Role.JUDGE
