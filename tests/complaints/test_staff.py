"""The organizers' complaints page: grouped by question and by result, answered
one by one or for a whole question; the secretariat reads; nobody else."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts import roles
from complaints import services
from complaints.models import Complaint
from quizzes.models import Choice
from tests.complaints.conftest import position_of, question_at, take
from tests.factories import UserFactory

REPLY = "Ban Tổ chức đã kiểm tra: đáp án đúng theo Điều 35 Bộ luật Lao động."


def file(user, attempt, position=None, text="Đáp án chưa đúng"):
    return services.file_complaint(
        user=user, attempt_id=attempt.id, position=position, text=text
    )


@pytest.fixture
def filed(contestant_a, contestant_b, attempt_a, attempt_b):
    """A and B complain about question 1 (each chose a wrong answer); A about
    question 2 as well; B about the result."""
    q1 = question_at(attempt_a, 0)
    return {
        "a_q1": file(contestant_a, attempt_a, 0, "Câu 1 có hai đáp án đúng"),
        "b_q1": file(
            contestant_b, attempt_b, position_of(attempt_b, q1), "Câu 1 sai đáp án"
        ),
        "a_q2": file(contestant_a, attempt_a, 1, "Câu 2 không rõ"),
        "b_result": file(contestant_b, attempt_b, None, "Tôi phải được giải Ba"),
    }


def manage_url(contest):
    return reverse("complaints:manage", args=[contest.slug])


def answer_url(contest):
    return reverse("complaints:answer", args=[contest.slug])


def test_the_organizer_sees_complaints_grouped_by_question(
    client, organizer, contest, filed, attempt_a
):
    client.force_login(organizer)
    response = client.get(manage_url(contest))
    assert response.status_code == 200
    html = response.content.decode()
    q1 = question_at(attempt_a, 0)
    key = Choice.objects.get(question=q1, is_correct=True)
    chosen = Choice.objects.get(question=q1, position=filed["a_q1"].chosen)
    groups = response.context["questions"]
    assert [(g.question_id, len(g.complaints), g.open_count) for g in groups] == [
        (q1.id, 2, 2),
        (question_at(attempt_a, 1).id, 1, 1),
    ]
    assert q1.text in html
    assert f"{key.letter}. {key.text}" in html  # the current key
    assert f"{chosen.letter}. {chosen.text}" in html  # the answer A chose
    assert "Câu 1 có hai đáp án đúng" in html
    assert "Câu 1 sai đáp án" in html
    assert "Tôi phải được giải Ba" in html  # by result
    assert "Đang chờ trả lời: 3 về câu hỏi, 1 về kết quả." in html
    assert 'name="question"' in html
    assert 'name="complaint"' in html


def test_the_secretariat_reads_without_keys_or_answer_forms(
    client, secretary, contest, filed, attempt_a
):
    client.force_login(secretary)
    response = client.get(manage_url(contest))
    assert response.status_code == 200
    html = response.content.decode()
    key = Choice.objects.get(question=question_at(attempt_a, 0), is_correct=True)
    assert "Câu 1 có hai đáp án đúng" in html
    assert "current-key" not in html
    assert key.text not in html
    assert "answer-form" not in html
    response = client.post(
        answer_url(contest),
        {"complaint": filed["a_q1"].id, "decision": "rejected", "reply": REPLY},
    )
    assert response.status_code == 403
    assert Complaint.objects.get(pk=filed["a_q1"].id).is_open


@pytest.mark.parametrize(
    "who", ["judge", "unit_rep", "contestant_a", "other_organizer", "plain_staff"]
)
def test_nobody_else_sees_or_answers(client, request, contest, filed, who):
    if who == "plain_staff":
        user = UserFactory(is_staff=True)
        user.groups.add(Group.objects.get_or_create(name=roles.ORGANIZER)[0])
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(manage_url(contest)).status_code == 403
    response = client.post(
        answer_url(contest),
        {"question": filed["a_q1"].question_id, "decision": "accepted", "reply": REPLY},
    )
    assert response.status_code == 403
    assert Complaint.objects.filter(status=Complaint.Status.OPEN).count() == 4


def test_anonymous_is_sent_to_log_in(client, contest):
    response = client.get(manage_url(contest))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_superuser_may_answer(client, contest, filed):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(manage_url(contest)).status_code == 200


def test_answering_one_complaint(client, organizer, contest, filed):
    client.force_login(organizer)
    target = filed["a_q1"]
    response = client.post(
        answer_url(contest),
        {"complaint": target.id, "decision": "rejected", "reply": REPLY},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#khieu-nai-{target.id}")
    target.refresh_from_db()
    assert target.status == Complaint.Status.REJECTED
    assert target.reply == REPLY
    assert target.answered_by == organizer
    assert target.answered_at is not None
    # The other complaint on the same question is still open.
    assert Complaint.objects.get(pk=filed["b_q1"].id).is_open


def test_answering_all_complaints_on_a_question_at_once(
    client, organizer, contest, filed
):
    client.force_login(organizer)
    q1 = filed["a_q1"].question_id
    already = filed["b_q1"]
    services.answer_complaints(
        user=organizer,
        contest_id=contest.id,
        decision="rejected",
        reply="Trả lời riêng",
        complaint_ids=[already.id],
    )
    response = client.post(
        answer_url(contest), {"question": q1, "decision": "accepted", "reply": REPLY}
    )
    assert response.status_code == 302
    statuses = dict(Complaint.objects.values_list("id", "status"))
    assert statuses == {
        filed["a_q1"].id: "accepted",
        already.id: "rejected",  # answered before: left alone
        filed["a_q2"].id: "open",  # another question
        filed["b_result"].id: "open",
    }
    assert Complaint.objects.get(pk=already.id).reply == "Trả lời riêng"


def test_a_reply_is_required_naming_the_field(client, organizer, contest, filed):
    client.force_login(organizer)
    response = client.post(
        answer_url(contest),
        {"complaint": filed["a_q1"].id, "decision": "accepted", "reply": " "},
        follow=True,
    )
    assert "Trả lời: không được để trống." in response.content.decode()
    assert Complaint.objects.get(pk=filed["a_q1"].id).is_open


def test_a_complaint_of_another_contest_is_not_answered_through_this_one(
    client, other_organizer, contest, filed
):
    from contests.models import Contest

    other = Contest.objects.get(slug="cuoc-thi-khac")
    client.force_login(other_organizer)
    response = client.post(
        answer_url(other),
        {"complaint": filed["a_q1"].id, "decision": "accepted", "reply": REPLY},
        follow=True,
    )
    assert str(services.MSG_NOTHING_OPEN) in response.content.decode()
    assert Complaint.objects.get(pk=filed["a_q1"].id).is_open


def test_the_contestant_sees_the_decision_on_both_pages(
    client, organizer, contest, filed, contestant_a, attempt_a
):
    services.answer_complaints(
        user=organizer,
        contest_id=contest.id,
        decision="rejected",
        reply=REPLY,
        complaint_ids=[filed["a_q1"].id],
    )
    client.force_login(contestant_a)
    for url in (
        reverse("contests:result", args=[attempt_a.id]),
        reverse("contests:my_attempts"),
    ):
        html = client.get(url).content.decode()
        assert 'id="khieu-nai"' in html
        assert "Câu 1 có hai đáp án đúng" in html
        assert "Không chấp nhận" in html
        assert REPLY in html
        assert "Câu 2 không rõ" in html
        assert "Đang chờ trả lời" in html
        # B's complaints are B's own.
        assert "Câu 1 sai đáp án" not in html


def test_the_result_page_offers_the_form_within_the_window(
    client, contestant_a, attempt_a
):
    client.force_login(contestant_a)
    html = client.get(reverse("contests:result", args=[attempt_a.id])).content
    assert reverse("complaints:file", args=[attempt_a.id]).encode() in html


def test_the_decision_is_mailed_once_when_mail_is_configured(
    organizer, contest, filed, contestant_a, contestant_b, mailoutbox, eager_tasks,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    contestant_a.email = "thisinh.a@example.vn"
    contestant_a.save()
    contestant_b.email = ""
    contestant_b.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_complaints(
            user=organizer,
            contest_id=contest.id,
            decision="accepted",
            reply=REPLY,
            question_id=filed["a_q1"].question_id,
        )
    # B has no e-mail address: only A's mail.
    assert [m.to for m in mailoutbox] == [["thisinh.a@example.vn"]]
    assert contest.title in mailoutbox[0].subject
    assert "Chấp nhận" in mailoutbox[0].body
    assert REPLY in mailoutbox[0].body
    assert services.notify_decisions(complaint_ids=[filed["a_q1"].id]) == 0
    assert len(mailoutbox) == 1


def test_the_index_lists_only_the_persons_contests_with_waiting_counts(
    client, organizer, other_organizer, contest, filed
):
    client.force_login(organizer)
    html = client.get(reverse("complaints:index")).content.decode()
    assert contest.title in html
    assert "4 đang chờ" in html
    assert "cuoc-thi-khac" not in html
    client.force_login(other_organizer)
    html = client.get(reverse("complaints:index")).content.decode()
    assert contest.title not in html
    assert reverse("complaints:manage", args=["cuoc-thi-khac"]) in html


def test_the_page_reads_a_fixed_number_of_queries(
    client, organizer, contest, filed, round_, django_assert_max_num_queries
):
    client.force_login(organizer)
    with django_assert_max_num_queries(20) as few:
        client.get(manage_url(contest))
    for _ in range(6):
        someone = UserFactory()
        attempt = take(round_, someone)
        services.file_complaint(
            user=someone, attempt_id=attempt.id, position=0, text="Sai"
        )
        services.file_complaint(
            user=someone, attempt_id=attempt.id, position=None, text="Sai"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(manage_url(contest))


def test_the_results_desk_leads_to_the_complaints_page(client, organizer, contest):
    client.force_login(organizer)

    desk = client.get(reverse("awards:manage", args=[contest.slug]))

    assert desk.status_code == 200
    assert f'href="{manage_url(contest)}" id="desk-complaints"' in desk.content.decode()
