"""Practice rounds (thi thử) never reveal a graded round's questions: they draw from
their own bank, a configuration whose practice questions overlap a graded bank
(same question, or the same normalised text in another bank) is refused, the draw
checks again when banks change later, and the practice key is shown at once."""

import unicodedata
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import inlineformset_factory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contests import rules, services
from contests.forms import RoundFormSet
from contests.models import Attempt, Contest, Round
from quizzes.models import Choice, Question
from tests.factories.contests import (
    ContestFactory,
    RoundFactory,
    correct_shown_index,
    make_bank,
)


def add_question(bank, text: str, *, correct: int = 0) -> Question:
    """A question typed into ``bank`` (the admin or an import would do the same)."""
    question = Question(bank=bank, text=text)
    question.save()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=p,
            text=f"Phương án {p}",
            is_correct=p == correct,
        )
        for p in range(4)
    )
    return question


@pytest.fixture
def practice_bank(db):
    return make_bank(8)


@pytest.fixture
def practising(contest, practice_bank):
    contest.practice_bank = practice_bank
    contest.save()
    return RoundFactory(contest=contest, number=0, is_practice=True, title="Thi thử")


def practice_errors(contest: Contest) -> dict:
    with pytest.raises(ValidationError) as refused:
        contest.full_clean()
    return refused.value.message_dict


# --- Validation -------------------------------------------------------------------


def test_a_practice_bank_that_is_the_graded_bank_is_refused(contest):
    contest.practice_bank = contest.bank
    errors = practice_errors(contest)
    assert (
        "Ngân hàng câu hỏi thi thử phải khác ngân hàng câu hỏi chính thức"
        in (errors["practice_bank"][0])
    )


def test_a_practice_question_with_a_graded_questions_text_is_refused(
    contest, practice_bank
):
    graded = contest.bank.questions.order_by("id").first()
    # The same text as typed by someone else: other case, spaces, Unicode form.
    retyped = unicodedata.normalize(
        "NFD", "  " + graded.text.upper().replace(" ", "  ")
    )
    add_question(practice_bank, retyped)
    contest.practice_bank = practice_bank
    (message,) = practice_errors(contest)["practice_bank"]
    assert f"Ngân hàng thi thử «{practice_bank}» có 1 câu hỏi trùng nội dung" in message
    assert f"ngân hàng «{contest.bank}»" in message
    assert "làm lộ đáp án chính thức" in message


def test_a_clean_practice_bank_is_accepted(contest, practice_bank):
    contest.practice_bank = practice_bank
    contest.full_clean()


def test_a_deactivated_duplicate_no_longer_blocks_the_practice_bank(
    contest, practice_bank
):
    twin = add_question(practice_bank, contest.bank.questions.first().text)
    contest.practice_bank = practice_bank
    practice_errors(contest)
    twin.is_active = False
    twin.save()
    contest.full_clean()


def test_a_graded_bank_that_is_another_contests_practice_bank_is_refused(
    contest, practice_bank
):
    ContestFactory(practice_bank=contest.bank)
    errors = practice_errors(contest)
    assert "trùng nội dung" in errors["bank"][0]


def test_the_admin_form_refuses_the_overlap_on_the_practice_bank_field(
    contest, practice_bank
):
    from contests.forms import ContestAdminForm

    add_question(practice_bank, contest.bank.questions.first().text)
    data = {
        "title": contest.title,
        "slug": contest.slug,
        "organizer_name": contest.organizer_name,
        "bank": contest.bank_id,
        "practice_bank": practice_bank.id,
        "questions_per_attempt": 20,
        "time_limit_minutes": 15,
        "attempts_per_round": 1,
        "counting": "best",
        "prediction_target": "people_all_correct",
        "collective_order": "rate",
    }
    form = ContestAdminForm(data, instance=contest)
    assert not form.is_valid()
    assert "trùng nội dung" in form.errors["practice_bank"][0]
    contest.refresh_from_db()
    assert contest.practice_bank_id is None


