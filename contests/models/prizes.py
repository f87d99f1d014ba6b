"""How a contest ranks and rewards: ranking groups and prize tiers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import ParticipantGroup, Unit

from .contest import UNIT_RANKING_KEYS, Contest
from .rounds import Round


class RankingGroup(models.Model):
    """A group ranked and awarded separately (Bắc Kạn: Nhóm 1 officials and armed
    forces, Nhóm 2 the people). Maps profile groups (ParticipantGroup) onto it."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="ranking_groups",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tên nhóm / bảng"), max_length=50)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    participant_groups = models.JSONField(_("gồm các đối tượng"), default=list)

    class Meta:
        verbose_name = _("nhóm xếp hạng")
        verbose_name_plural = _("nhóm xếp hạng")
        ordering = ["contest", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "name"], name="contests_ranking_group_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        bad = [g for g in self.participant_groups or [] if g not in ParticipantGroup]
        if bad or not self.participant_groups:
            raise ValidationError(
                {"participant_groups": _("Chọn ít nhất một đối tượng hợp lệ.")}
            )


class PrizeTier(models.Model):
    """One prize tier: "01 Giải nhất: 1.000.000 đồng".

    scope ROUND: allocated in each round (``round`` empty) or in one round only;
    scope CONTEST: allocated once for the whole contest. part INDIVIDUAL ranks people,
    COLLECTIVE ranks units (``unit_kind`` overrides the contest's level for split
    groups such as departments vs districts; ``rule`` ranks by one key alone, e.g.
    "contestants" for "the unit with the most contestants"). ``ranking_group`` empty
    means the tier is allocated in every ranking group separately (or once when the
    contest has none). ``count`` 0 means the plan leaves the number to later rules.
    """

    class Part(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")

    class Scope(models.TextChoices):
        ROUND = "round", _("Theo từng đợt thi")
        CONTEST = "contest", _("Toàn cuộc thi")

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="prize_tiers",
    )
    part = models.CharField(_("loại giải"), max_length=20, choices=Part.choices)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices)
    round = models.ForeignKey(
        Round,
        verbose_name=_("chỉ cho đợt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="prize_tiers",
    )
    ranking_group = models.ForeignKey(
        RankingGroup,
        verbose_name=_("nhóm xếp hạng"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="prize_tiers",
    )
    unit_kind = models.CharField(
        _("cấp đơn vị (giải tập thể)"),
        max_length=20,
        choices=Unit.Kind.choices,
        blank=True,
    )
    rule = models.CharField(
        _("tiêu chí riêng (giải tập thể)"),
        max_length=20,
        choices=list(UNIT_RANKING_KEYS.items()),
        blank=True,
    )
    position = models.PositiveSmallIntegerField(_("thứ tự giải"), default=0)
    name = models.CharField(_("tên giải"), max_length=100)
    count = models.PositiveSmallIntegerField(_("số giải"), default=1)
    amount_vnd = models.PositiveBigIntegerField(_("giá trị mỗi giải (đồng)"), default=0)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cơ cấu giải")
        verbose_name_plural = _("cơ cấu giải thưởng")
        ordering = ["contest", "part", "scope", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="round") | Q(round__isnull=True),
                name="contests_prize_round_only_when_per_round",
            ),
            models.CheckConstraint(
                condition=Q(part="collective") | (Q(unit_kind="") & Q(rule="")),
                name="contests_prize_unit_fields_collective_only",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.round_id and self.round.contest_id != self.contest_id:
            errors["round"] = _("Đợt thi không thuộc cuộc thi này.")
        if self.ranking_group_id and self.ranking_group.contest_id != self.contest_id:
            errors["ranking_group"] = _("Nhóm xếp hạng không thuộc cuộc thi này.")
        if self.scope == self.Scope.CONTEST and self.round_id:
            errors["round"] = _("Giải toàn cuộc thi không gắn với một đợt.")
        if self.part == self.Part.INDIVIDUAL and (self.unit_kind or self.rule):
            errors["unit_kind"] = _(
                "Cấp đơn vị và tiêu chí riêng chỉ dùng cho giải tập thể."
            )
        if errors:
            raise ValidationError(errors)
