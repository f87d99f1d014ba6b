"""Writes for complaints: filing one, answering some or all on a question, the
answer a key correction gives, and mailing the decision.

Refusals are core.errors kinds with a Vietnamese message the views show as is.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contests.models import Attempt
from core.errors import Conflict, Invalid, NotFound
from core.formatting import local_datetime
from quizzes.models import KeyChange

from . import rules, selectors
from .models import Complaint

MSG_NO_ATTEMPT = _("Không tìm thấy bài thi này trong các bài thi của bạn.")
MSG_ATTEMPT_OPEN = _("Bài thi chưa nộp: chỉ khiếu nại sau khi bài thi kết thúc.")
MSG_NOT_IN_ATTEMPT = _("Câu hỏi: câu %(n)s không có trong bài thi của bạn.")
MSG_NO_REVIEW = _(
    "Cuộc thi không công bố đáp án cho thí sinh: chỉ nhận khiếu nại về kết quả."
)
MSG_DUPLICATE_QUESTION = _(
    "Bạn đã có khiếu nại về câu hỏi này đang chờ trả lời; vui lòng chờ Ban Tổ chức "
    "trả lời."
)
MSG_DUPLICATE_RESULT = _(
    "Bạn đã có khiếu nại về kết quả đợt thi này đang chờ trả lời; vui lòng chờ Ban "
    "Tổ chức trả lời."
)
MSG_BAD_DECISION = _("Quyết định: chọn «Chấp nhận» hoặc «Không chấp nhận».")
MSG_NOTHING_OPEN = _("Không có khiếu nại nào đang chờ trả lời trong số đã chọn.")

DECISIONS = (Complaint.Status.ACCEPTED, Complaint.Status.REJECTED)


def file_complaint(
    *,
    user,
    attempt_id: int,
    position: int | None,
    text: str,
    now: datetime | None = None,
) -> Complaint:
    """``user`` complains about question ``position`` (0-based) of their own
    finished attempt, or about its round's result when ``position`` is None.

    Refused (nothing written): NotFound for another person's attempt, Invalid
    for an empty or too long text or a position not in the attempt, Conflict
    outside the contest's window, for a question when the contest never shows
    keys, or when the same complaint is already open."""
    now = now or timezone.now()
    attempt = (
        Attempt.objects.select_related("round__contest")
        .filter(pk=attempt_id, user_id=user.pk)
        .first()
    )
    if attempt is None:
        raise NotFound(str(MSG_NO_ATTEMPT))
    if attempt.is_open:
        raise Conflict(str(MSG_ATTEMPT_OPEN))
    problem = rules.text_problem(text)
    if problem:
        raise Invalid(problem)
    round_ = attempt.round
    refusal = rules.window_refusal(
        selectors.window_of(round_, now), now, local_datetime
    )
    if refusal:
        raise Conflict(refusal)
    complaint = Complaint(
        contest=round_.contest,
        round=round_,
        attempt=attempt,
        user_id=user.pk,
        kind=Complaint.Kind.RESULT,
        text=text.strip(),
    )
    duplicate = MSG_DUPLICATE_RESULT
    if position is not None:
        if not round_.contest.review_after_close:
            raise Conflict(str(MSG_NO_REVIEW))
        drawn = selectors.attempt_question(attempt, position)
        if drawn is None:
            raise Invalid(str(MSG_NOT_IN_ATTEMPT) % {"n": position + 1})
        complaint.kind = Complaint.Kind.QUESTION
        complaint.question_id = drawn.question_id
        complaint.position = position
        complaint.chosen = drawn.answer
        duplicate = MSG_DUPLICATE_QUESTION
    try:
        # The partial unique indexes hold "one open complaint" against a double
        # click as well: the second insert fails and says so.
        with transaction.atomic():
            complaint.save()
    except IntegrityError:
        raise Conflict(str(duplicate)) from None
    return complaint


def answer_complaints(
    *,
    user,
    contest_id: int,
    decision: str,
    reply: str,
    complaint_ids: list[int] | None = None,
    question_id: int | None = None,
    now: datetime | None = None,
) -> int:
    """Answer the open complaints of contest ``contest_id`` named by
    ``complaint_ids``, or all those on ``question_id``: ``decision`` is
    accepted or rejected, ``reply`` the text the contestants read. Complaints
    already answered are left alone. Returns how many were answered; the
    contestants are mailed after commit. Safe to re-run (nothing left open).
    The caller checks the permission."""
    if decision not in DECISIONS:
        raise Invalid(str(MSG_BAD_DECISION))
    problem = rules.text_problem(reply, rules.FIELD_REPLY)
    if problem:
        raise Invalid(problem)
    now = now or timezone.now()
    targets = Complaint.objects.filter(
        contest_id=contest_id, status=Complaint.Status.OPEN
    )
    if question_id is not None:
        targets = targets.filter(question_id=question_id)
    else:
        targets = targets.filter(pk__in=complaint_ids or [])
    with transaction.atomic():
        ids = list(targets.select_for_update().values_list("pk", flat=True))
        if not ids:
            raise Conflict(str(MSG_NOTHING_OPEN))
        Complaint.objects.filter(pk__in=ids).update(
            status=decision,
            reply=reply.strip(),
            answered_by=user,
            answered_at=now,
            updated_at=now,
        )
        _notify_after_commit(ids)
    return len(ids)


def answer_after_key_change(*, key_change_id: int) -> int:
    """Accept every open complaint on the question of KeyChange
    ``key_change_id`` (in any contest) with the correction as the reply, in the
    letters each contestant saw. Returns how many; re-running answers none."""
    change = KeyChange.objects.filter(pk=key_change_id).first()
    if change is None:
        return 0
    now = timezone.now()
    date = local_datetime(change.changed_at, "d/m/Y")
    with transaction.atomic():
        complaints = list(
            Complaint.objects.select_for_update(of=("self",))
            .filter(question_id=change.question_id, status=Complaint.Status.OPEN)
            .select_related("contest")
        )
        drawn = selectors.drawn_questions(complaints)
        for complaint in complaints:
            aq = drawn.get((complaint.attempt_id, complaint.question_id))
            order, shown = (aq.order, aq.snapshot.choices) if aq else ("", [])
            complaint.reply = rules.key_corrected_reply(
                old_letter=rules.shown_letter(order, shown, change.old_text),
                old_text=change.old_text,
                new_letter=rules.shown_letter(order, shown, change.new_text),
                new_text=change.new_text,
                date=date,
                shows_keys=complaint.contest.review_after_close,
            )
            complaint.status = Complaint.Status.ACCEPTED
            complaint.answered_by_id = change.changed_by_id
            complaint.answered_at = now
            complaint.key_change = change
            complaint.updated_at = now
        Complaint.objects.bulk_update(
            complaints,
            [
                "reply",
                "status",
                "answered_by",
                "answered_at",
                "key_change",
                "updated_at",
            ],
        )
        _notify_after_commit([c.pk for c in complaints])
    return len(complaints)


def notify_decisions(*, complaint_ids: list[int]) -> int:
    """Mail each decided complaint among ``complaint_ids`` to its contestant
    (those with an e-mail address), once: a complaint is claimed by a
    conditional UPDATE of ``notified_at`` in the transaction that sends its
    mail, so a task run twice sends nothing twice. Returns how many were sent."""
    sent = 0
    candidates = (
        Complaint.objects.filter(pk__in=complaint_ids, notified_at__isnull=True)
        .exclude(status=Complaint.Status.OPEN)
        .exclude(user__email="")
        .select_related("user", "contest", "round")
    )
    for complaint in candidates:
        # The claim's row lock is held while the mail goes: a second run waits,
        # then finds it claimed; a failed send rolls the claim back for a retry.
        with transaction.atomic():
            claimed = Complaint.objects.filter(
                pk=complaint.pk, notified_at__isnull=True
            ).update(notified_at=timezone.now())
            if not claimed:
                continue
            context = {"complaint": complaint}
            send_mail(
                render_to_string("complaints/email_subject.txt", context).strip(),
                render_to_string("complaints/email_decision.txt", context),
                None,
                [complaint.user.email],
            )
        sent += 1
    return sent


def email_configured() -> bool:
    """Whether decisions are mailed: a real mail backend (SMTP, or the test
    suite's in-memory one), not the development console or the dummy."""
    return settings.EMAIL_BACKEND not in {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }


def _notify_after_commit(ids: list[int]) -> None:
    if not ids or not email_configured():
        return
    from .tasks import notify_decisions

    notify_decisions.delay_on_commit(ids)
