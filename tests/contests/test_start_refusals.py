"""Every SPEC §4 check at start: each refusal has its Vietnamese message, is shown
on the contest page, and creates nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from contests import rules, services
from contests.models import Attempt, ContestExclusion, ContestStaff
from core.formatting import format_time
from tests.factories import UnitFactory, UserFactory
from tests.factories.contests import ContestFactory, RoundFactory, make_bank


def refusal_of(user, round_):
    with pytest.raises(services.AttemptRefused) as refused:
        services.start_attempt(user, round_)
    assert not Attempt.objects.filter(user=user).exists()
    return refused.value.message


def test_incomplete_profile_is_refused(open_round):
    user = UserFactory(cccd=None)
    assert refusal_of(user, open_round) == rules.MSG_PROFILE_INCOMPLETE


@pytest.mark.parametrize("role", list(ContestStaff.Role))
def test_contest_staff_of_every_role_may_not_compete(open_round, contestant_a, role):
    ContestStaff.objects.create(
        contest=open_round.contest, user=contestant_a, role=role
    )
    assert refusal_of(contestant_a, open_round) == rules.MSG_STAFF


def test_staff_of_another_contest_may_compete(open_round, contestant_a):
    ContestStaff.objects.create(
        contest=ContestFactory(), user=contestant_a, role=ContestStaff.Role.JUDGE
    )
    assert services.start_attempt(contestant_a, open_round).number == 1


def test_excluded_person_is_refused(open_round, contestant_a):
    ContestExclusion.objects.create(contest=open_round.contest, user=contestant_a)
    assert refusal_of(contestant_a, open_round) == rules.MSG_EXCLUDED


def test_too_young_at_the_rounds_start_is_refused(open_round, contestant_a):
    contest = open_round.contest
    contest.min_age = 15
    contest.save()
    start_day = timezone.localtime(open_round.opens_at).date()
    contestant_a.birth_date = start_day.replace(
        year=start_day.year - 15
    ) + dt.timedelta(days=1)
    contestant_a.save()
    assert refusal_of(contestant_a, open_round) == rules.MSG_TOO_YOUNG.format(
        min_age=15, on=start_day.strftime("%d/%m/%Y")
    )
    contestant_a.birth_date -= dt.timedelta(days=1)
    contestant_a.save()
    assert services.start_attempt(contestant_a, open_round).number == 1


def test_group_not_allowed_is_refused(open_round, contestant_a):
    contest = open_round.contest
    contest.allowed_groups = ["official", "armed_forces"]
    contest.save()
    assert refusal_of(contestant_a, open_round) == rules.MSG_GROUP_NOT_ALLOWED.format(
        group="Đoàn viên công đoàn, người lao động"
    )


def test_unit_outside_the_subtree_is_refused(open_round, contestant_a, unit_b):
    contest = open_round.contest
    contest.unit_root = unit_b
    contest.save()
    assert refusal_of(contestant_a, open_round) == rules.MSG_UNIT_NOT_ALLOWED.format(
        unit=contestant_a.unit.name, root=unit_b.name
    )


def test_unit_deep_inside_the_subtree_may_enter(open_round, province, unit_a):
    grassroots = UnitFactory(parent=unit_a, name="Công đoàn Trường THPT số 1")
    contest = open_round.contest
    contest.unit_root = province
    contest.save()
    user = UserFactory(unit=grassroots)
    assert services.start_attempt(user, open_round).unit_id == grassroots.id


def test_no_unit_is_refused_when_the_contest_requires_one(open_round):
    contest = open_round.contest
    contest.allow_no_unit = False
    contest.save()
    user = UserFactory(unit=None)
    assert refusal_of(user, open_round) == rules.MSG_NO_UNIT


def test_round_not_yet_open_is_refused(contest, contestant_a):
    later = RoundFactory(
        contest=contest,
        number=2,
        opens_at=timezone.now() + dt.timedelta(days=1),
        closes_at=timezone.now() + dt.timedelta(days=8),
    )
    message = refusal_of(contestant_a, later)
    assert message == rules.MSG_ROUND_NOT_OPEN.format(
        opens_at=format_time(later.opens_at)
    )


def test_closed_round_is_refused(contest, contestant_a):
    past = RoundFactory(
        contest=contest,
        number=2,
        opens_at=timezone.now() - dt.timedelta(days=8),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    assert refusal_of(contestant_a, past) == rules.MSG_ROUND_CLOSED.format(
        closes_at=format_time(past.closes_at)
    )


def test_no_attempts_left_is_refused(open_round, contestant_a):
    attempt = services.start_attempt(contestant_a, open_round)
    services.submit_attempt(contestant_a, attempt.id, prediction="1")
    with pytest.raises(services.AttemptRefused) as refused:
        services.start_attempt(contestant_a, open_round)
    assert refused.value.message == rules.MSG_NO_ATTEMPTS_LEFT.format(limit=1)
    assert Attempt.objects.filter(user=contestant_a).count() == 1


def test_a_bank_too_small_for_the_draw_is_refused(contestant_a):
    contest = ContestFactory(bank=make_bank(5), questions_per_attempt=20)
    round_ = RoundFactory(contest=contest)
    assert refusal_of(contestant_a, round_) == rules.MSG_NOT_READY


def test_a_contest_without_a_bank_is_refused(contestant_a):
    round_ = RoundFactory(contest=ContestFactory(bank=None))
    assert refusal_of(contestant_a, round_) == rules.MSG_NOT_READY


def test_unpublished_contest_is_refused(open_round, contestant_a):
    contest = open_round.contest
    contest.is_published = False
    contest.save()
    assert refusal_of(contestant_a, open_round) == rules.MSG_CONTEST_NOT_PUBLISHED


def test_the_contest_page_shows_the_refusal(client, open_round, contestant_a):
    ContestExclusion.objects.create(contest=open_round.contest, user=contestant_a)
    client.force_login(contestant_a)
    response = client.post(
        reverse("contests:start", args=[open_round.contest.slug, open_round.number]),
        follow=True,
    )
    assert response.redirect_chain[-1][0] == open_round.contest.get_absolute_url()
    assert rules.MSG_EXCLUDED in response.content.decode()
    assert not Attempt.objects.exists()


def test_anonymous_start_goes_to_login(client, open_round):
    url = reverse("contests:start", args=[open_round.contest.slug, open_round.number])
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_practice_rounds_allow_unlimited_attempts_and_never_count(
    contest, contestant_a
):
    contest.practice_bank = make_bank(10)
    contest.save()
    practice = RoundFactory(contest=contest, number=0, is_practice=True)
    for _ in range(4):
        attempt = services.start_attempt(contestant_a, practice)
        services.submit_attempt(contestant_a, attempt.id, prediction="0")
    attempts = Attempt.objects.filter(round=practice, user=contestant_a)
    assert attempts.count() == 4
    assert not attempts.filter(is_counted=True).exists()


def test_best_of_three_counts_the_best(contest, contestant_a):
    from tests.factories.contests import correct_shown_index

    contest.attempts_per_round = 3
    contest.save()
    round_ = RoundFactory(contest=contest, number=5)
    scores = []
    for correct in (3, 9, 5):
        attempt = services.start_attempt(contestant_a, round_)
        for aq in attempt.questions.order_by("position")[:correct]:
            services.save_answer(
                contestant_a,
                attempt.id,
                position=aq.position,
                shown_index=correct_shown_index(aq),
            )
        scores.append(services.submit_attempt(contestant_a, attempt.id, prediction="1"))
    counted = Attempt.objects.get(round=round_, user=contestant_a, is_counted=True)
    assert counted.id == scores[1].id
    assert counted.score == 9
    with pytest.raises(services.AttemptRefused):
        services.start_attempt(contestant_a, round_)