def test_a_practice_round_without_a_practice_bank_is_refused_in_the_admin(contest):
    formset_class = inlineformset_factory(
        Contest,
        Round,
        formset=RoundFormSet,
        fields=("number", "title", "opens_at", "closes_at", "is_practice"),
        extra=1,
    )
    formset = formset_class(
        {
            "rounds-TOTAL_FORMS": 1,
            "rounds-INITIAL_FORMS": 0,
            "rounds-0-number": 0,
            "rounds-0-title": "Thi thử",
            "rounds-0-opens_at": "2024-06-10 08:00",
            "rounds-0-closes_at": "2024-07-15 00:00",
            "rounds-0-is_practice": "on",
        },
        instance=contest,
        prefix="rounds",
    )
    assert not formset.is_valid()
    assert (
        "Đợt thi thử «Thi thử» cần ngân hàng câu hỏi thi thử riêng"
        in (formset.non_form_errors()[0])
    )


# --- The draw ----------------------------------------------------------------------


def drawn_ids(attempt: Attempt) -> set[int]:
    return set(attempt.questions.values_list("question_id", flat=True))


def test_practice_draws_only_from_the_practice_bank(
    practising, contestant_a, practice_bank
):
    attempt = services.start_attempt(contestant_a, practising)
    assert drawn_ids(attempt) == set(
        practice_bank.questions.values_list("id", flat=True)
    )


def test_a_question_added_later_with_a_graded_text_is_never_drawn_for_practice(
    practising, contest, contestant_a, practice_bank
):
    # An import into the practice bank after the configuration was validated.
    twin = add_question(practice_bank, contest.bank.questions.first().text)
    # And a graded question added later with a practice question's text.
    practice_text = practice_bank.questions.exclude(pk=twin.pk).first()
    add_question(contest.bank, practice_text.text)
    attempt = services.start_attempt(contestant_a, practising)
    drawn = drawn_ids(attempt)
    assert twin.id not in drawn
    assert practice_text.id not in drawn
    assert len(drawn) == 7  # the eight clean ones, less the one now graded


def test_a_practice_bank_that_only_repeats_graded_questions_cannot_start(
    contest, contestant_a
):
    copy = make_bank(0)
    for question in contest.bank.questions.all()[:3]:
        add_question(copy, question.text)
    Contest.objects.filter(pk=contest.pk).update(practice_bank=copy)  # no validation
    contest.refresh_from_db()
    practising = RoundFactory(contest=contest, number=0, is_practice=True)
    with pytest.raises(services.AttemptRefused) as refused:
        services.start_attempt(contestant_a, practising)
    assert refused.value.message == rules.MSG_PRACTICE_NOT_READY
    assert not Attempt.objects.exists()


def test_practice_on_the_graded_bank_itself_cannot_start(contest, contestant_a):
    Contest.objects.filter(pk=contest.pk).update(practice_bank=contest.bank)
    contest.refresh_from_db()
    practising = RoundFactory(contest=contest, number=0, is_practice=True)
    with pytest.raises(services.AttemptRefused):
        services.start_attempt(contestant_a, practising)


# --- Review -----------------------------------------------------------------------


def test_after_a_practice_submit_the_right_answers_show_at_once(
    client, practising, contestant_a
):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, practising)
    first = attempt.questions.get(position=0)
    services.save_answer(
        contestant_a, attempt.id, position=0, shown_index=correct_shown_index(first)
    )
    response = client.post(
        reverse("contests:submit", args=[attempt.id]),
        {"confirm": "1", "prediction": "3"},
        follow=True,
    )
    html = response.content.decode()
    assert 'id="review"' in html
    assert html.count("(đáp án đúng)") == attempt.question_count
    for aq in attempt.questions.select_related("snapshot"):
        letter = "ABCDEF"[correct_shown_index(aq)]
        correct_text = dict(aq.snapshot.choices)[int(aq.order[correct_shown_index(aq)])]
        assert f"{letter}. {correct_text} <strong>(đáp án đúng)</strong>" in html


