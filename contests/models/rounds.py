"""A contest's rounds and what its questions are drawn from: topic quotas,
reference documents, voided questions."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel

from .contest import Contest


class Round(TimeStampedModel):
    """One quiz round (a week, or a period of days). Times are aware datetimes.

    A practice round (thi thử) allows unlimited attempts and never counts: no attempt
    of it is ever marked counted, ranked or awarded.
    """

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
    is_practice = models.BooleanField(
        _("thi thử"),
        default=False,
        help_text=_(
            "Không giới hạn số lượt, không tính kết quả, không xét giải; cho xem đáp "
            "án ngay sau khi nộp. Câu hỏi lấy từ ngân hàng câu hỏi thi thử riêng của "
            "cuộc thi, không bao giờ từ ngân hàng chính thức."
        ),
    )

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
        indexes = [
            # The home page: rounds open now (opens_at <= now < closes_at).
            models.Index(fields=["closes_at", "opens_at"]),
        ]

    def __str__(self) -> str:
        return self.title or _("Tuần %(n)s") % {"n": self.number}

    @property
    def display_title(self) -> str:
        return str(self)


class ReferenceDocument(TimeStampedModel):
    """A document contestants study (a law, a decision, a handbook): link or file."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("tên văn bản, tài liệu"), max_length=500)
    url = models.URLField(_("liên kết"), max_length=500, blank=True)
    file = models.FileField(_("tệp"), upload_to="contests/documents/", blank=True)

    class Meta:
        verbose_name = _("tài liệu tham khảo")
        verbose_name_plural = _("tài liệu tham khảo")
        ordering = ["contest", "position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        # A file is served by contests.document_views (MEDIA_URL is not served
        # outside debug).
        if self.file:
            return reverse("contests:document", args=[self.pk])
        return self.url


class TopicQuota(models.Model):
    """At least ``count`` questions of an attempt come from ``topic``; the rest of
    the attempt is drawn from the whole bank."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="topic_quotas",
    )
    topic = models.ForeignKey(
        "quizzes.Topic",
        verbose_name=_("chủ đề"),
        on_delete=models.PROTECT,
        related_name="contest_quotas",
    )
    count = models.PositiveSmallIntegerField(
        _("số câu"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("số câu theo chủ đề")
        verbose_name_plural = _("số câu theo chủ đề")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "topic"], name="contests_quota_unique_topic"
            ),
            models.CheckConstraint(
                condition=Q(count__gte=1), name="contests_quota_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {self.count}"


class VoidedQuestion(TimeStampedModel):
    """A question withdrawn from a contest's scoring after the fact (a wrong or
    ambiguous question): it counts as correct for every attempt that drew it."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="voided_questions",
    )
    question = models.ForeignKey(
        "quizzes.Question",
        verbose_name=_("câu hỏi"),
        on_delete=models.CASCADE,
        related_name="voided_in",
    )
    reason = models.CharField(_("lý do"), max_length=300)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("câu hỏi bị hủy")
        verbose_name_plural = _("câu hỏi bị hủy")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "question"], name="contests_voided_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.question)
