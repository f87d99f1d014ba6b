"""A key correction answers every open complaint on its question at once, after
the correction has committed (quizzes.signals.key_changed), in the letters each
contestant saw; complaints on other questions stay open."""

import pytest
from django.urls import reverse
from django.utils import timezone

from awards import services as awards_services
from complaints import services
from complaints.models import Complaint
from core.formatting import local_datetime
from quizzes.models import Choice, KeyChange
from tests.complaints.conftest import (
    correct_key,
    position_of,
    question_at,
    take,
)
from tests.factories.contests import ContestFactory, make_bank, staff_on


def file(user, attempt, position=None, text="Đáp án của câu này sai"):
    return services.file_complaint(
        user=user, attempt_id=attempt.id, position=position, text=text
    )


@pytest.fixture
def complaints_on_q1(contestant_a, contestant_b, attempt_a, attempt_b):
    q1 = question_at(attempt_a, 0)
    q2 = question_at(attempt_a, 1)
    return {
        "q1": q1,
        "a_q1": file(contestant_a, attempt_a, 0),
        "b_q1": file(contestant_b, attempt_b, position_of(attempt_b, q1)),
        "a_q2": file(contestant_a, attempt_a, 1),
        "b_q2": file(contestant_b, attempt_b, position_of(attempt_b, q2)),
        "a_result": file(contestant_a, attempt_a),
    }


def new_position(question) -> int:
    return (Choice.objects.get(question=question, is_correct=True).position + 1) % 4


def test_a_key_correction_answers_all_open_complaints_on_that_question(
    organizer, complaints_on_q1, django_capture_on_commit_callbacks
):
    c = complaints_on_q1
    q1 = c["q1"]
    old = Choice.objects.get(question=q1, is_correct=True)
    new = Choice.objects.get(question=q1, position=new_position(q1))
    with django_capture_on_commit_callbacks(execute=True):
        change = correct_key(q1, new.position, organizer)

    date = local_datetime(change.changed_at, "d/m/Y")
    for key in ("a_q1", "b_q1"):
        complaint = Complaint.objects.get(pk=c[key].pk)
        assert complaint.status == Complaint.Status.ACCEPTED
        assert complaint.key_change == change
        assert complaint.answered_by == organizer
        assert complaint.answered_at is not None
        # Choices are not shuffled in this contest: the letters are the bank's.
        assert complaint.reply == (
            f"Chấp nhận: đáp án đúng của câu hỏi đã được sửa từ {old.letter} "
            f"(«{old.text}») thành {new.letter} («{new.text}») ngày {date}; "
            "đợt thi được chấm lại theo đáp án mới."
        )
    # Other questions and the result complaint: untouched.
    for key in ("a_q2", "b_q2", "a_result"):
        assert Complaint.objects.get(pk=c[key].pk).is_open


