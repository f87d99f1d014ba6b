"""A judge's unit for conflicts of interest cannot be changed at will: the
organizers record it, the judge's own profile is locked while judging runs, and
every unit the judge had since joining the jury keeps counting."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import UnitChange
from tests.factories import VideoClipFactory
from tests.factories.accounts import profile_form
from videos import messages as msg
from videos import services
from videos.models import JudgeAssignment, Score

from .conftest import close_submissions, make_judge

pytestmark = pytest.mark.django_db

EDIT = reverse("accounts:profile_edit")


@pytest.fixture
def clips(part, unit_a, unit_b):
    return {
        "A": VideoClipFactory(part=part, unit=unit_a, title="Công đoàn Giáo dục số"),
        "B": VideoClipFactory(part=part, unit=unit_b, title="Y tế số"),
    }


def score_page(part, clip):
    return reverse(
        "videos:judge_score", kwargs={"slug": part.contest.slug, "clip_id": clip.pk}
    )


def score_form(part):
    values = ("35", "25,5", "28")
    return {
        f"criterion_{c.pk}": v for c, v in zip(part.criteria.all(), values, strict=True)
    }


def test_a_judge_who_changes_their_profile_unit_still_cannot_score_their_units_clip(
    client, part, clips, unit_a, province, organizer
):
    """The reported hole: a judge of unit A picks the province on their profile,
    the organizers then assign every clip, and the judge scores A's clip."""
    judge = make_judge(part, "giamkhao_a", unit_a)
    client.force_login(judge)
    client.post(EDIT, profile_form(judge, province))
    # The organizers then assign every clip to the judge from their page.
    client.force_login(organizer)
    assign = reverse("videos:assign", kwargs={"slug": part.contest.slug})
    assert client.post(assign, {"judge": judge.pk}).status_code == 302
    close_submissions(part)
    client.force_login(judge)
    response = client.post(score_page(part, clips["A"]), score_form(part))
    assert response.status_code == 404
    assert not Score.objects.filter(assignment__clip=clips["A"]).exists()
    assert not JudgeAssignment.objects.filter(judge=judge, clip=clips["A"]).exists()
    # Their other clip is theirs to score.
    ok = client.post(score_page(part, clips["B"]), score_form(part))
    assert ok.status_code == 302
    assert Score.objects.filter(assignment__clip=clips["B"]).count() == 3


def test_a_judge_cannot_change_their_own_unit_while_the_video_part_runs(
    client, part, unit_a, province
):
    judge = make_judge(part, "giamkhao_a", unit_a)
    client.force_login(judge)
    response = client.post(EDIT, profile_form(judge, province))
    assert response.status_code == 200
    expected = msg.JUDGE_UNIT_LOCKED % {"contests": f"«{part.contest.title}»"}
    assert response.context["form"].errors["unit"] == [expected]
    assert "liên hệ Ban Tổ chức" in response.content.decode()
    judge.refresh_from_db()
    assert judge.unit == unit_a
    assert not UnitChange.objects.exists()
    # Other changes to the profile are still theirs to make.
    data = {**profile_form(judge, unit_a), "full_name": "Trần Văn Giám"}
    assert client.post(EDIT, data).status_code == 302
    # Once the results are published the jury's work is over: the move is free
    # (and recorded).
    part.finalised_at = part.submission_deadline
    part.judging_locked = part.results_published = True
    part.save()
    assert client.post(EDIT, profile_form(judge, province)).status_code == 302
    change = UnitChange.objects.get()
    assert (change.old_unit, change.new_unit) == (unit_a, province)


def test_a_unit_the_judge_left_after_joining_the_jury_still_bars_its_clip(
    part, clips, unit_a, province
):
    """An organizer moved the judge in the admin (recorded as a UnitChange):
    the unit they had while judging still counts."""
    from accounts import services as accounts_services

    judge = make_judge(part, "giamkhao_a", unit_a)
    judge.unit = province
    judge.save(update_fields=["unit"])
    accounts_services.record_unit_change(
        judge,
        old_unit_id=unit_a.pk,
        new_unit_id=province.pk,
        changed_by=None,
        source=UnitChange.Source.ADMIN,
    )
    outcome = services.assign_judge(part, judge)
    assert [c.pk for c in outcome.conflicts] == [clips["A"].pk]
    assert JudgeAssignment.objects.get(judge=judge).judge_unit == province


