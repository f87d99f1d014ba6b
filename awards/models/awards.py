"""Award: every prize (round, contest, collective, special, video, final) is
one row."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel, Unit
from contests.models import Contest, Round


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
