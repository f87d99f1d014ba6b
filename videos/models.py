"""The video-clip part of a contest: settings, clips, judging, uploads and results.

All video configuration lives here (VideoPart is one-to-one with contests.Contest) so
the contests app never needs a video field. Scores are whole tenths of a point
(8.5 points is stored as 85): no floats anywhere.
"""

import uuid

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel, Unit
from contests.models import Contest
from core.storage import is_local

DEFAULT_MAX_UPLOAD_MB = 500


def video_storage():
    """The storage for clips and posters: STORAGES["videos"] when configured, else
    the default storage. Object storage replaces the disk by settings alone."""
    if "videos" in settings.STORAGES:
        return storages["videos"]
    return default_storage


# The largest count an interaction column holds (Postgres integer).
COUNT_MAX = 2_147_483_647


class VideoFormat(models.TextChoices):
    MP4 = "mp4", "MP4"
    MOV = "mov", "MOV (QuickTime)"
    WEBM = "webm", "WebM"


class LinkPlatform(models.TextChoices):
    FACEBOOK = "facebook", "Facebook"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"


class VideoPart(TimeStampedModel):
    """A contest's video-clip part and every setting of it."""

    contest = models.OneToOneField(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="video_part",
    )
    # Null = not announced yet: nobody can submit until the organizers set it.
    submission_deadline = models.DateTimeField(
        _("hạn gửi video"),
        null=True,
        blank=True,
        help_text=_("Để trống khi Ban Tổ chức chưa công bố: chưa nhận bài."),
    )
    competing_unit_kind = models.CharField(
        _("cấp đơn vị dự thi"),
        max_length=20,
        choices=Unit.Kind.choices,
        default=Unit.Kind.UPPER,
        help_text=_("Mỗi đơn vị thuộc cấp này gửi đúng một video."),
    )
    allow_upload = models.BooleanField(_("nhận tệp video tải lên"), default=True)
    allow_link = models.BooleanField(
        _("nhận đường dẫn công khai"),
        default=True,
        help_text=_("Facebook, YouTube, TikTok."),
    )
    accept_mp4 = models.BooleanField(_("nhận MP4"), default=True)
    accept_mov = models.BooleanField(_("nhận MOV"), default=True)
    accept_webm = models.BooleanField(_("nhận WebM"), default=True)
    max_upload_mb = models.PositiveIntegerField(
        _("dung lượng tối đa (MB)"), default=DEFAULT_MAX_UPLOAD_MB
    )
    drop_extremes = models.BooleanField(
        _("bỏ điểm cao nhất và thấp nhất"),
        default=False,
        help_text=_("Chỉ áp dụng khi video có từ 3 giám khảo chấm trở lên."),
    )
    jury_weight = models.PositiveSmallIntegerField(
        _("trọng số Ban Giám khảo (%)"), default=100
    )
    public_weight = models.PositiveSmallIntegerField(
        _("trọng số tương tác (%)"), default=0
    )
    reaction_points = models.PositiveSmallIntegerField(
        _("điểm mỗi lượt bày tỏ cảm xúc"), default=1
    )
    share_points = models.PositiveSmallIntegerField(
        _("điểm mỗi lượt chia sẻ"), default=2
    )
    comment_points = models.PositiveSmallIntegerField(
        _("điểm mỗi lượt bình luận"), default=1
    )
    judging_locked = models.BooleanField(_("đã khoá chấm điểm"), default=False)
    results_published = models.BooleanField(_("đã công bố kết quả"), default=False)
    finalised_at = models.DateTimeField(_("tổng kết lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phần thi video clip")
        verbose_name_plural = _("phần thi video clip")
        constraints = [
            models.CheckConstraint(
                condition=Q(jury_weight__lte=100)
                & Q(public_weight__lte=100)
                & Q(jury_weight=100 - F("public_weight")),
                name="videos_part_weights_sum_100",
                violation_error_message=_(
                    "Trọng số Ban Giám khảo và trọng số tương tác phải cộng lại "
                    "bằng 100."
                ),
            ),
            models.CheckConstraint(
                condition=Q(max_upload_mb__gte=1),
                name="videos_part_max_upload_positive",
                violation_error_message=_("Dung lượng tối đa phải từ 1 MB trở lên."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.contest)

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    @property
    def accepted_formats(self) -> list[str]:
        pairs = (
            (self.accept_mp4, VideoFormat.MP4),
            (self.accept_mov, VideoFormat.MOV),
            (self.accept_webm, VideoFormat.WEBM),
        )
        return [fmt.value for on, fmt in pairs if on]


class Criterion(TimeStampedModel):
    """One judging criterion, e.g. "Nội dung" out of 40 points."""

    part = models.ForeignKey(
        VideoPart,
        verbose_name=_("phần thi video"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("tiêu chí"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí chấm")
        verbose_name_plural = _("tiêu chí chấm")
        ordering = ["part", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "name"],
                name="videos_criterion_name_unique",
                violation_error_message=_("Tiêu chí này đã có."),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=1),
                name="videos_criterion_max_positive",
                violation_error_message=_(
                    "Điểm tối đa của tiêu chí phải từ 1 trở lên."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.max_points})"


class PrizeTier(TimeStampedModel):
    """A prize tier of the video part: "Giải Nhất", 1 prize, 4,000,000 VND."""

    part = models.ForeignKey(
        VideoPart,
        verbose_name=_("phần thi video"),
        on_delete=models.CASCADE,
        related_name="tiers",
    )
    name = models.CharField(_("tên giải"), max_length=100)
    count = models.PositiveSmallIntegerField(_("số giải"))
    amount_vnd = models.PositiveBigIntegerField(_("số tiền mỗi giải (đồng)"))
    order = models.PositiveSmallIntegerField(
        _("thứ tự"), default=0, help_text=_("0 là giải cao nhất.")
    )

    class Meta:
        verbose_name = _("cơ cấu giải video")
        verbose_name_plural = _("cơ cấu giải video")
        ordering = ["part", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "order"],
                name="videos_tier_order_unique",
                violation_error_message=_("Hai giải không được cùng thứ tự."),
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1),
                name="videos_tier_count_positive",
                violation_error_message=_("Số giải phải từ 1 trở lên."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


def _clip_upload_to(instance, filename: str) -> str:
    # The stored name never comes from the user: contest id + random id + checked type.
    return f"videos/{instance.part.contest_id}/{filename}"


class VideoClip(TimeStampedModel):
    """A unit's entry: an uploaded file or a public link, never both."""

    part = models.ForeignKey(
        VideoPart,
        verbose_name=_("phần thi video"),
        on_delete=models.CASCADE,
        related_name="clips",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị dự thi"),
        on_delete=models.PROTECT,
        related_name="video_clips",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.PROTECT,
        related_name="video_clips",
    )
    title = models.CharField(_("tên video"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    file = models.FileField(
        _("tệp video"),
        storage=video_storage,
        upload_to=_clip_upload_to,
        max_length=300,
        blank=True,
    )
    file_format = models.CharField(
        _("định dạng"), max_length=10, choices=VideoFormat.choices, blank=True
    )
    file_size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True)
    duration_ms = models.PositiveIntegerField(_("thời lượng (ms)"), null=True)
    poster = models.FileField(
        _("ảnh đại diện"),
        storage=video_storage,
        upload_to=_clip_upload_to,
        max_length=300,
        blank=True,
    )
    external_url = models.URLField(_("đường dẫn công khai"), max_length=500, blank=True)
    link_platform = models.CharField(
        _("nền tảng"), max_length=20, choices=LinkPlatform.choices, blank=True
    )
    # When the current version was sent (a replacement resets it): the second
    # tie-break of the ranking.
    submitted_at = models.DateTimeField(_("gửi lúc"))
    is_published = models.BooleanField(
        _("hiện trong thư viện công khai"), default=False
    )
    # Counts above COUNT_MAX do not fit the column: forms and imports refuse them.
    reactions = models.PositiveIntegerField(_("lượt bày tỏ cảm xúc"), default=0)
    shares = models.PositiveIntegerField(_("lượt chia sẻ"), default=0)
    comments = models.PositiveIntegerField(_("lượt bình luận"), default=0)

    class Meta:
        verbose_name = _("video dự thi")
        verbose_name_plural = _("video dự thi")
        ordering = ["part", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "unit"], name="videos_clip_one_per_unit"
            ),
            # Exactly one source: a stored file or a public link.
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(external_url=""))
                | (~Q(file="") & Q(external_url="")),
                name="videos_clip_file_xor_link",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.unit}"

    def file_url(self) -> str:
        """Where the browser plays the file from: the storage's own URL (object
        storage), or the permission-checked, seekable view for the local disk."""
        return self._media_url("file", "video")

    def poster_url(self) -> str:
        return self._media_url("poster", "poster")

    def _media_url(self, field: str, kind: str) -> str:
        stored = getattr(self, field)
        if not stored:
            return ""
        storage = video_storage()
        if is_local(storage):
            url = reverse("videos:clip_file", kwargs={"clip_id": self.pk, "kind": kind})
            # A replaced clip keeps its id: the version busts browser caches.
            return f"{url}?v={int(self.submitted_at.timestamp())}"
        return storage.url(stored.name)

    @property
    def duration_text(self) -> str:
        """ "m:ss" for display; empty when unknown."""
        if self.duration_ms is None:
            return ""
        minutes, seconds = divmod(self.duration_ms // 1000, 60)
        return f"{minutes}:{seconds:02d}"


class JudgeAssignment(TimeStampedModel):
    """A judge assigned to a clip; their comment on it lives here too."""

    clip = models.ForeignKey(
        VideoClip,
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("giám khảo"),
        on_delete=models.PROTECT,
        related_name="video_assignments",
    )
    comment = models.TextField(_("nhận xét"), blank=True)
    scored_at = models.DateTimeField(_("chấm lúc"), null=True, blank=True)
    # The judge's profile unit when assigned: it keeps counting as theirs for
    # conflicts of interest (videos.access.judge_unit_ids) after any move.
    judge_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị của giám khảo lúc phân công"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("phân công chấm")
        ordering = ["clip", "judge__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["clip", "judge"], name="videos_assignment_unique"
            ),
        ]
        indexes = [
            # A judge's list of assigned clips.
            models.Index(fields=["judge", "clip"]),
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.clip}"


class Score(TimeStampedModel):
    """One judge's points on one criterion of one clip, in tenths of a point."""

    assignment = models.ForeignKey(
        JudgeAssignment,
        verbose_name=_("phân công chấm"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("tiêu chí"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    points_tenths = models.PositiveIntegerField(_("điểm (phần mười)"))

    class Meta:
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="videos_score_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.points_tenths / 10}"


class VideoResult(TimeStampedModel):
    """A clip's place after finalising, with the exact keys it was ranked by.

    Scores are exact fractions stored as numerator/denominator pairs: jury = mean of
    the counted judges' totals in tenths; public = share of the best clip's
    interaction points (0..1); final = jury_weight·jury% + public_weight·public%
    on a 0..100 scale.
    """

    clip = models.OneToOneField(
        VideoClip,
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        related_name="result",
    )
    rank = models.PositiveIntegerField(_("hạng"))
    judge_count = models.PositiveSmallIntegerField(_("số giám khảo"))
    counted_judges = models.PositiveSmallIntegerField(_("số điểm được tính"))
    jury_num = models.BigIntegerField()
    jury_den = models.BigIntegerField()
    interaction_points = models.PositiveBigIntegerField(_("điểm tương tác"))
    public_num = models.BigIntegerField()
    public_den = models.BigIntegerField()
    final_num = models.BigIntegerField()
    final_den = models.BigIntegerField()
    tier_name = models.CharField(_("giải"), max_length=100, blank=True)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), default=0)

    class Meta:
        verbose_name = _("kết quả video")
        verbose_name_plural = _("kết quả video")
        ordering = ["clip__part", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jury_den__gt=0) & Q(public_den__gt=0) & Q(final_den__gt=0),
                name="videos_result_positive_denominators",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.rank} {self.clip}"


class VideoUpload(TimeStampedModel):
    """A chunked, resumable upload in progress, appended to a temporary file."""

    class Status(models.TextChoices):
        RECEIVING = "receiving", _("Đang nhận")
        COMPLETE = "complete", _("Đã nhận đủ")
        USED = "used", _("Đã dùng cho video")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    part = models.ForeignKey(
        VideoPart,
        verbose_name=_("phần thi video"),
        on_delete=models.CASCADE,
        related_name="uploads",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.CASCADE,
        related_name="video_uploads",
    )
    filename = models.CharField(_("tên tệp gốc"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng khai báo (byte)"))
    received = models.PositiveBigIntegerField(_("đã nhận (byte)"), default=0)
    detected_format = models.CharField(
        _("định dạng nhận ra"), max_length=10, choices=VideoFormat.choices, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.RECEIVING
    )

    class Meta:
        verbose_name = _("lượt tải video")
        verbose_name_plural = _("lượt tải video")
        constraints = [
            models.CheckConstraint(
                condition=Q(received__lte=F("size")),
                name="videos_upload_received_within_size",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.received}/{self.size})"
