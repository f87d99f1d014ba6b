"""Attempts: one contestant taking one round's quiz once.

Sizing: a round may hold 1,000,000 attempts and 20,000,000 drawn questions, so the
rows are narrow. What was shown is stored once per question version
(QuestionSnapshot, deduplicated by digest); each drawn question keeps only its
snapshot, the shown order of the choices and the answer. Answers are stored as the
canonical Choice.position, so scoring joins Choice on (question, position) through
quizzes' unique index and always reads the current key: a key correction is a
re-score, never a silent change.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit

from .prizes import RankingGroup
from .rounds import Round

LETTERS = "ABCDEFGHIJ"


class QuestionSnapshot(models.Model):
    """A question exactly as it was shown: its text and its choices as
    [[Choice.position, text], ...] in position order. Never the key."""

    question = models.ForeignKey(
        "quizzes.Question",
        verbose_name=_("câu hỏi"),
        on_delete=models.PROTECT,
        related_name="snapshots",
    )
    # sha256 of (question id, text, choices): one row per shown version of a question.
    digest = models.CharField(max_length=64, unique=True)
    text = models.TextField(_("câu hỏi"))
    choices = models.JSONField(_("các phương án"))  # [[position, text], ...]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bản lưu câu hỏi")
        verbose_name_plural = _("bản lưu câu hỏi")

    def __str__(self) -> str:
        return self.text[:80]


class Attempt(models.Model):
    """One attempt. The ranking keys live on the row (score, duration_ms,
    submitted_at, prediction, ranking_group, unit) so a round ranks from flat rows.

    States: IN_PROGRESS → SUBMITTED (the contestant submitted before the deadline) or
    EXPIRED (finalised at the deadline with the answers saved so far, lazily on
    access or by the periodic sweep). score / duration_ms / submitted_at are set
    exactly when the attempt leaves IN_PROGRESS. ``is_counted`` marks the one attempt
    per (round, user) that counts (best or first, per contest); never in practice.
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Đang làm bài")
        SUBMITTED = "submitted", _("Đã nộp bài")
        EXPIRED = "expired", _("Hết giờ, tự động nộp")

    # No index of its own: the slot's unique index leads with the round. A
    # round-only index also tempted the planner, with a practice round's rows not
    # yet analysed, to read every attempt of the round for one person's.
    round = models.ForeignKey(
        Round,
        verbose_name=_("đợt thi"),
        on_delete=models.PROTECT,
        related_name="attempts",
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("thí sinh"),
        on_delete=models.PROTECT,
        related_name="attempts",
        db_index=False,  # contests_attempt_mine leads with the user
    )
    # 1, 2, 3 … per (round, user). Unique: two concurrent starts cannot take the
    # same slot, which is what holds the attempt limit (see services.start_attempt).
    number = models.PositiveSmallIntegerField(_("lượt thi thứ"))
    status = models.CharField(
        _("trạng thái"),
        max_length=20,
        choices=Status.choices,
        default=Status.IN_PROGRESS,
    )
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    # min(started_at + time limit, round.closes_at), fixed at start.
    deadline = models.DateTimeField(_("hạn nộp bài"))
    submitted_at = models.DateTimeField(_("nộp bài lúc"), null=True, blank=True)
    question_count = models.PositiveSmallIntegerField(_("số câu hỏi"))
    score = models.PositiveSmallIntegerField(_("số câu đúng"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(
        _("thời gian làm bài (ms)"), null=True, blank=True
    )
    prediction = models.PositiveIntegerField(_("dự đoán"), null=True, blank=True)
    is_counted = models.BooleanField(_("lượt được tính"), default=False)
    # Snapshots of the contestant at start: rankings never move when a profile does.
    ranking_group = models.ForeignKey(
        RankingGroup,
        verbose_name=_("nhóm xếp hạng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attempts",
        db_index=False,  # collective ranking reads a round's rows, never by unit
    )

    class Meta:
        verbose_name = _("lượt thi")
        verbose_name_plural = _("lượt thi")
        ordering = ["-started_at"]
        constraints = [
            # The attempt limit: slots are unique, services never hand out a slot
            # above the contest's limit.
            models.UniqueConstraint(
                fields=["round", "user", "number"], name="contests_attempt_slot_unique"
            ),
            # One open attempt per person per round: a second tab resumes it.
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(status="in_progress"),
                name="contests_attempt_one_open",
            ),
            # One counted attempt per person per round.
            models.UniqueConstraint(
                fields=["round", "user"],
                condition=Q(is_counted=True),
                name="contests_attempt_one_counted",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="contests_attempt_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("started_at")),
                name="contests_attempt_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status="in_progress",
                        submitted_at__isnull=True,
                        score__isnull=True,
                        duration_ms__isnull=True,
                        is_counted=False,
                    )
                    | Q(
                        status__in=["submitted", "expired"],
                        submitted_at__isnull=False,
                        score__isnull=False,
                        duration_ms__isnull=False,
                    )
                ),
                name="contests_attempt_result_iff_finished",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=F("question_count")),
                name="contests_attempt_score_within_questions",
            ),
        ]
        indexes = [
            # The finalisation sweep: open attempts whose deadline has passed.
            models.Index(
                fields=["deadline"],
                condition=Q(status="in_progress"),
                name="contests_attempt_open_due",
            ),
            # Ranking a round (issue 5): the counted rows of one round.
            models.Index(
                fields=["round"],
                condition=Q(is_counted=True),
                name="contests_attempt_counted",
            ),
            # "Bài thi của tôi".
            models.Index(fields=["user", "-started_at"], name="contests_attempt_mine"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.round} — #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS

    @property
    def all_correct(self) -> bool:
        return self.score is not None and self.score == self.question_count


class AttemptQuestion(models.Model):
    """A drawn question of an attempt, at ``position`` 0…n-1 on the page.

    ``order`` is the shown order of the choices as canonical positions, one digit
    each ("2031": shown A is position 2, shown B position 0, …). ``answer`` is the
    chosen canonical Choice.position; scoring joins Choice on (question, answer).
    """

    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("lượt thi"),
        on_delete=models.CASCADE,
        related_name="questions",
        db_index=False,  # covered by the (attempt, position) unique index
    )
    position = models.PositiveSmallIntegerField(_("thứ tự câu"))
    question = models.ForeignKey(
        "quizzes.Question",
        verbose_name=_("câu hỏi"),
        on_delete=models.PROTECT,
        related_name="attempt_questions",
        db_index=False,  # covered by the (question, attempt) unique index
    )
    snapshot = models.ForeignKey(
        QuestionSnapshot,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # read through the attempt, never by snapshot
    )
    order = models.CharField(max_length=10)
    answer = models.PositiveSmallIntegerField(
        _("đáp án đã chọn"), null=True, blank=True
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("câu hỏi của lượt thi")
        verbose_name_plural = _("câu hỏi của lượt thi")
        ordering = ["attempt", "position"]
        constraints = [
            # The answer save: one row by (attempt, position).
            models.UniqueConstraint(
                fields=["attempt", "position"], name="contests_attempt_question_unique"
            ),
            # A question is drawn once per attempt; the index also serves regrade
            # and question_usage_count, which look up by question.
            models.UniqueConstraint(
                fields=["question", "attempt"],
                name="contests_attempt_question_once",
            ),
            models.CheckConstraint(
                condition=Q(answer__isnull=True) | Q(answered_at__isnull=False),
                name="contests_attempt_question_answer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id}:{self.position}"

    def shown_choices(self) -> list[tuple[int, str, str]]:
        """[(shown index, letter, text)] in the order the contestant saw them."""
        texts = dict(self.snapshot.choices)  # [[position, text], ...]
        return [(i, LETTERS[i], texts[int(p)]) for i, p in enumerate(self.order)]

    def shown_index_of(self, canonical: int | None) -> int | None:
        if canonical is None:
            return None
        return self.order.index(str(canonical))
