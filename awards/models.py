"""Results and awards.

Award: every prize (round, contest, collective, special, video) is one row.
RoundClosing / ContestClosing: the claim row a closing job locks, and the record of
how it ran (when, how long, what it counted) and of publication.
RoundResult / ContestResult / UnitResult: the rankings, one row per ranked person or
unit, with every key the order used, so "why am I 4th?" is answered from data.
RegradeRun: the audit of a re-score. ExportJob: an Excel export run by a worker.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel, Unit
from contests.models import Attempt, Contest, RankingGroup, Round


class Award(TimeStampedModel):
    class Part(models.TextChoices):
        ROUND = "round", _("Giải cá nhân theo đợt")
        CONTEST = "contest", _("Giải cá nhân toàn cuộc thi")
        COLLECTIVE = "collective", _("Giải tập thể")
        VIDEO = "video", _("Giải video clip")
        SPECIAL = "special", _("Giải đặc biệt")
        FINAL = "final", _("Giải chung kết")

    INDIVIDUAL_PARTS = (Part.ROUND, Part.CONTEST)

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="awards",
    )
    part = models.CharField(_("phần thi"), max_length=20, choices=Part.choices)
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="awards",
    )
    group = models.CharField(_("nhóm / bảng"), max_length=50, blank=True)
    tier_name = models.CharField(
        _("giải"), max_length=100
    )  # "Giải Nhất", "Khuyến khích"
    tier_index = models.PositiveSmallIntegerField(_("thứ tự giải"))  # 0 = highest tier
    rank = models.PositiveIntegerField(_("hạng"))
    winner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cá nhân đạt giải"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    winner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đạt giải"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
    )
    # The individual winner's unit when they competed (the attempt's snapshot): the
    # "Đơn vị" column of award lists and the unit a collective ranking credits.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị của người đạt giải"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), default=0)
    # What the award was for, when it is not the person or unit itself: the attempt
    # id of a round prize (= its RoundResult), a clip id for a video prize.
    source_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["contest", "part", "round", "group", "tier_index", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(winner_user__isnull=False) | Q(winner_unit__isnull=False),
                name="awards_award_has_winner",
            ),
            # Nobody wins twice in one round's allocation.
            models.UniqueConstraint(
                fields=["round", "winner_user"],
                condition=Q(part="round"),
                name="awards_award_one_round_prize_per_person",
            ),
            # Nobody wins twice in the contest-wide individual allocation.
            models.UniqueConstraint(
                fields=["contest", "winner_user"],
                condition=Q(part="contest"),
                name="awards_award_one_contest_prize_per_person",
            ),
        ]
        indexes = [
            # Award lists and "already won" lookups per contest and part.
            models.Index(fields=["contest", "part", "round"]),
        ]

    def __str__(self) -> str:
        return f"{self.tier_name} — {self.winner_user or self.winner_unit}"


class Trigger(models.TextChoices):
    BEAT = "beat", _("Tự động (lịch chạy mỗi phút)")
    COMMAND = "command", _("Lệnh quản trị (manage.py)")
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


class RoundResult(models.Model):
    """One ranked (counted) attempt of a closed round with the keys it was ranked
    by: score ↓, prediction gap ↑ (missing last), duration ↑, submit time ↑, id ↑.

    Foreign keys other than the attempt carry no database constraint: the attempt
    already guarantees them, and a round of 1,000,000 rows is written with COPY."""

    attempt = models.OneToOneField(
        Attempt,
        verbose_name=_("lượt thi"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="result",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        related_name="results",
        db_constraint=False,
        db_index=False,  # covered by the (round, rank) and (round, user) uniques
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thí sinh"),
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,  # read by (round, user)
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    ranking_group = models.ForeignKey(
        RankingGroup,
        verbose_name=_("nhóm xếp hạng"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,  # covered by (round, ranking_group, group_rank)
    )
    rank = models.PositiveIntegerField(_("hạng"))
    group_rank = models.PositiveIntegerField(_("hạng trong nhóm"))
    score = models.PositiveSmallIntegerField(_("số câu đúng"))
    prediction = models.PositiveBigIntegerField(_("dự đoán"), null=True, blank=True)
    gap = models.PositiveBigIntegerField(_("chênh lệch dự đoán"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian làm bài (ms)"))
    submitted_at = models.DateTimeField(_("nộp bài lúc"))
    # The rank before the last regrade (None: never regraded, or new in the ranking).
    previous_rank = models.PositiveIntegerField(
        _("hạng trước khi chấm lại"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("kết quả xếp hạng đợt thi")
        verbose_name_plural = _("kết quả xếp hạng đợt thi")
        ordering = ["round", "rank"]
        constraints = [
            # The ranking page (paged by rank) and the order's totality.
            models.UniqueConstraint(
                fields=["round", "rank"], name="awards_roundresult_rank_unique"
            ),
            # "My rank": one row per person per round.
            models.UniqueConstraint(
                fields=["round", "user"], name="awards_roundresult_user_unique"
            ),
        ]
        indexes = [
            # The ranking of one group (Bắc Kạn's Nhóm 1 / Nhóm 2), paged.
            models.Index(
                fields=["round", "ranking_group", "group_rank"],
                name="awards_roundresult_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} #{self.rank}"


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


class ContestResult(models.Model):
    """A person's standing over the contest's closed rounds: total correct ↓, total
    prediction gap ↑ (missing last), total duration ↑, last submit ↑, person ↑."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,  # covered by the uniques
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thí sinh"),
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    ranking_group = models.ForeignKey(
        RankingGroup,
        verbose_name=_("nhóm xếp hạng"),
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    rank = models.PositiveIntegerField(_("hạng"))
    group_rank = models.PositiveIntegerField(_("hạng trong nhóm"))
    rounds = models.PositiveSmallIntegerField(_("số đợt đã thi"))
    total_score = models.PositiveIntegerField(_("tổng số câu đúng"))
    total_gap = models.PositiveBigIntegerField(
        _("tổng chênh lệch dự đoán"), null=True, blank=True
    )
    total_duration_ms = models.PositiveBigIntegerField(_("tổng thời gian (ms)"))
    last_submitted_at = models.DateTimeField(_("nộp bài lần cuối lúc"))

    class Meta:
        verbose_name = _("kết quả toàn cuộc thi của thí sinh")
        verbose_name_plural = _("kết quả toàn cuộc thi của thí sinh")
        ordering = ["contest", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "rank"], name="awards_contestresult_rank_unique"
            ),
            models.UniqueConstraint(
                fields=["contest", "user"], name="awards_contestresult_user_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contest_id} #{self.rank}"


class UnitResult(models.Model):
    """A competing unit in a collective ranking (of a round, or of the whole
    contest when ``round`` is empty), with its subtree's totals. ``rank`` empty:
    not ranked, ``reason`` says why (no staff count, below the threshold)."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="unit_results",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unit_results",
    )
    unit_kind = models.CharField(
        _("cấp đơn vị"), max_length=20, choices=Unit.Kind.choices
    )
    # "" = the contest's configured order; a key = a special prize's single rule.
    rule = models.CharField(_("tiêu chí riêng"), max_length=20, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    staff_count = models.PositiveIntegerField(
        _("tổng số CBCCVCLĐ"), null=True, blank=True
    )
    contestants = models.PositiveIntegerField(_("số thí sinh"))
    prizes = models.PositiveIntegerField(_("số giải cá nhân"))
    avg_best_score_milli = models.PositiveIntegerField(
        _("điểm trung bình x 1000"), null=True, blank=True
    )
    weighted_score = models.BigIntegerField(
        _("điểm có trọng số"), null=True, blank=True
    )
    rank = models.PositiveIntegerField(_("hạng"), null=True, blank=True)
    reason = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("xếp hạng tập thể")
        verbose_name_plural = _("xếp hạng tập thể")
        ordering = ["contest", "round", "unit_kind", "rule", "rank", "unit_id"]
        indexes = [
            models.Index(
                fields=["contest", "round", "unit_kind"], name="awards_unitresult_list"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} #{self.rank}"

    @property
    def rate_percent(self) -> float | None:
        """Participation rate in percent, for display only (ranking is exact)."""
        if not self.staff_count:
            return None
        return 100 * self.contestants / self.staff_count


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


class ClosableRound(Round):
    """Rounds as the admin's "results" list sees them: close now, publish, regrade,
    export (admin actions). A proxy: no table of its own."""

    class Meta:
        proxy = True
        verbose_name = _("đóng đợt thi và công bố kết quả")
        verbose_name_plural = _("đóng đợt thi và công bố kết quả")
