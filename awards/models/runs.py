"""RegradeRun: the audit of a re-score. ExportJob: an Excel export run by a
worker."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel, Unit
from contests.models import Contest, Round

from .closings import Trigger


class RegradeRun(models.Model):
    """Who re-scored which round, when, why (the key changes and voided questions
    found), and what it changed, including prize differences after publication."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="regrades",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        related_name="regrades",
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chạy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    run_at = models.DateTimeField(_("chạy lúc"))
    trigger = models.CharField(_("chạy từ"), max_length=10, choices=Trigger.choices)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    # What prompted it: [{"question_id", "old_key", "new_key", "by", "at"}] and
    # [{"question_id", "reason", "by", "at"}].
    key_changes = models.JSONField(_("đáp án đã sửa"), default=list, blank=True)
    voided_questions = models.JSONField(_("câu hỏi bị hủy"), default=list, blank=True)
    attempts_rescored = models.PositiveIntegerField(_("số bài thi chấm lại"), default=0)
    scores_changed = models.PositiveIntegerField(_("số người đổi điểm"), default=0)
    ranks_changed = models.PositiveIntegerField(_("số người đổi hạng"), default=0)
    was_published = models.BooleanField(_("kết quả đã công bố trước đó"), default=False)
    # [{"user_id", "name", "scope", "before", "after"}] where before/after are prize
    # names or "" (no prize): who gained, lost or changed which prize.
    prize_changes = models.JSONField(_("thay đổi giải"), default=list, blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian chạy (ms)"), default=0)

    class Meta:
        verbose_name = _("lần chấm lại")
        verbose_name_plural = _("nhật ký chấm lại")
        ordering = ["-run_at", "-id"]

    def __str__(self) -> str:
        return f"{self.round} — {self.run_at:%d/%m/%Y %H:%M}"


class ExportJob(TimeStampedModel):
    """An Excel export requested from the web, written by a Celery worker; the page
    polls its progress and offers the file when done."""

    class Kind(models.TextChoices):
        ROUND = "round", _("Danh sách đạt giải theo đợt")
        CONTEST = "contest", _("Danh sách đạt giải toàn cuộc thi")
        COLLECTIVE = "collective", _("Xếp hạng và giải tập thể")
        RANKING = "ranking", _("Bảng xếp hạng đầy đủ của đợt")
        PARTICIPATION = "participation", _("Báo cáo tham gia theo đơn vị")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("số dòng đã xuất"), default=0)
    rows_total = models.PositiveIntegerField(_("tổng số dòng"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to="private/exports/", blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("yêu cầu xuất Excel")
        verbose_name_plural = _("yêu cầu xuất Excel")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["round", "ranking"]) | Q(round__isnull=False),
                name="awards_exportjob_round_kind_has_round",
            ),
            models.CheckConstraint(
                condition=~Q(kind="participation") | Q(unit__isnull=False),
                name="awards_exportjob_participation_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.filename or str(self.id)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, 100 * self.rows_done // self.rows_total)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
