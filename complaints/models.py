"""Complaints (khiếu nại): a contestant's objection to a question of their own
attempt or to their result, and the organizers' answer.

A complaint keeps its contest and round (the organizers' lists and the admin are
scoped per contest) and, for a question, the position in the attempt and the
answer the contestant had chosen, so the organizers read it without the attempt.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel
from contests.models import Attempt, Contest, Round

from . import rules


class ComplaintSettings(TimeStampedModel):
    """A contest's complaint window; a contest without a row uses the defaults."""

    contest = models.OneToOneField(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="complaint_settings",
    )
    is_open = models.BooleanField(
        _("nhận khiếu nại"),
        default=True,
        help_text=_("Bỏ chọn để thí sinh không gửi khiếu nại mới trong cuộc thi."),
    )
    window_days = models.PositiveSmallIntegerField(
        _("số ngày nhận khiếu nại sau khi công bố kết quả"),
        default=rules.DEFAULT_WINDOW_DAYS,
        help_text=_(
            "Thí sinh gửi khiếu nại từ khi đợt thi kết thúc đến hết số ngày này "
            "sau khi kết quả đợt thi được công bố."
        ),
    )

    class Meta:
        verbose_name = _("thời hạn khiếu nại")
        verbose_name_plural = _("thời hạn khiếu nại")
        constraints = [
            models.CheckConstraint(
                condition=Q(window_days__lte=rules.MAX_WINDOW_DAYS),
                name="complaints_settings_window_bounded",
            ),
        ]

    def __str__(self) -> str:
        return str(self.contest)


class Complaint(TimeStampedModel):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Câu hỏi")
        RESULT = "result", _("Kết quả")

    class Status(models.TextChoices):
        OPEN = "open", _("Đang chờ trả lời")
        ACCEPTED = "accepted", _("Chấp nhận")
        REJECTED = "rejected", _("Không chấp nhận")

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="complaints",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        related_name="complaints",
    )
    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("lượt thi"),
        on_delete=models.CASCADE,
        related_name="complaints",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thí sinh"),
        on_delete=models.CASCADE,
        related_name="complaints",
    )
    kind = models.CharField(_("khiếu nại về"), max_length=10, choices=Kind.choices)
    question = models.ForeignKey(
        "quizzes.Question",
        verbose_name=_("câu hỏi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="complaints",
    )
    # 0-based place of the question in the attempt ("Câu position + 1").
    position = models.PositiveSmallIntegerField(_("thứ tự câu"), null=True, blank=True)
    # The canonical Choice.position the contestant had chosen (None: unanswered).
    chosen = models.PositiveSmallIntegerField(
        _("đáp án thí sinh chọn"), null=True, blank=True
    )
    text = models.TextField(_("nội dung khiếu nại"), max_length=rules.MAX_TEXT_CHARS)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reply = models.TextField(_("trả lời"), blank=True, max_length=rules.MAX_TEXT_CHARS)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    # Set when the answer came from a key correction of the question.
    key_change = models.ForeignKey(
        "quizzes.KeyChange",
        verbose_name=_("sửa đáp án"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # When the decision was mailed to the contestant (tasks.notify_decisions).
    notified_at = models.DateTimeField(_("đã báo qua email lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khiếu nại")
        verbose_name_plural = _("khiếu nại")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="result", question__isnull=True)
                | Q(kind="question", question__isnull=False, position__isnull=False),
                name="complaints_question_iff_kind",
            ),
            models.CheckConstraint(
                condition=Q(status="open", answered_at__isnull=True)
                | Q(status__in=["accepted", "rejected"], answered_at__isnull=False),
                name="complaints_answered_iff_decided",
            ),
            # One open complaint per person per question, and per round on a result.
            models.UniqueConstraint(
                fields=["user", "question"],
                condition=Q(status="open", kind="question"),
                name="complaints_one_open_per_question",
            ),
            models.UniqueConstraint(
                fields=["user", "round"],
                condition=Q(status="open", kind="result"),
                name="complaints_one_open_result_per_round",
            ),
        ]
        indexes = [
            # The organizers' list of a contest and the key correction's lookup.
            models.Index(fields=["contest", "status"], name="complaints_contest"),
            models.Index(
                fields=["question"],
                condition=Q(status="open"),
                name="complaints_open_by_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()} — {self.round}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def number(self) -> int | None:
        return None if self.position is None else self.position + 1