def test_the_answer_waits_for_the_correction_to_commit(
    organizer, complaints_on_q1, django_capture_on_commit_callbacks
):
    q1 = complaints_on_q1["q1"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        correct_key(q1, new_position(q1), organizer)
    assert Complaint.objects.filter(status=Complaint.Status.OPEN).count() == 5
    for callback in callbacks:
        callback()
    assert Complaint.objects.filter(status=Complaint.Status.OPEN).count() == 3


def test_a_complaint_already_answered_keeps_its_answer(
    organizer, complaints_on_q1, contest, django_capture_on_commit_callbacks
):
    c = complaints_on_q1
    services.answer_complaints(
        user=organizer,
        contest_id=contest.id,
        decision="rejected",
        reply="Đáp án đúng như công bố.",
        complaint_ids=[c["b_q1"].pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        correct_key(c["q1"], new_position(c["q1"]), organizer)
    b = Complaint.objects.get(pk=c["b_q1"].pk)
    assert (b.status, b.reply, b.key_change) == (
        "rejected",
        "Đáp án đúng như công bố.",
        None,
    )
    assert Complaint.objects.get(pk=c["a_q1"].pk).status == "accepted"


def test_running_the_answer_twice_changes_nothing(
    organizer, complaints_on_q1, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        change = correct_key(
            complaints_on_q1["q1"], new_position(complaints_on_q1["q1"]), organizer
        )
    before = list(Complaint.objects.values_list("id", "status", "reply", "updated_at"))
    assert services.answer_after_key_change(key_change_id=change.pk) == 0
    after = list(Complaint.objects.values_list("id", "status", "reply", "updated_at"))
    assert before == after


def test_the_letters_are_those_the_contestant_saw(
    organizer, secretary, contestant_a, django_capture_on_commit_callbacks
):
    contest = staff_on(
        ContestFactory(bank=make_bank(5), questions_per_attempt=5),  # shuffled
        organizer=organizer,
        secretary=secretary,
    )
    from tests.complaints.conftest import closed_round_of

    attempt = take(closed_round_of(contest), contestant_a)
    drawn = attempt.questions.select_related("snapshot").get(position=0)
    question = drawn.question
    complaint = file(contestant_a, attempt, 0)
    new = Choice.objects.get(question=question, position=new_position(question))
    old = Choice.objects.get(question=question, is_correct=True)
    with django_capture_on_commit_callbacks(execute=True):
        correct_key(question, new.position, organizer)
    shown_old = "ABCD"[drawn.order.index(str(old.position))]
    shown_new = "ABCD"[drawn.order.index(str(new.position))]
    complaint.refresh_from_db()
    assert f"từ {shown_old} («{old.text}») thành {shown_new} («{new.text}»)" in (
        complaint.reply
    )


def test_the_admins_key_change_answers_complaints_and_the_regrade_follows(
    client, organizer, contest, round_, complaints_on_q1, contestant_a,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """The whole path: the organizer corrects the key on the question's admin
    page; the complaint is answered; the regrade re-scores the contestant."""
    awards_services.close_round(round_.id, now=timezone.now())
    q1 = complaints_on_q1["q1"]
    a = Complaint.objects.get(pk=complaints_on_q1["a_q1"].pk)
    # A chose the choice after the key: make A's choice the key.
    choices = list(Choice.objects.filter(question=q1).order_by("position"))
    client.force_login(organizer)
    url = reverse("admin:quizzes_question_change", args=[q1.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"text": q1.text, "bank": q1.bank_id, "difficulty": q1.difficulty}
    data |= _choice_formset(client.get(url), choices, a.chosen)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert KeyChange.objects.filter(question=q1).count() == 1
    a.refresh_from_db()
    assert a.status == Complaint.Status.ACCEPTED
    before = a.attempt.score
    awards_services.regrade_round(round_.id, user=organizer)
    a.attempt.refresh_from_db()
    assert a.attempt.score == before + 1


def _choice_formset(response, choices, correct_position) -> dict:
    formset = next(
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.model is Choice
    ).formset
    prefix = formset.prefix
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(choices)),
        f"{prefix}-INITIAL_FORMS": str(len(choices)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, choice in enumerate(choices):
        data[f"{prefix}-{i}-id"] = str(choice.pk)
        data[f"{prefix}-{i}-question"] = str(choice.question_id)
        data[f"{prefix}-{i}-text"] = choice.text
        if choice.position == correct_position:
            data[f"{prefix}-{i}-is_correct"] = "on"
    return data


def test_a_contest_that_stopped_showing_keys_gets_no_letters(
    organizer, contest, complaints_on_q1, django_capture_on_commit_callbacks
):
    contest.review_after_close = False
    contest.save()
    q1 = complaints_on_q1["q1"]
    new = Choice.objects.get(question=q1, position=new_position(q1))
    with django_capture_on_commit_callbacks(execute=True):
        correct_key(q1, new.position, organizer)
    reply = Complaint.objects.get(pk=complaints_on_q1["a_q1"].pk).reply
    assert reply.startswith("Chấp nhận: đáp án đúng của câu hỏi đã được sửa ngày")
    assert new.text not in reply


def test_the_organizer_sees_the_letter_the_contestant_saw(
    client, organizer, secretary, contestant_a
):
    from tests.complaints.conftest import closed_round_of

    contest = staff_on(
        ContestFactory(bank=make_bank(5), questions_per_attempt=5),  # shuffled
        organizer=organizer,
        secretary=secretary,
    )
    attempt = take(closed_round_of(contest), contestant_a, wrong=(0, 1, 2, 3, 4))
    for position in range(5):
        file(contestant_a, attempt, position)
    client.force_login(organizer)
    response = client.get(reverse("complaints:manage", args=[contest.slug]))
    seen = {
        c.pk: c.chosen_shown
        for g in response.context["questions"]
        for c in g.complaints
    }
    for complaint in Complaint.objects.filter(attempt=attempt):
        drawn = attempt.questions.get(position=complaint.position)
        assert seen[complaint.pk] == "ABCD"[drawn.order.index(str(complaint.chosen))]