def test_the_unit_at_assignment_keeps_counting_after_a_move(
    part, clips, unit_b, province
):
    """Assigned A's clip while in unit B; later moved to the province by a path
    that left no UnitChange (a database fix): the assignment remembers unit B,
    so B's clip stays barred."""
    judge = make_judge(part, "giamkhao_b", unit_b)
    services.assign_judge(part, judge, clips=[clips["A"]])
    type(judge).objects.filter(pk=judge.pk).update(unit=province)
    judge.refresh_from_db()
    outcome = services.assign_judge(part, judge, clips=[clips["B"]])
    assert [c.pk for c in outcome.conflicts] == [clips["B"].pk]


def test_the_affiliation_recorded_by_the_organizers_bars_the_clip(
    client, part, clips, unit_a, province, organizer
):
    """The judge's profile says the province; the jury secretary knows they work
    for unit A and records it on the management page: the A assignment is
    withdrawn and A's clip can no longer be scored."""
    judge = make_judge(part, "giamkhao", province)
    services.assign_judge(part, judge)
    assert JudgeAssignment.objects.filter(judge=judge).count() == 2
    client.force_login(organizer)
    manage = reverse("videos:manage", kwargs={"slug": part.contest.slug})
    assert "Đơn vị công tác của giám khảo" in client.get(manage).content.decode()
    url = reverse("videos:affiliation", kwargs={"slug": part.contest.slug})
    response = client.post(url, {"judge": judge.pk, "unit": unit_a.pk}, follow=True)
    page = response.content.decode()
    assert str(msg.AFFILIATION_SAVED % {"judge": judge, "unit": unit_a}) in page
    assert "Đã gỡ phân công" in page
    assert list(
        JudgeAssignment.objects.filter(judge=judge).values_list("clip", flat=True)
    ) == [clips["B"].pk]
    # Assigning again skips A; scoring A is refused by the service too.
    assert services.assign_judge(part, judge).conflicts == [clips["A"]]
    close_submissions(part)
    with pytest.raises(ValidationError):
        services.save_scores(judge, clips["A"], points={})
    client.force_login(judge)
    assert client.get(score_page(part, clips["A"])).status_code == 404


def test_only_organizers_record_a_judges_affiliation(
    client, part, unit_a, province, unit_rep, secretary
):
    judge = make_judge(part, "giamkhao", province)
    url = reverse("videos:affiliation", kwargs={"slug": part.contest.slug})
    for someone in (judge, unit_rep, secretary):
        client.force_login(someone)
        response = client.post(url, {"judge": judge.pk, "unit": unit_a.pk})
        assert response.status_code == 403
    client.logout()
    assert client.post(url, {"judge": judge.pk, "unit": unit_a.pk}).status_code == 302
    staff = judge.contest_roles.get()
    assert staff.affiliation_unit is None


@pytest.mark.parametrize(
    ("who", "unit", "message"),
    [
        ("contestant", "unit", msg.AFFILIATION_NOT_A_JUDGE),
        ("judge", "999999", msg.AFFILIATION_UNKNOWN_UNIT),
    ],
)
def test_a_non_judge_or_an_unknown_unit_is_refused_with_a_message(
    client, part, unit_a, province, organizer, contestant_a, who, unit, message
):
    judge = make_judge(part, "giamkhao", province)
    person = {"contestant": contestant_a, "judge": judge}[who]
    client.force_login(organizer)
    url = reverse("videos:affiliation", kwargs={"slug": part.contest.slug})
    data = {"judge": person.pk, "unit": unit_a.pk if unit == "unit" else unit}
    page = client.post(url, data, follow=True)
    assert page.status_code == 200
    assert str(message) in page.content.decode()
    assert judge.contest_roles.get().affiliation_unit is None


def test_finalising_refuses_a_score_given_before_the_judge_was_moved_into_the_unit(
    part, clips, unit_a, province, judges
):
    """Scored while at the province; the organizers then move the judge into
    unit A (admin): that score must not count."""
    from accounts import services as accounts_services

    close_submissions(part)
    for judge in judges:
        services.assign_judge(part, judge)
        for clip in clips.values():
            services.save_scores(
                judge, clip, points={c.pk: 200 for c in part.criteria.all()}
            )
    moved = judges[0]
    type(moved).objects.filter(pk=moved.pk).update(unit=unit_a)
    moved.refresh_from_db()
    accounts_services.record_unit_change(
        moved,
        old_unit_id=province.pk,
        new_unit_id=unit_a.pk,
        changed_by=None,
        source=UnitChange.Source.ADMIN,
    )
    with pytest.raises(ValidationError) as refused:
        services.finalise_part(part)
    assert (
        str(
            msg.CONFLICTED_ASSIGNMENT
            % {"judge": moved, "title": clips["A"].title, "unit": unit_a}
        )
        in refused.value.messages
    )
