"""What the review keeps: a round's computed statistics and fair play run (a
snapshot, recomputed by a task, never per page view), the cases it found and the
organizer's decisions on them, and the addresses seen at sign-up and login."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel
from contests.models import Round


class RoundReview(TimeStampedModel):
    """The last computed review of a round (one row per round, the row the
    computing task locks). ``questions``: one dict per question (review.stats);
    ``attempts``: how many first attempts the statistics read."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ tính")
        DONE = "done", _("Đã tính")

    round = models.OneToOneField(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="review",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), null=True, blank=True)
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian tính (ms)"), default=0)
    attempts = models.PositiveIntegerField(_("số bài thi lượt đầu"), default=0)
    questions = models.JSONField(_("thống kê câu hỏi"), default=list)

    class Meta:
        verbose_name = _("rà soát đợt thi")
        verbose_name_plural = _("rà soát đợt thi")

    def __str__(self) -> str:
        return str(self.round)


class ReviewCase(TimeStampedModel):
    """One signal about one person in one round, with its evidence, and the
    organizer's current decision (the history is in CaseDecision)."""

    class Kind(models.TextChoices):
        FAST = "fast", _("Trả lời nhanh bất thường")
        RING = "ring", _("Bài làm giống hệt người khác")
        PREDICTION = "prediction", _("Dự đoán trùng nhau trong một đơn vị")
        ADDRESS = "address", _("Nhiều tài khoản từ một địa chỉ")
        NEW_WINNER = "new_winner", _("Tài khoản mới tạo đã đạt điểm cao nhất")

    class Status(models.TextChoices):
        OPEN = "open", _("Chưa xem xét")
        CLEARED = "cleared", _("Không vi phạm")
        EXCLUDED = "excluded", _("Loại khỏi xét giải")

    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        related_name="review_cases",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thí sinh"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("dấu hiệu"), max_length=20, choices=Kind.choices)
    evidence = models.JSONField(_("bằng chứng"), default=dict)
    # False once a later computation no longer finds it (kept: it was decided).
    still_found = models.BooleanField(_("vẫn còn dấu hiệu"), default=True)
    status = models.CharField(
        _("quyết định"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("dấu hiệu cần xem xét")
        verbose_name_plural = _("dấu hiệu cần xem xét")
        ordering = ["round", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "user", "kind"], name="review_case_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="open")
                | Q(decided_at__isnull=False) & ~Q(reason=""),
                name="review_case_decision_has_reason",
            ),
        ]
        indexes = [
            # Prize allocation: the people excluded in a round.
            models.Index(
                fields=["round", "user"],
                condition=Q(status="excluded"),
                name="review_case_excluded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_kind_display()}"


class CaseDecision(models.Model):
    """Every decision taken on a case, in order (who, when, what, why)."""

    case = models.ForeignKey(
        ReviewCase, on_delete=models.CASCADE, related_name="decisions"
    )
    status = models.CharField(
        _("quyết định"), max_length=10, choices=ReviewCase.Status.choices
    )
    reason = models.CharField(_("lý do"), max_length=500)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"))
    # Whose prize moved because of this decision, as the prize allocation said.
    prize_changes = models.JSONField(_("thay đổi giải thưởng"), default=list)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("lịch sử quyết định")
        ordering = ["case", "decided_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} → {self.status}"


class AccessRecord(models.Model):
    """An address seen at sign-up or login (accounts.ratelimits.client_address)
    and a digest of the browser's User-Agent: a signal of many accounts from one
    place, never a verdict (offices and carriers share addresses)."""

    class Kind(models.TextChoices):
        SIGNUP = "signup", _("Đăng ký")
        LOGIN = "login", _("Đăng nhập")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # covered by (user, at)
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    address = models.GenericIPAddressField(_("địa chỉ"))
    device = models.CharField(_("thiết bị (mã băm)"), max_length=16, blank=True)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("địa chỉ truy cập")
        verbose_name_plural = _("địa chỉ truy cập")
        indexes = [
            # The review reads the records of a round's contestants.
            models.Index(fields=["user", "at"], name="review_access_user_at"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.address} {self.at:%Y-%m-%d %H:%M}"
