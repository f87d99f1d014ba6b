"""A contestant files a complaint on a question of their own attempt or on their
result, within the contest's window; everything else is refused with a reason."""

import datetime

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from complaints import rules, services
from complaints.forms import RESULT
from complaints.models import Complaint, ComplaintSettings
from complaints.views import MSG_TOO_MANY
from core.errors import Conflict, Invalid, NotFound
from tests.complaints.conftest import DAY, closed_round_of, publish, take
from tests.factories.contests import RoundFactory, make_bank

TEXT = "Câu này có hai phương án đúng theo Bộ luật Lao động 2019."


def file(user, attempt, position=None, text=TEXT, **kwargs):
    return services.file_complaint(
        user=user, attempt_id=attempt.id, position=position, text=text, **kwargs
    )


def test_a_question_complaint_keeps_the_question_and_the_chosen_answer(
    contestant_a, attempt_a
):
    complaint = file(contestant_a, attempt_a, position=0)

    drawn = attempt_a.questions.get(position=0)
    assert complaint.kind == Complaint.Kind.QUESTION
    assert complaint.question_id == drawn.question_id
    assert complaint.chosen == drawn.answer is not None
    assert (complaint.contest, complaint.round) == (
        attempt_a.round.contest,
        attempt_a.round,
    )
    assert complaint.status == Complaint.Status.OPEN
    assert complaint.number == 1


def test_a_result_complaint_names_no_question(contestant_a, attempt_a):
    complaint = file(contestant_a, attempt_a, text="Tôi đúng 4 câu nhưng xếp hạng 9.")
    assert complaint.kind == Complaint.Kind.RESULT
    assert complaint.question_id is None


def test_within_the_window_after_publication(contestant_a, attempt_a, round_):
    publish(round_, timezone.now() - 2 * DAY)  # default window: 3 days
    assert file(contestant_a, attempt_a, position=1).pk


def test_after_the_window_is_refused_in_vietnamese(contestant_a, attempt_a, round_):
    publish(round_, timezone.now() - 4 * DAY)
    with pytest.raises(Conflict) as refused:
        file(contestant_a, attempt_a, position=1)
    assert refused.value.message.startswith("Đã hết thời hạn khiếu nại của đợt thi")
    assert "trong 3 ngày" in refused.value.message
    assert not Complaint.objects.exists()


def test_the_contest_sets_its_own_window(contestant_a, attempt_a, round_, contest):
    publish(round_, timezone.now() - 4 * DAY)
    ComplaintSettings.objects.create(contest=contest, window_days=7)
    assert file(contestant_a, attempt_a, position=1).pk


def test_a_contest_may_stop_taking_complaints(contestant_a, attempt_a, contest):
    ComplaintSettings.objects.create(contest=contest, is_open=False)
    with pytest.raises(Conflict) as refused:
        file(contestant_a, attempt_a)
    assert refused.value.message == str(rules.MSG_NOT_ACCEPTING)


def test_before_the_round_closes_is_refused(contest, contestant_a):
    open_round = RoundFactory(contest=contest, number=2)
    attempt = take(open_round, contestant_a, at=timezone.now())
    with pytest.raises(Conflict) as refused:
        file(contestant_a, attempt, position=0)
    assert refused.value.message.startswith("Đợt thi chưa kết thúc")


def test_someone_elses_attempt_is_not_found(contestant_b, attempt_a):
    with pytest.raises(NotFound):
        file(contestant_b, attempt_a, position=0)
    assert not Complaint.objects.exists()


def test_a_question_not_in_the_attempt_is_refused_naming_it(contestant_a, attempt_a):
    with pytest.raises(Invalid) as refused:
        file(contestant_a, attempt_a, position=7)
    assert refused.value.message == "Câu hỏi: câu 8 không có trong bài thi của bạn."


def test_one_open_complaint_per_person_per_question(contestant_a, attempt_a):
    first = file(contestant_a, attempt_a, position=2)
    with pytest.raises(Conflict) as refused:
        file(contestant_a, attempt_a, position=2, text="Lần nữa")
    assert refused.value.message == str(services.MSG_DUPLICATE_QUESTION)
    # Another question, and the result, are separate complaints.
    file(contestant_a, attempt_a, position=3)
    file(contestant_a, attempt_a)
    with pytest.raises(Conflict):
        file(contestant_a, attempt_a, text="Kết quả lần nữa")
    # Once answered, the person may complain again.
    Complaint.objects.filter(pk=first.pk).update(
        status=Complaint.Status.REJECTED, answered_at=timezone.now()
    )
    assert file(contestant_a, attempt_a, position=2, text="Bổ sung căn cứ").pk


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("  ", "Nội dung khiếu nại: không được để trống."),
        ("ư" * 2001, "Nội dung khiếu nại: dài 2001 ký tự, tối đa 2000 ký tự."),
    ],
)
def test_an_empty_or_oversized_text_is_refused_naming_the_field(
    contestant_a, attempt_a, text, message
):
    with pytest.raises(Invalid) as refused:
        file(contestant_a, attempt_a, position=0, text=text)
    assert refused.value.message == message


