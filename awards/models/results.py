"""RoundResult / ContestResult / UnitResult: the rankings, one row per ranked
person or unit, with every key the order used, so "why am I 4th?" is answered
from data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from contests.models import Attempt, Contest, RankingGroup, Round


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
