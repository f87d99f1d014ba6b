"""Question banks: banks, topics, questions and their choices.

A question shown in an attempt is never changed under it: the attempt keeps a snapshot
of the text and choices it showed (contests app), and scoring reads the key from Choice,
so a corrected key is a regrade, not a silent change.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel


class QuestionBank(TimeStampedModel):
    name = models.CharField(_("tên ngân hàng câu hỏi"), max_length=200, unique=True)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("ngân hàng câu hỏi")
        verbose_name_plural = _("ngân hàng câu hỏi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(TimeStampedModel):
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("ngân hàng"),
        on_delete=models.CASCADE,
        related_name="topics",
    )
    name = models.CharField(_("chủ đề"), max_length=255)
    # The reference document the topic is drawn from, e.g. "Luật An ninh mạng 2018".
    document_title = models.CharField(
        _("văn bản tham khảo"), max_length=500, blank=True
    )
    document_url = models.URLField(_("liên kết văn bản"), blank=True)

    class Meta:
        verbose_name = _("chủ đề")
        verbose_name_plural = _("chủ đề")
        ordering = ["bank", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "name"], name="quizzes_topic_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Question(TimeStampedModel):
    class Difficulty(models.TextChoices):
        EASY = "easy", _("Dễ")
        MEDIUM = "medium", _("Trung bình")
        HARD = "hard", _("Khó")

    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("ngân hàng"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("chủ đề"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    text = models.TextField(_("câu hỏi"))
    # Text normalised (NFC, case-folded, spaces collapsed): finds duplicates in a bank.
    text_key = models.CharField(max_length=64, editable=False)
    difficulty = models.CharField(
        _("mức độ"),
        max_length=10,
        choices=Difficulty.choices,
        default=Difficulty.MEDIUM,
    )
    explanation = models.TextField(_("giải thích"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "text_key"], name="quizzes_question_unique_text"
            ),
        ]
        indexes = [
            # Drawing an attempt: active questions of a bank, per topic.
            models.Index(fields=["bank", "topic", "is_active"]),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(
        Question,
        verbose_name=_("câu hỏi"),
        on_delete=models.CASCADE,
        related_name="choices",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))  # 0 = A, 1 = B, ...
    text = models.TextField(_("đáp án"))
    is_correct = models.BooleanField(_("đúng"), default=False)

    class Meta:
        verbose_name = _("đáp án")
        verbose_name_plural = _("đáp án")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="quizzes_choice_position_unique"
            ),
            # At most one correct choice per question; "exactly one" is checked on save.
            models.UniqueConstraint(
                fields=["question"],
                condition=Q(is_correct=True),
                name="quizzes_choice_one_correct",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def letter(self) -> str:
        return "ABCDEF"[self.position]