def test_a_graded_round_still_shows_no_key_before_its_close(
    client, practising, open_round, contestant_a
):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, open_round)
    services.submit_attempt(contestant_a, attempt.id, prediction="3")
    html = client.get(reverse("contests:result", args=[attempt.id])).content.decode()
    assert "đáp án đúng" not in html
    assert "Đáp án sẽ được công bố sau khi đợt thi kết thúc" in html


def test_a_practice_key_whose_text_became_graded_is_hidden_in_the_review(
    client, practising, contest, contestant_a
):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, practising)
    services.submit_attempt(contestant_a, attempt.id, prediction="3")
    drawn = attempt.questions.select_related("question").get(position=0)
    add_question(contest.bank, drawn.question.text)
    html = client.get(reverse("contests:result", args=[attempt.id])).content.decode()
    assert html.count("(đáp án đúng)") == attempt.question_count - 1
    assert "Câu hỏi trùng với câu của đợt thi chính thức" in html


def test_a_practice_submit_locks_only_the_attempt_it_finishes(practising, contestant_a):
    # Practice is unlimited: a person's earlier attempts pile up, and nothing
    # is re-picked among them (no attempt counts).
    for _ in range(3):
        done = services.start_attempt(contestant_a, practising)
        services.submit_attempt(contestant_a, done.id, prediction="1")
    attempt = services.start_attempt(contestant_a, practising)
    with CaptureQueriesContext(connection) as ctx:
        services.submit_attempt(contestant_a, attempt.id, prediction="1")
    locks = [q["sql"] for q in ctx.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1
    assert f'"contests_attempt"."id" = {attempt.id}' in locks[0]
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.SUBMITTED
    assert not Attempt.objects.filter(round=practising, is_counted=True).exists()


def test_a_practice_attempt_past_its_deadline_is_finalised_as_expired(
    practising, contestant_a
):
    attempt = services.start_attempt(contestant_a, practising)
    later = attempt.deadline + timedelta(seconds=1)
    finished = services.finalise_attempt(attempt.id, now=later)
    assert finished.status == Attempt.Status.EXPIRED
    assert finished.submitted_at == attempt.deadline
    assert not finished.is_counted


# --- Thi lại ----------------------------------------------------------------------


def test_a_practice_result_offers_thi_lai_which_starts_a_new_attempt(
    client, practising, contestant_a
):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, practising)
    services.submit_attempt(contestant_a, attempt.id, prediction="3")
    html = client.get(reverse("contests:result", args=[attempt.id])).content.decode()
    start = reverse("contests:start", args=[practising.contest.slug, 0])
    assert f'action="{start}" id="retry-practice"' in html
    assert "Thi lại" in html

    # Practice is unlimited even where the contest allows one graded attempt.
    for number in (2, 3):
        response = client.post(start)
        again = Attempt.objects.get(round=practising, user=contestant_a, number=number)
        assert response.url == reverse("contests:attempt", args=[again.id])
        services.submit_attempt(contestant_a, again.id, prediction="1")


def test_thi_lai_is_not_offered_for_a_graded_round_nor_a_closed_practice(
    client, practising, open_round, contestant_a
):
    client.force_login(contestant_a)
    graded = services.start_attempt(contestant_a, open_round)
    services.submit_attempt(contestant_a, graded.id, prediction="3")
    practice = services.start_attempt(contestant_a, practising)
    services.submit_attempt(contestant_a, practice.id, prediction="3")
    Round.objects.filter(pk=practising.pk).update(closes_at=timezone.now())
    for attempt in (graded, practice):
        url = reverse("contests:result", args=[attempt.id])
        assert "retry-practice" not in client.get(url).content.decode()
