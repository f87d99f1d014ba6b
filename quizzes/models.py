"""Question banks: banks, topics, questions and their choices.

A question shown in an attempt is never changed under it: the attempt keeps a snapshot
of the text and choices it showed (contests app), and scoring reads the key from Choice,
so a corrected key is a regrade, not a silent change.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel
from core.formatting import ascii_fold

from .layout import LETTERS
from .text import clean_text, text_key

TOPIC_OF_OTHER_BANK = _("Chủ đề này thuộc ngân hàng khác.")


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

    # No index of its own: (bank, topic, is_active) and (bank, text_key) start
    # with it, and every index is paid for by each imported row.
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("ngân hàng"),
        on_delete=models.PROTECT,
        related_name="questions",
        db_index=False,
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
    # SHA-256 of the text normalised (NFC, case-folded, spaces collapsed): finds
    # duplicates in a bank (quizzes.text.text_key).
    text_key = models.CharField(max_length=64, editable=False)
    # Lower-case ASCII copy of text (Unidecode): the admin's accent-optional search.
    text_ascii = models.TextField(editable=False, default="")
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
        indexes = [
            # Drawing an attempt: active questions of a bank, per topic.
            models.Index(fields=["bank", "topic", "is_active"]),
            # Duplicates: the same text in a bank. Not unique: one stem ("Nhận
            # định nào sau đây là đúng?") legitimately heads several questions
            # with other options; a duplicate is the same text with the same
            # options (quizzes.text.content_key), checked by the importer and
            # the admin.
            models.Index(fields=["bank", "text_key"], name="quizzes_question_text"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        if self.topic_id and self.bank_id and self.topic.bank_id != self.bank_id:
            raise ValidationError({"topic": TOPIC_OF_OTHER_BANK})

    def save(self, *args, **kwargs):
        # The import service fills these itself for bulk_create (set_derived_fields).
        self.set_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "text" in update_fields:
            kwargs["update_fields"] = {*update_fields, "text_key", "text_ascii"}
        super().save(*args, **kwargs)

    def set_derived_fields(self) -> None:
        self.text = clean_text(self.text)
        self.text_key = text_key(self.text)
        self.text_ascii = ascii_fold(self.text)


class Choice(models.Model):
    # No index of its own: the unique (question, position) starts with it.
    question = models.ForeignKey(
        Question,
        verbose_name=_("câu hỏi"),
        on_delete=models.CASCADE,
        related_name="choices",
        db_index=False,
    )
    # 0 = A ... 5 = F. No check constraint: replace_choices parks rows at 100+ while
    # it reorders them inside its transaction.
    position = models.PositiveSmallIntegerField(_("thứ tự"))
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
            # At most one correct choice per question; "exactly one" is checked by
            # the import service and the admin's choice formset.
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
        return LETTERS[self.position]


class KeyChange(models.Model):
    """A change of which choice is correct. Regrading finds affected rounds from it."""

    question = models.ForeignKey(
        Question,
        verbose_name=_("câu hỏi"),
        on_delete=models.CASCADE,
        related_name="key_changes",
    )
    old_choice = models.ForeignKey(
        Choice,
        verbose_name=_("đáp án đúng cũ"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    new_choice = models.ForeignKey(
        Choice,
        verbose_name=_("đáp án đúng mới"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # Letters and texts as they were: the choices may be edited or deleted later.
    old_key = models.CharField(_("đáp án cũ"), max_length=1)
    new_key = models.CharField(_("đáp án mới"), max_length=1)
    old_text = models.TextField(_("nội dung đáp án cũ"))
    new_text = models.TextField(_("nội dung đáp án mới"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("thời điểm sửa"), default=timezone.now)

    class Meta:
        verbose_name = _("thay đổi đáp án đúng")
        verbose_name_plural = _("lịch sử thay đổi đáp án đúng")
        ordering = ["-changed_at", "-id"]
        indexes = [
            # Regrade: the key changes of a question (or of many) since a round closed.
            models.Index(fields=["question", "changed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.old_key} → {self.new_key}"


class QuestionImport(TimeStampedModel):
    """An import started from the web: checked, then written, by Celery tasks
    (quizzes.import_jobs), while the organizer's page shows the progress. The
    uploaded bytes stay here until the import is written or refused, so any web
    or worker machine can read them."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("đang chờ kiểm tra")
        CHECKING = "checking", _("đang kiểm tra")
        CHECKED = "checked", _("đã kiểm tra, chờ xác nhận")
        REJECTED = "rejected", _("có lỗi, không nhập")
        IMPORTING = "importing", _("đang nhập")
        DONE = "done", _("đã nhập")
        FAILED = "failed", _("lỗi hệ thống")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    bank_name = models.CharField(_("ngân hàng"), max_length=200)
    fmt = models.CharField(_("định dạng"), max_length=10)
    file_name = models.CharField(_("tệp"), max_length=255, blank=True)
    data = models.BinaryField(_("nội dung tệp"), null=True, editable=False)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    # The step reached, of STEPS (quizzes.import_jobs): the page's progress bar.
    step = models.PositiveSmallIntegerField(default=0)
    # Counts, the first errors, notices and skips, as the check page shows them.
    summary = models.JSONField(default=dict)
    # One short entry per question (row, text, options, key, new or existing),
    # paged through on the check page.
    preview = models.JSONField(default=list)
    created = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt nhập câu hỏi")
        verbose_name_plural = _("lượt nhập câu hỏi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} → {self.bank_name}"
