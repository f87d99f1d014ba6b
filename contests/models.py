"""Contests, their staff and their rounds. Quiz settings, eligibility, prize tiers and
attempts are added by the contest configuration work (issue 4)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel


class Contest(TimeStampedModel):
    title = models.CharField(_("tên cuộc thi"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True)
    organizer_name = models.CharField(_("đơn vị tổ chức"), max_length=300)
    description = models.TextField(_("giới thiệu"), blank=True)
    rules = models.TextField(_("thể lệ"), blank=True)
    is_published = models.BooleanField(
        _("hiển thị công khai"),
        default=False,
        help_text=_("Cuộc thi hiện trên trang chủ cho mọi người."),
    )

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contests:detail", kwargs={"slug": self.slug})


class ContestStaff(TimeStampedModel):
    """Organizers, judges and helpers of a contest. None of them may compete in it."""

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Ban Tổ chức")
        JUDGE = "judge", _("Ban Giám khảo")
        HELPER = "helper", _("Tổ giúp việc")
        SECRETARY = "secretary", _("Tổ thư ký")

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="contest_roles",
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("thành viên ban tổ chức / giám khảo")
        verbose_name_plural = _("ban tổ chức, giám khảo, tổ giúp việc")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "user", "role"], name="contests_staff_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class Round(TimeStampedModel):
    """One quiz round (a week, or a period of days). Times are aware datetimes."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.CharField(_("tên đợt thi"), max_length=200, blank=True)
    opens_at = models.DateTimeField(_("bắt đầu"))
    closes_at = models.DateTimeField(_("kết thúc"))

    class Meta:
        verbose_name = _("đợt thi")
        verbose_name_plural = _("đợt thi")
        ordering = ["contest", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "number"], name="contests_round_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="contests_round_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title or _("Tuần %(n)s") % {"n": self.number}
