"""RoundClosing / ContestClosing: the claim row a closing job locks, and the
record of how it ran (when, how long, what it counted) and of publication.
ClosableRound: the admin's view of rounds to close."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel
from contests.models import Contest, Round


class Trigger(models.TextChoices):
    BEAT = "beat", _("Tự động (lịch chạy mỗi phút)")
    COMMAND = "command", _("Lệnh trên máy chủ")
    ADMIN = "admin", _("Trang quản trị")
    STAFF = "staff", _("Trang Ban Tổ chức")
    REGRADE = "regrade", _("Chấm lại")


class ClosingStatus(models.TextChoices):
    PENDING = "pending", _("Chưa đóng")
    CLOSED = "closed", _("Đã đóng, đã xếp hạng")


class RoundClosing(TimeStampedModel):
    """The closing of one round: the row a closing job locks (FOR UPDATE SKIP
    LOCKED), so two workers never close a round at once, and the record of the run.

    Written in the same transaction as the round's results and awards: a closing
    that crashed leaves this row PENDING and nothing else, and the next run redoes
    it whole."""

    round = models.OneToOneField(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="closing",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ClosingStatus.choices,
        default=ClosingStatus.PENDING,
    )
    trigger = models.CharField(
        _("chạy bởi"), max_length=10, choices=Trigger.choices, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đóng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("đóng lúc"), null=True, blank=True)
    # The last time the ranking was (re)computed: the close, or a later regrade.
    ranked_at = models.DateTimeField(_("xếp hạng lúc"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(
        _("thời gian chạy (ms)"), null=True, blank=True
    )
    attempts_finalised = models.PositiveIntegerField(
        _("số bài thi tự động nộp khi đóng"), default=0
    )
    participants = models.PositiveIntegerField(_("số người dự thi"), default=0)
    attempts_finished = models.PositiveIntegerField(_("số lượt thi"), default=0)
    ranked = models.PositiveIntegerField(_("số người được xếp hạng"), default=0)
    people_all_correct = models.PositiveIntegerField(
        _("số người trả lời đúng tất cả"), default=0
    )
    attempts_all_correct = models.PositiveIntegerField(
        _("số lượt thi đúng tất cả"), default=0
    )
    prediction_target = models.CharField(
        _("câu dự đoán hỏi về"),
        max_length=30,
        choices=Contest.PredictionTarget.choices,
        blank=True,
    )
    true_answer = models.PositiveBigIntegerField(
        _("đáp án câu dự đoán"), null=True, blank=True
    )
    awards_count = models.PositiveIntegerField(_("số giải"), default=0)
    prize_total_vnd = models.PositiveBigIntegerField(
        _("tổng tiền thưởng (đồng)"), default=0
    )
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Set when a regrade changed the results after they were published.
    revised_at = models.DateTimeField(
        _("điều chỉnh sau công bố lúc"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("kết quả đóng đợt thi")
        verbose_name_plural = _("kết quả đóng đợt thi")
        permissions = [
            ("close_round", _("Đóng đợt thi, xếp hạng và trao giải")),
            ("publish_results", _("Công bố kết quả")),
            ("regrade_round", _("Chấm lại đợt thi")),
            ("export_awards", _("Xuất danh sách giải thưởng ra Excel")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending")
                | Q(closed_at__isnull=False, ranked_at__isnull=False),
                name="awards_roundclosing_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="closed"),
                name="awards_roundclosing_published_only_closed",
            ),
        ]

    def __str__(self) -> str:
        return str(self.round)

    @property
    def is_closed(self) -> bool:
        return self.status == ClosingStatus.CLOSED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ContestClosing(TimeStampedModel):
    """Contest-wide results (contest-scope individual prizes, collective ranking),
    computed when the contest's last round has closed or on an organizer's command.
    Locked like RoundClosing."""

    contest = models.OneToOneField(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="closing",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=ClosingStatus.choices,
        default=ClosingStatus.PENDING,
    )
    trigger = models.CharField(
        _("chạy bởi"), max_length=10, choices=Trigger.choices, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chạy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("tính lúc"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(
        _("thời gian chạy (ms)"), null=True, blank=True
    )
    rounds_included = models.PositiveSmallIntegerField(_("số đợt đã tính"), default=0)
    rounds_total = models.PositiveSmallIntegerField(_("tổng số đợt"), default=0)
    contestants = models.PositiveIntegerField(_("số thí sinh"), default=0)
    awards_count = models.PositiveIntegerField(_("số giải"), default=0)
    prize_total_vnd = models.PositiveBigIntegerField(
        _("tổng tiền thưởng (đồng)"), default=0
    )
    warnings = models.JSONField(_("cảnh báo"), default=list, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revised_at = models.DateTimeField(
        _("điều chỉnh sau công bố lúc"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("kết quả toàn cuộc thi")
        verbose_name_plural = _("kết quả toàn cuộc thi")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending") | Q(computed_at__isnull=False),
                name="awards_contestclosing_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="closed"),
                name="awards_contestclosing_published_only_closed",
            ),
        ]

    def __str__(self) -> str:
        return str(self.contest)

    @property
    def is_closed(self) -> bool:
        return self.status == ClosingStatus.CLOSED

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_final(self) -> bool:
        return self.is_closed and self.rounds_included >= self.rounds_total


class ClosableRound(Round):
    """Rounds as the admin's "results" list sees them: close now, publish, regrade,
    export (admin actions). A proxy: no table of its own."""

    class Meta:
        proxy = True
        verbose_name = _("đóng đợt thi và công bố kết quả")
        verbose_name_plural = _("đóng đợt thi và công bố kết quả")
