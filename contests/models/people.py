"""Who works on a contest (staff and their roles) and who may not take part in it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel, Unit

from .contest import Contest


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
    # Recorded by the organizers, never by the person: a judge never scores a clip
    # of this unit or of a unit above it (videos.access.judge_conflicts_with).
    affiliation_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị công tác"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Ban Tổ chức ghi đơn vị công tác của giám khảo: giám khảo không chấm "
            "video của đơn vị này (và của đơn vị cấp trên chứa nó), dù hồ sơ cá "
            "nhân ghi đơn vị nào."
        ),
    )

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


class ContestExclusion(TimeStampedModel):
    """A person the organizers excluded from a contest (ineligible, staff of a
    partner body, …). Contest staff need no row here: they are excluded anyway."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="exclusions",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người bị loại"),
        on_delete=models.CASCADE,
        related_name="contest_exclusions",
    )
    reason = models.CharField(_("lý do"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("người không được dự thi")
        verbose_name_plural = _("người không được dự thi")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "user"], name="contests_exclusion_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
