"""Judging rules: assignment, ranges, locking, the own-unit rule, secrecy,
finalising refusals."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from awards.models import Award
from tests.factories import JudgeAssignmentFactory, UserFactory, VideoClipFactory
from videos import messages as msg
from videos import services
from videos.forms import parse_points
from videos.models import JudgeAssignment, Score

from .conftest import close_submissions, make_judge

pytestmark = pytest.mark.django_db


@pytest.fixture
def clips(part, unit_a, unit_b, unit_c):
    return [VideoClipFactory(part=part, unit=u) for u in (unit_a, unit_b, unit_c)]


def _points(part, *values):
    return {c.pk: v for c, v in zip(part.criteria.all(), values, strict=True)}


def _score_all(part, judges, clips, values=(300, 200, 200)):
    for judge in judges:
        for clip in clips:
            services.save_scores(judge, clip, points=_points(part, *values))


@pytest.mark.parametrize(
    ("text", "tenths"),
    [("8", 80), ("8.5", 85), ("8,5", 85), (" 40 ", 400), ("0", 0)],
)
def test_points_accept_one_decimal_with_dot_or_comma(text, tenths):
    assert parse_points(text) == tenths


@pytest.mark.parametrize("text", ["8.55", "-1", "abc", "", "1e3", "8.", "½"])
def test_other_point_texts_are_not_numbers(text):
    assert parse_points(text) is None


def test_assigning_to_all_clips_skips_the_judges_own_unit(part, clips, grassroots_a):
    judge = make_judge(part, "gk_a", grassroots_a)
    close_submissions(part)
    outcome = services.assign_judge(part, judge)
    assert outcome.created == 2
    assert [c.unit.code for c in outcome.conflicts] == ["CDA"]
    assert set(
        JudgeAssignment.objects.filter(judge=judge).values_list(
            "clip__unit__code", flat=True
        )
    ) == {"CDB", "CDC"}
    # Running it again changes nothing.
    assert services.assign_judge(part, judge).created == 0


def test_assigning_a_subset(part, clips, judges):
    outcome = services.assign_judge(part, judges[0], clips=clips[1:])
    assert outcome.created == 2
    assert not JudgeAssignment.objects.filter(clip=clips[0]).exists()


def test_only_judges_of_the_contest_can_be_assigned(part, clips, contestant_a):
    with pytest.raises(ValidationError) as error:
        services.assign_judge(part, contestant_a)
    assert error.value.messages == [msg.NOT_A_JUDGE % {"user": contestant_a}]


def test_a_judge_never_scores_their_own_units_clip(part, clips, grassroots_a):
    judge = make_judge(part, "gk_a", grassroots_a)
    JudgeAssignmentFactory(clip=clips[0], judge=judge)  # assigned by mistake
    close_submissions(part)
    with pytest.raises(ValidationError) as error:
        services.save_scores(judge, clips[0], points=_points(part, 300, 200, 200))
    assert error.value.messages == [msg.OWN_UNIT % {"unit": clips[0].unit}]
    assert not Score.objects.exists()


def test_an_unassigned_judge_cannot_score(part, clips, judges):
    close_submissions(part)
    with pytest.raises(ValidationError) as error:
        services.save_scores(judges[0], clips[0], points=_points(part, 300, 200, 200))
    assert error.value.messages == [msg.NOT_ASSIGNED]


def test_scoring_opens_only_after_the_deadline(part, clips, judges):
    services.assign_judge(part, judges[0])
    with pytest.raises(ValidationError) as error:
        services.save_scores(judges[0], clips[0], points=_points(part, 300, 200, 200))
    assert error.value.messages == [msg.JUDGING_NOT_OPEN]


def test_out_of_range_scores_name_the_criterion_and_change_nothing(part, clips, judges):
    services.assign_judge(part, judges[0])
    close_submissions(part)
    services.save_scores(judges[0], clips[0], points=_points(part, 300, 200, 200))
    with pytest.raises(ValidationError) as error:
        services.save_scores(judges[0], clips[0], points=_points(part, 350, 305, 200))
    assert error.value.message_dict == {
        f"criterion_{part.criteria.all()[1].pk}": [
            msg.SCORE_OUT_OF_RANGE
            % {"criterion": "Sáng tạo", "max": 30, "value": "30.5"}
        ]
    }
    # The valid 35 for Nội dung was not stored either: all or nothing.
    assert sorted(Score.objects.values_list("points_tenths", flat=True)) == [
        200,
        200,
        300,
    ]


def test_a_missing_criterion_is_named(part, clips, judges):
    services.assign_judge(part, judges[0])
    close_submissions(part)
    points = _points(part, 300, 200, 200)
    points.pop(part.criteria.all()[2].pk)
    with pytest.raises(ValidationError) as error:
        services.save_scores(judges[0], clips[0], points=points)
    assert error.value.messages == [msg.SCORE_MISSING % {"criterion": "Kỹ thuật"}]


def test_a_judge_changes_scores_until_judging_is_locked(part, clips, judges):
    services.assign_judge(part, judges[0])
    close_submissions(part)
    services.save_scores(
        judges[0], clips[0], points=_points(part, 300, 200, 200), comment="Ổn"
    )
    services.save_scores(
        judges[0], clips[0], points=_points(part, 310, 210, 200), comment="Khá"
    )
    assignment = JudgeAssignment.objects.get(judge=judges[0], clip=clips[0])
    assert assignment.comment == "Khá"
    assert sum(assignment.scores.values_list("points_tenths", flat=True)) == 720
    services.set_judging_locked(part, True)
    with pytest.raises(ValidationError) as error:
        services.save_scores(judges[0], clips[0], points=_points(part, 400, 300, 300))
    assert error.value.messages == [msg.JUDGING_LOCKED]
    assert sum(assignment.scores.values_list("points_tenths", flat=True)) == 720


def test_a_judge_never_sees_another_judges_scores(part, clips, judges):
    for judge in judges[:2]:
        services.assign_judge(part, judge)
    close_submissions(part)
    services.save_scores(
        judges[0],
        clips[0],
        points=_points(part, 377, 200, 200),
        comment="Nhận xét bí mật của GK1",
    )
    client = Client()
    client.force_login(judges[1])
    page = client.get(
        reverse(
            "videos:judge_score",
            kwargs={"slug": part.contest.slug, "clip_id": clips[0].pk},
        )
    ).content.decode()
    assert "Nhận xét bí mật của GK1" not in page
    assert "37,7" not in page
    assert "37.7" not in page
    listing = client.get(
        reverse("videos:judge_list", kwargs={"slug": part.contest.slug})
    ).content.decode()
    assert "Đã chấm" not in listing  # judge 2 scored nothing yet


def test_the_judge_sees_their_own_saved_scores_again(part, clips, judges):
    services.assign_judge(part, judges[0])
    close_submissions(part)
    services.save_scores(
        judges[0], clips[0], points=_points(part, 375, 200, 200), comment="Tốt"
    )
    client = Client()
    client.force_login(judges[0])
    page = client.get(
        reverse(
            "videos:judge_score",
            kwargs={"slug": part.contest.slug, "clip_id": clips[0].pk},
        )
    ).content.decode()
    assert 'value="37,5"' in page
    assert "Tổng đã lưu: <strong>77,5</strong>" in page or "77.5" in page


def test_finalising_needs_every_assigned_judge_to_finish(part, clips, judges):
    for judge in judges:
        services.assign_judge(part, judge)
    close_submissions(part)
    _score_all(part, judges[:2], clips)
    _score_all(part, judges[2:], clips[:2])
    with pytest.raises(ValidationError) as error:
        services.finalise_part(part)
    assert error.value.messages == [
        msg.UNSCORED_ASSIGNMENT % {"judge": judges[2], "title": clips[2].title}
    ]
    assert not Award.objects.exists()
    part.refresh_from_db()
    assert part.finalised_at is None


def test_finalising_refuses_a_clip_without_judges(part, clips, judges):
    services.assign_judge(part, judges[0], clips=clips[:2])
    close_submissions(part)
    _score_all(part, judges[:1], clips[:2])
    with pytest.raises(ValidationError) as error:
        services.finalise_part(part)
    assert error.value.messages == [
        msg.CLIP_WITHOUT_JUDGE % {"title": clips[2].title, "unit": clips[2].unit}
    ]


def test_finalising_refuses_without_criteria(part, clips):
    part.criteria.all().delete()
    with pytest.raises(ValidationError) as error:
        services.finalise_part(part)
    assert error.value.messages == [msg.NO_CRITERIA]


def test_published_results_freeze_finalising_interactions_and_reopening(
    part, clips, judges
):
    services.assign_judge(part, judges[0])
    close_submissions(part)
    _score_all(part, judges[:1], clips)
    with pytest.raises(ValidationError):
        services.publish_results(part, True)  # not finalised yet
    services.finalise_part(part)
    services.publish_results(part, True)
    for action in (
        lambda: services.finalise_part(part),
        lambda: services.set_interactions(clips[0], reactions=1, shares=1, comments=1),
        lambda: services.set_judging_locked(part, False),
    ):
        with pytest.raises(ValidationError) as error:
            action()
        assert error.value.messages == [msg.RESULTS_ARE_PUBLISHED]
    services.publish_results(part, False)
    services.set_interactions(clips[0], reactions=1, shares=1, comments=1)


def test_one_judge_with_dropping_on_keeps_their_score(part, clips, judges):
    services.assign_judge(part, judges[0])
    close_submissions(part)
    _score_all(part, judges[:1], clips, values=(400, 300, 300))
    results = services.finalise_part(part).results
    # One judge: nothing dropped; 1000 tenths of 1000 · 70 % = 70; no interactions.
    assert {
        (r.jury_num, r.jury_den, r.final_num, r.counted_judges) for r in results
    } == {(1000, 1, 70, 1)}


def test_assignment_cannot_be_removed_after_locking(part, clips, judges):
    services.assign_judge(part, judges[0])
    assignment = JudgeAssignment.objects.first()
    services.set_judging_locked(part, True)
    with pytest.raises(ValidationError):
        services.remove_assignment(assignment)
    services.set_judging_locked(part, False)
    services.remove_assignment(assignment)
    assert not JudgeAssignment.objects.filter(pk=assignment.pk).exists()


def test_the_organizer_page_shows_who_finished_but_no_scores(
    part, clips, judges, organizer
):
    services.assign_judge(part, judges[0])
    close_submissions(part)
    services.save_scores(
        judges[0], clips[0], points=_points(part, 377, 200, 200), comment="bí mật"
    )
    client = Client()
    client.force_login(organizer)
    page = client.get(
        reverse("videos:manage", kwargs={"slug": part.contest.slug})
    ).content.decode()
    assert "đã chấm" in page
    assert "bí mật" not in page


def test_a_removed_judge_role_ends_scoring(part, clips, judges):
    services.assign_judge(part, judges[0])
    close_submissions(part)
    judges[0].contest_roles.all().delete()
    with pytest.raises(ValidationError) as error:
        services.save_scores(judges[0], clips[0], points=_points(part, 300, 200, 200))
    assert error.value.messages == [msg.NOT_ASSIGNED]


def test_judge_role_without_contest_staff_row_sees_nothing(part, clips):
    outsider = UserFactory(username="gk_khac")
    client = Client()
    client.force_login(outsider)
    url = reverse("videos:judge_list", kwargs={"slug": part.contest.slug})
    assert client.get(url).status_code == 403
