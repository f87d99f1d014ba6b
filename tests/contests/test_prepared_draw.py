"""The prepared draw: a warm start reads no bank rows, and every path that changes
what a draw reads (a save, a bulk action, an import, a quota) reaches the next
start once it commits."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests import rules, services
from contests.models import Attempt, TopicQuota
from contests.services import prepared
from quizzes import services as quiz_services
from quizzes.importing.types import QuestionRow
from quizzes.models import Choice, Question
from quizzes.text import text_key
from tests.factories.accounts import UserFactory
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

BANK_TABLES = (
    "quizzes_question",
    "quizzes_choice",
    "contests_questionsnapshot",
    "contests_topicquota",
    "contests_rankinggroup",
)


@pytest.fixture
def whole_bank_round(db):
    """A contest that draws every question of its 20-question bank."""
    contest = ContestFactory(bank=make_bank(20), questions_per_attempt=20)
    return RoundFactory(contest=contest, number=1)


def _start(round_, unit=None):
    user = UserFactory(unit=unit) if unit else UserFactory()
    return services.start_attempt(user, round_)


def _drawn_ids(attempt: Attempt) -> set[int]:
    return set(attempt.questions.values_list("question_id", flat=True))


def test_a_warm_start_reads_no_bank_rows(whole_bank_round, unit_a):
    _start(whole_bank_round, unit_a)
    with CaptureQueriesContext(connection) as ctx:
        attempt = _start(whole_bank_round, unit_a)
    read = " ".join(q["sql"] for q in ctx.captured_queries if "SELECT" in q["sql"])
    assert [table for table in BANK_TABLES if f'"{table}"' in read] == []
    assert attempt.question_count == 20


def test_an_edited_question_reaches_the_next_start(
    whole_bank_round, django_capture_on_commit_callbacks
):
    _start(whole_bank_round)
    question = Question.objects.filter(bank=whole_bank_round.contest.bank).first()
    with django_capture_on_commit_callbacks(execute=True):
        question.text = "Câu hỏi đã sửa sau khi cuộc thi bắt đầu?"
        question.save()
        choice = question.choices.get(position=0)
        choice.text = "Phương án đã sửa"
        choice.save()
    attempt = _start(whole_bank_round)
    shown = attempt.questions.select_related("snapshot").get(question=question)
    assert shown.snapshot.text == "Câu hỏi đã sửa sau khi cuộc thi bắt đầu?"
    assert shown.snapshot.choices[0] == [0, "Phương án đã sửa"]


def test_questions_deactivated_in_bulk_are_never_drawn_again(
    db, django_capture_on_commit_callbacks
):
    contest = ContestFactory(bank=make_bank(22), questions_per_attempt=20)
    round_ = RoundFactory(contest=contest, number=1)
    _start(round_)
    gone = list(Question.objects.filter(bank=contest.bank)[:2])
    with django_capture_on_commit_callbacks(execute=True):
        quiz_services.set_questions_active([q.pk for q in gone], False)
    for _ in range(3):
        assert _drawn_ids(_start(round_)).isdisjoint(q.pk for q in gone)


def test_imported_questions_reach_the_next_start(
    db, django_capture_on_commit_callbacks
):
    contest = ContestFactory(bank=make_bank(19), questions_per_attempt=20)
    round_ = RoundFactory(contest=contest, number=1)
    with pytest.raises(services.AttemptRefused) as refused:
        _start(round_)
    assert refused.value.message == rules.MSG_NOT_READY
    text = "Câu hỏi mới nhập từ tệp?"
    row = QuestionRow(
        row=2, text=text, choices=["A", "B", "C", "D"], correct=1, key=text_key(text)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _topics, (new_id,) = quiz_services.add_question_rows(contest.bank, [row])
    assert Choice.objects.filter(question_id=new_id).count() == 4
    assert new_id in _drawn_ids(_start(round_))


def test_a_new_topic_quota_reaches_the_next_start(
    db, django_capture_on_commit_callbacks
):
    bank = make_bank(40, topics=("Pháp luật", "Công nghệ"))
    contest = ContestFactory(bank=bank, questions_per_attempt=10)
    round_ = RoundFactory(contest=contest, number=1)
    _start(round_)
    law = bank.topics.get(name="Pháp luật")
    with django_capture_on_commit_callbacks(execute=True):
        TopicQuota.objects.create(contest=contest, topic=law, count=10)
    for _ in range(3):
        drawn = _start(round_).questions.values_list("question__topic_id", flat=True)
        assert set(drawn) == {law.pk}


@pytest.mark.django_db(transaction=True)
def test_a_vanished_prepared_row_is_prepared_again(whole_bank_round):
    """A change that bypassed every hook (raw SQL): the start that meets it
    forgets the prepared data and draws again instead of failing."""
    first = _start(whole_bank_round)
    Attempt.objects.filter(pk=first.pk).delete()
    snapshot_ids = list(
        prepared.get_many(
            [("shown", q) for q in _drawn_ids_of_bank(whole_bank_round)],
            prepared.current_generation(),
        ).values()
    )
    assert snapshot_ids, "the first start prepared the snapshots"
    from contests.models import QuestionSnapshot

    with connection.cursor() as cursor:  # no model signal
        cursor.execute(
            "DELETE FROM contests_questionsnapshot WHERE id = %s",
            [snapshot_ids[0].snapshot_id],
        )
    attempt = _start(whole_bank_round)
    assert attempt.question_count == 20
    assert QuestionSnapshot.objects.filter(
        pk__in=attempt.questions.values("snapshot_id")
    ).count() == len(set(attempt.questions.values_list("snapshot_id", flat=True)))


def _drawn_ids_of_bank(round_) -> list[int]:
    return list(
        Question.objects.filter(bank=round_.contest.bank).values_list("id", flat=True)
    )


def _start_from_the_page(client, round_):
    url = reverse("contests:start", args=[round_.contest.slug, round_.number])
    return client.post(url)


def test_a_round_ended_early_refuses_the_next_start(
    client, whole_bank_round, django_capture_on_commit_callbacks
):
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    assert _start_from_the_page(client, whole_bank_round).status_code == 302
    assert Attempt.objects.filter(user=first).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.end_round_now(whole_bank_round.id)
    client.force_login(second)
    response = _start_from_the_page(client, whole_bank_round)
    assert response.url == whole_bank_round.contest.get_absolute_url()
    assert not Attempt.objects.filter(user=second).exists()


def test_an_unpublished_contest_cannot_be_started_any_more(
    client, whole_bank_round, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())
    assert _start_from_the_page(client, whole_bank_round).status_code == 302
    contest = whole_bank_round.contest
    with django_capture_on_commit_callbacks(execute=True):
        contest.is_published = False
        contest.save()
    client.force_login(UserFactory())
    assert _start_from_the_page(client, whole_bank_round).status_code == 404
