"""People and units (rosters). Everything else in the portal builds on these."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from core.formatting import ascii_fold

from .validators import validate_cccd


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class Unit(TimeStampedModel):
    """A node of the roster tree: province → upper-level union → grassroots union."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh / Liên đoàn Lao động tỉnh")
        UPPER = "upper", _("Công đoàn cấp trên trực tiếp cơ sở")
        DISTRICT = "district", _("Huyện / thị xã / thành phố")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        GRASSROOTS = "grassroots", _("Công đoàn cơ sở")
        COMMUNE = "commune", _("Xã / phường / thị trấn")
        AGENCY = "agency", _("Cơ quan, đơn vị")
        SCHOOL = "school", _("Trường học")
        OTHER = "other", _("Khác")

    code = models.CharField(_("mã đơn vị"), max_length=50, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    # ASCII, lower-case copy of name (Unidecode), for accent-optional search.
    name_ascii = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(
        _("loại"), max_length=20, choices=Kind.choices, default=Kind.OTHER
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    staff_count = models.PositiveIntegerField(
        _("tổng số CBCCVCLĐ"),
        null=True,
        blank=True,
        help_text=_("Để trống: bằng tổng của các đơn vị trực thuộc."),
    )

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="accounts_unit_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_ascii = ascii_fold(self.name)
        super().save(*args, **kwargs)


class ParticipantGroup(models.TextChoices):
    """Who a contestant is; contests map these onto their own ranking groups."""

    OFFICIAL = "official", _("Cán bộ, công chức, viên chức")
    ARMED_FORCES = "armed_forces", _("Lực lượng vũ trang")
    WORKER = "worker", _("Đoàn viên công đoàn, người lao động")
    STUDENT = "student", _("Học sinh, sinh viên")
    RESIDENT = "resident", _("Nhân dân")


class User(AbstractUser):
    """A person. Profile fields are required before competing (is_profile_complete)."""

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")
        OTHER = "other", _("Khác")

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    gender = models.CharField(
        _("giới tính"), max_length=10, choices=Gender.choices, blank=True
    )
    phone = PhoneNumberField(_("số điện thoại"), unique=True, null=True, blank=True)
    # No SMS gateway yet: True only where phone verification (a logged code) ran.
    phone_verified = models.BooleanField(_("đã xác minh số điện thoại"), default=False)
    cccd = models.CharField(
        _("số CCCD"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_cccd],
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    group = models.CharField(
        _("đối tượng"), max_length=20, choices=ParticipantGroup.choices, blank=True
    )
    # The unit a unit representative speaks for (role "Đại diện đơn vị").
    represented_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đại diện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representatives",
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        permissions = [
            (
                "view_personal_data",
                _("Xem CCCD, số điện thoại và ngày sinh của người khác"),
            ),
        ]
        constraints = [
            # Emails are optional, but two accounts never share one (case-insensitive).
            models.UniqueConstraint(
                Upper("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    PROFILE_FIELDS = ("full_name", "birth_date", "gender", "phone", "cccd", "group")

    @property
    def is_profile_complete(self) -> bool:
        """Everything a contest needs to check eligibility and pay a prize. The unit
        is not required: residents without a unit may compete where allowed."""
        return not self.missing_profile_fields()

    def missing_profile_fields(self) -> list[str]:
        """Verbose names of the profile fields still empty, in form order."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.PROFILE_FIELDS
            if not getattr(self, name)
        ]


class UnitChange(models.Model):
    """One change of a person's unit: who made it, when, from where, old → new.

    Written by accounts.services (the profile page and the admin). Attempts keep
    the unit they started with, so a contestant's move never rewrites a ranking;
    a judge's conflict of interest looks at every unit in this history
    (videos.access), so a move cannot hide their own unit's clip."""

    class Source(models.TextChoices):
        PROFILE = "profile", _("Trang hồ sơ (chính người đó)")
        ADMIN = "admin", _("Trang quản trị")

    user = models.ForeignKey(
        User,
        verbose_name=_("người dùng"),
        on_delete=models.CASCADE,
        related_name="unit_changes",
    )
    old_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị cũ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    new_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị mới"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_by = models.ForeignKey(
        User,
        verbose_name=_("người đổi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source = models.CharField(_("đổi từ"), max_length=10, choices=Source.choices)
    changed_at = models.DateTimeField(_("đổi lúc"))
    # What the person was taking part in at the time, for the organizers.
    note = models.TextField(_("đang tham gia"), blank=True)

    class Meta:
        verbose_name = _("lần đổi đơn vị")
        verbose_name_plural = _("lịch sử đổi đơn vị")
        ordering = ["-changed_at"]
        indexes = [
            # A judge's units since they joined a contest's jury (videos.access).
            models.Index(
                fields=["user", "changed_at"], name="accounts_unitchange_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.old_unit or '—'} → {self.new_unit or '—'}"