def test_no_question_complaint_when_the_contest_never_shows_keys(
    contest, contestant_a, attempt_a
):
    contest.review_after_close = False
    contest.save()
    with pytest.raises(Conflict) as refused:
        file(contestant_a, attempt_a, position=0)
    assert refused.value.message == str(services.MSG_NO_REVIEW)
    assert file(contestant_a, attempt_a).kind == Complaint.Kind.RESULT


def test_a_practice_round_takes_no_complaint(contest, contestant_a):
    contest.practice_bank = make_bank(5, name="Ngân hàng thi thử")
    contest.save()
    practice = closed_round_of(contest, number=3, is_practice=True)
    attempt = take(practice, contestant_a)
    with pytest.raises(Conflict) as refused:
        file(contestant_a, attempt)
    assert refused.value.message == str(rules.MSG_PRACTICE)


# --- the page -----------------------------------------------------------------


def page(attempt):
    return reverse("complaints:file", args=[attempt.id])


def test_the_page_files_and_returns_to_the_result(client, contestant_a, attempt_a):
    client.force_login(contestant_a)
    response = client.post(page(attempt_a), {"about": "1", "text": TEXT})
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("contests:result", args=[attempt_a.id]) + "#khieu-nai"
    )
    complaint = Complaint.objects.get()
    assert (complaint.position, complaint.text) == (1, TEXT)


def test_the_page_lists_the_attempts_questions(client, contestant_a, attempt_a):
    client.force_login(contestant_a)
    html = client.get(page(attempt_a)).content.decode()
    first = attempt_a.questions.get(position=0).snapshot.text
    assert f'<option value="{RESULT}"' in html
    assert f'<option value="0">Câu 1: {first}' in html
    assert '<option value="4">' in html
    assert '<option value="5">' not in html


def test_the_page_shows_a_refusal_and_keeps_the_text(client, contestant_a, attempt_a):
    client.force_login(contestant_a)
    response = client.post(page(attempt_a), {"about": "9", "text": TEXT})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Câu hỏi: câu 10 không có trong bài thi của bạn." in html
    assert TEXT in html
    response = client.post(page(attempt_a), {"about": RESULT, "text": ""})
    assert response.status_code == 400
    assert "Nội dung khiếu nại: không được để trống." in response.content.decode()
    assert not Complaint.objects.exists()


def test_the_page_of_someone_elses_attempt_is_404(client, contestant_b, attempt_a):
    client.force_login(contestant_b)
    assert client.get(page(attempt_a)).status_code == 404
    assert client.post(page(attempt_a), {"about": "0", "text": TEXT}).status_code == 404


def test_after_the_window_the_page_says_why_and_offers_no_form(
    client, contestant_a, attempt_a, round_
):
    publish(round_, timezone.now() - 10 * DAY)
    client.force_login(contestant_a)
    html = client.get(page(attempt_a)).content.decode()
    assert "Đã hết thời hạn khiếu nại của đợt thi" in html
    assert 'id="complaint-form"' not in html


def test_anonymous_visitors_are_sent_to_log_in(client, attempt_a):
    response = client.get(page(attempt_a))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_filing_needs_the_csrf_token(contestant_a, attempt_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(contestant_a)
    response = client.post(page(attempt_a), {"about": "0", "text": TEXT})
    assert response.status_code == 403
    assert not Complaint.objects.exists()


@override_settings(COMPLAINTS_RATE="2/m")
def test_filing_is_rate_limited_per_person(client, contestant_a, attempt_a):
    client.force_login(contestant_a)
    for position in (0, 1):
        assert client.post(page(attempt_a), {"about": str(position), "text": TEXT})[
            "Location"
        ]
    response = client.post(page(attempt_a), {"about": "2", "text": TEXT})
    assert response.status_code == 429
    assert str(MSG_TOO_MANY) in response.content.decode()
    assert Complaint.objects.count() == 2


def test_now_is_checked_against_the_window(contestant_a, attempt_a, round_):
    publish(round_, round_.closes_at)
    late = round_.closes_at + 3 * DAY + datetime.timedelta(seconds=1)
    with pytest.raises(Conflict):
        file(contestant_a, attempt_a, now=late)
    assert file(contestant_a, attempt_a, now=late - 2 * datetime.timedelta(seconds=1))
