"""From a flagged question on the review page, the organizer corrects the key and
the round is regraded in one step (awards.services.correct_key)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from awards.models import RegradeRun
from awards.services import close_round
from awards.services.key_correction import MSG_NOT_IN_ROUND, MSG_SAME_KEY
from quizzes.models import Choice, KeyChange, Question
from review import services
from tests.factories import UserFactory
from tests.factories.awards import closed_round, contest_with_round_tiers
from tests.factories.contests import make_bank, staff_on

from . import planted as plant


@pytest.fixture
def planted(db, unit_a, organizer, secretary):
    bank = make_bank(8, choices=4)
    contest = contest_with_round_tiers(bank=bank, questions_per_attempt=8)
    staff_on(contest, organizer=organizer, secretary=secretary)
    round_ = closed_round(contest, number=1)
    questions = list(Question.objects.filter(bank=bank).order_by("id"))
    return plant.build(round_, questions, unit_a)


def _url(planted, name):
    contest = planted.round.contest
    return reverse(name, args=[contest.slug, planted.round.number])


def _key(question) -> str:
    return Choice.objects.get(question=question, is_correct=True).letter


def _messages(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


def test_the_flagged_question_offers_the_strongest_groups_answer(
    client, planted, organizer
):
    services.compute_round_review(planted.round.id)
    client.force_login(organizer)

    page = client.get(_url(planted, "review:round")).content.decode()

    wrong = planted.wrong_key_question.pk
    assert f'name="key" id="key-{wrong}">' in page
    assert '<option value="A" selected>' in page


def test_correcting_the_key_regrades_the_closed_round_in_one_step(
    client, planted, organizer, eager_tasks, django_capture_on_commit_callbacks
):
    close_round(planted.round.id)
    question = planted.wrong_key_question
    assert _key(question) == "C"
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(planted, "awards:correct_key"), {"question": question.pk, "key": "a"}
        )

    assert response.status_code == 302
    assert response["Location"] == _url(planted, "review:round")
    assert _key(question) == "A"
    change = KeyChange.objects.get(question=question)
    assert (change.old_key, change.new_key, change.changed_by) == ("C", "A", organizer)
    run = RegradeRun.objects.get(round=planted.round)
    assert f"#{question.pk}" in run.note
    assert "từ C thành A" in _messages(response)[0]


def test_an_open_round_gets_the_key_without_a_regrade(
    client, planted, organizer, eager_tasks, django_capture_on_commit_callbacks
):
    question = planted.wrong_key_question
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(planted, "awards:correct_key"), {"question": question.pk, "key": "A"}
        )

    assert _key(question) == "A"
    assert not RegradeRun.objects.exists()


@pytest.mark.parametrize(
    ("question", "key", "message"),
    [
        (None, "A", "Chưa chọn câu hỏi"),
        ("abc", "A", "Chưa chọn câu hỏi"),
        ("9" * 40, "A", "Chưa chọn câu hỏi"),
        ("planted", "C", MSG_SAME_KEY.split("{")[0]),
        ("planted", "Z", "không có phương án Z"),
        ("planted", "", "không có phương án"),
    ],
)
def test_a_refused_correction_says_why_and_changes_nothing(
    client, planted, organizer, question, key, message
):
    wrong = planted.wrong_key_question
    post = {"key": key}
    if question is not None:
        post["question"] = wrong.pk if question == "planted" else question
    client.force_login(organizer)

    response = client.post(_url(planted, "awards:correct_key"), post)

    assert response.status_code == 302
    assert any(message in m for m in _messages(response))
    assert _key(wrong) == "C"
    assert not KeyChange.objects.exists()


def test_a_question_not_drawn_in_the_round_is_not_corrected_from_it(
    client, planted, organizer
):
    stranger = make_bank(1, choices=4).questions.get()
    before = _key(stranger)
    client.force_login(organizer)

    response = client.post(
        _url(planted, "awards:correct_key"), {"question": stranger.pk, "key": "D"}
    )

    expected = MSG_NOT_IN_ROUND.format(question=stranger.pk, round=planted.round)
    assert _messages(response) == [expected]
    assert _key(stranger) == before
    assert not KeyChange.objects.exists()


@pytest.mark.parametrize("who", ["secretary", "other_organizer", "contestant_a"])
def test_only_this_contests_organizers_may_correct(client, planted, request, who):
    if who == "other_organizer":
        person = UserFactory(username="btc_khac", is_staff=True)
        person.groups.set(request.getfixturevalue("organizer").groups.all())
        staff_on(contest_with_round_tiers(), organizer=person)
    else:
        person = request.getfixturevalue(who)
    question = planted.wrong_key_question
    client.force_login(person)

    response = client.post(
        _url(planted, "awards:correct_key"), {"question": question.pk, "key": "A"}
    )

    assert response.status_code in (403, 404)
    assert _key(question) == "C"
    assert not KeyChange.objects.exists()
