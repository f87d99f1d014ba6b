"""Certificate: the Giấy chứng nhận of one prize, with a snapshot of what it says
and a stable code for its verification page. CertificateBatch: a zip of a
contest's (or round's) certificates, written by a Celery worker."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel, Unit
from contests.models import Contest, Round


def new_code() -> str:
    """An unguessable code for the verification URL (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


class Certificate(TimeStampedModel):
    """One prize of one winner. Matched to the current award rows by its identity
    (certificates.matching), never by an award id: awards are re-created on every
    rewrite. The snapshot is what the paper says; it is written when the
    certificate is issued and never changed, so the verification page shows what
    was printed."""

    class Status(models.TextChoices):
        VALID = "valid", _("Có hiệu lực")
        REVOKED = "revoked", _("Đã thu hồi")

    code = models.CharField(
        _("mã xác minh"), max_length=32, unique=True, default=new_code, editable=False
    )
    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    # The identity (certificates.matching.Identity); `key` is all of it in one string.
    part = models.CharField(_("phần thi"), max_length=20)
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certificates",
    )
    group = models.CharField(_("nhóm / bảng"), max_length=50, blank=True)
    tier_index = models.PositiveSmallIntegerField(_("thứ tự giải"))
    tier_name = models.CharField(_("giải"), max_length=100)
    winner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cá nhân đạt giải"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    winner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đạt giải"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    # A live final's player without an account (live.LivePlayer id).
    player_id = models.PositiveBigIntegerField(
        _("thí sinh chung kết"), null=True, blank=True
    )
    key = models.CharField(_("định danh giải"), max_length=400, editable=False)
    # The snapshot: what the paper and the verification page say.
    contest_title = models.CharField(_("tên cuộc thi"), max_length=300)
    organizer_name = models.CharField(_("đơn vị tổ chức"), max_length=300)
    winner_name = models.CharField(_("người / đơn vị đạt giải"), max_length=300)
    unit_name = models.CharField(_("đơn vị"), max_length=300, blank=True)
    scope = models.CharField(_("phần thi, đợt thi"), max_length=400)
    issued_on = models.DateField(_("ngày cấp"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    status_changed_at = models.DateTimeField(_("đổi trạng thái lúc"))
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    # [{"at": iso, "status": "valid"|"revoked", "reason": str}]: every change, for
    # the verification page (a reinstated certificate says it was revoked once).
    history = models.JSONField(_("lịch sử"), default=list, blank=True)

    class Meta:
        verbose_name = _("giấy chứng nhận")
        verbose_name_plural = _("giấy chứng nhận")
        ordering = ["contest", "part", "round", "group", "tier_index", "id"]
        constraints = [
            # One certificate per prize: the re-match looks certificates up by key.
            models.UniqueConstraint(
                fields=["contest", "key"], name="certificates_one_per_prize"
            ),
            models.CheckConstraint(
                condition=Q(status="valid", revoked_reason="") | Q(status="revoked"),
                name="certificates_valid_has_no_revocation",
            ),
        ]
        indexes = [
            # "Giấy chứng nhận của tôi": a person's and a represented unit's.
            models.Index(fields=["winner_user", "status"]),
            models.Index(fields=["winner_unit", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.tier_name} — {self.winner_name}"

    @property
    def number(self) -> str:
        """The number printed on the paper: year of issue / serial."""
        return f"{self.pk:06d}/{self.issued_on:%Y}/GCN"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.VALID

    @property
    def is_individual(self) -> bool:
        return self.winner_user_id is not None or self.player_id is not None


class CertificateBatch(TimeStampedModel):
    """A zip of every valid certificate of a contest (or of one round), asked for
    on the desk, written by a Celery worker; the page polls its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contest = models.ForeignKey(
        Contest, verbose_name=_("cuộc thi"), on_delete=models.CASCADE, related_name="+"
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
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
    done = models.PositiveIntegerField(_("số giấy đã tạo"), default=0)
    total = models.PositiveIntegerField(_("tổng số giấy"), null=True, blank=True)
    # Stored through the storage API (default_storage: a disk or S3).
    file = models.FileField(_("tệp"), upload_to="private/certificates/", blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp nén giấy chứng nhận")
        verbose_name_plural = _("tệp nén giấy chứng nhận")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename or str(self.id)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, 100 * self.done // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
