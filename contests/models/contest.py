"""Contests and their configuration: staff, rounds, eligibility, quiz settings,
reference documents, topic quotas, ranking groups and prize tiers.

Every seed contest (shared/seeds/) is expressed by these rows, without code changes.
Validation that spans rows (quota totals, a participant group in two ranking groups)
lives in ``clean()`` for the admin and in contests.rules for the services; what the
database can hold on its own is a constraint here.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import ParticipantGroup, TimeStampedModel, Unit

# The keys a collective (unit) ranking may use; awards.ranking.UNIT_KEYS is the
# authority, repeated here so contests never imports awards (imports flow one way).
UNIT_RANKING_KEYS = {
    "rate": _("Tỷ lệ tham gia (số thí sinh / tổng số CBCCVCLĐ)"),
    "prizes": _("Số giải cá nhân đạt được"),
    "contestants": _("Số thí sinh tham gia"),
    "avg_score": _("Điểm trung bình (lần thi tốt nhất)"),
}


DEFAULT_COLLECTIVE_ORDER = ("rate", "prizes", "contestants")


def default_collective_order() -> list[str]:
    return list(DEFAULT_COLLECTIVE_ORDER)


class Contest(TimeStampedModel):
    class Counting(models.TextChoices):
        BEST = "best", _("Lần thi có kết quả tốt nhất")
        FIRST = "first", _("Lần thi đầu tiên")

    class PredictionTarget(models.TextChoices):
        PEOPLE_ALL_CORRECT = (
            "people_all_correct",
            _("Số người trả lời đúng tất cả các câu hỏi"),
        )
        ATTEMPTS_ALL_CORRECT = (
            "attempts_all_correct",
            _("Số lượt thi trả lời đúng tất cả các câu hỏi"),
        )
        PERCENT_ALL_CORRECT = (
            "percent_all_correct",
            _("Tỷ lệ phần trăm người trả lời đúng tất cả các câu hỏi"),
        )
        PARTICIPANTS = "participants", _("Tổng số người tham gia đợt thi")

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

    # --- Eligibility (checked at every start; staff are excluded automatically) ---
    min_age = models.PositiveSmallIntegerField(
        _("tuổi tối thiểu"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Tính đến ngày bắt đầu đợt thi. Để trống: không giới hạn."),
    )
    allowed_groups = models.JSONField(
        _("đối tượng được dự thi"),
        default=list,
        blank=True,
        help_text=_("Để trống: mọi đối tượng."),
    )
    unit_root = models.ForeignKey(
        Unit,
        verbose_name=_("phạm vi đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scoped_contests",
        help_text=_("Chỉ thí sinh thuộc đơn vị này hoặc các đơn vị trực thuộc."),
    )
    allow_no_unit = models.BooleanField(
        _("cho phép người không thuộc đơn vị nào"),
        default=True,
        help_text=_("Ví dụ: người dân đang sinh sống trên địa bàn."),
    )

    # --- Quiz settings ---
    bank = models.ForeignKey(
        "quizzes.QuestionBank",
        verbose_name=_("ngân hàng câu hỏi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contests",
        help_text=_("Câu hỏi của các đợt thi chính thức (tính điểm, xét giải)."),
    )
    practice_bank = models.ForeignKey(
        "quizzes.QuestionBank",
        verbose_name=_("ngân hàng câu hỏi thi thử"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_contests",
        help_text=_(
            "Bắt buộc khi cuộc thi có đợt thi thử: đợt thi thử chỉ lấy câu hỏi từ "
            "ngân hàng này. Thi thử không giới hạn lượt và cho xem điểm, đáp án "
            "ngay, nên nếu dùng chung câu hỏi với đợt thi chính thức, chỉ cần thi "
            "thử vài lần là biết hết đáp án chính thức. Vì vậy ngân hàng thi thử "
            "phải khác ngân hàng chính thức và không có câu hỏi nào trùng nội dung "
            "với câu hỏi của các đợt thi chính thức; câu trùng (kể cả câu thêm vào "
            "sau) không bao giờ được rút cho thi thử."
        ),
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("số câu hỏi mỗi lượt thi"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("thời gian làm bài (phút)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    attempts_per_round = models.PositiveSmallIntegerField(
        _("số lượt thi mỗi đợt"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("Từ 1 đến 3. Đợt thi thử không giới hạn số lượt."),
    )
    counting = models.CharField(
        _("lượt thi được tính"),
        max_length=10,
        choices=Counting.choices,
        default=Counting.BEST,
    )
    shuffle_choices = models.BooleanField(_("đảo thứ tự đáp án"), default=True)
    prediction_enabled = models.BooleanField(_("có câu hỏi dự đoán"), default=False)
    prediction_target = models.CharField(
        _("câu dự đoán hỏi về"),
        max_length=30,
        choices=PredictionTarget.choices,
        default=PredictionTarget.PEOPLE_ALL_CORRECT,
    )
    prediction_question = models.CharField(
        _("nội dung câu hỏi dự đoán"),
        max_length=300,
        blank=True,
        help_text=_("Để trống: dùng câu hỏi mặc định theo mục trên."),
    )
    review_after_close = models.BooleanField(
        _("cho xem đáp án sau khi đợt thi kết thúc"), default=True
    )
    min_seconds_per_question = models.PositiveSmallIntegerField(
        _("số giây tối thiểu mỗi câu"),
        default=2,
        validators=[MaxValueValidator(600)],
        help_text=_(
            "Lượt thi nộp nhanh hơn (số câu nhân số giây này) bị đánh dấu «làm bài quá "
            "nhanh» để ban tổ chức xem lại trước khi xác nhận giải. 0: không đánh dấu."
        ),
    )

    # --- Prizes and the collective ranking ---
    one_individual_prize_per_person = models.BooleanField(
        _("mỗi người chỉ nhận một giải cá nhân"),
        default=False,
        help_text=_("Người đã đạt giải cá nhân ở đợt trước không xét giải ở đợt sau."),
    )
    collective_unit_kind = models.CharField(
        _("cấp đơn vị xét giải tập thể"),
        max_length=20,
        choices=Unit.Kind.choices,
        blank=True,
    )
    collective_min_participation_pct = models.PositiveSmallIntegerField(
        _("ngưỡng tỷ lệ tham gia (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Đơn vị có tỷ lệ tham gia thấp hơn không được xét giải tập thể."),
    )
    collective_order = models.JSONField(
        _("thứ tự tiêu chí xếp hạng tập thể"),
        default=default_collective_order,
        blank=True,
    )
    collective_weights = models.JSONField(
        _("trọng số tiêu chí tập thể"),
        default=dict,
        blank=True,
        help_text=_('Ví dụ {"rate": 70, "prizes": 30}. Để trống: xếp theo thứ tự.'),
    )

    class Meta:
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    questions_per_attempt__gte=1, questions_per_attempt__lte=100
                ),
                name="contests_contest_questions_range",
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__gte=1),
                name="contests_contest_time_limit_positive",
            ),
            models.CheckConstraint(
                condition=Q(attempts_per_round__gte=1, attempts_per_round__lte=3),
                name="contests_contest_attempts_range",
            ),
            models.CheckConstraint(
                condition=Q(collective_min_participation_pct__isnull=True)
                | Q(collective_min_participation_pct__lte=100),
                name="contests_contest_threshold_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contests:detail", kwargs={"slug": self.slug})

    @property
    def prediction_label(self) -> str:
        if self.prediction_question:
            return self.prediction_question
        return {
            self.PredictionTarget.PEOPLE_ALL_CORRECT: _(
                "Dự đoán: có bao nhiêu người trả lời đúng tất cả các câu hỏi "
                "của đợt thi này?"
            ),
            self.PredictionTarget.ATTEMPTS_ALL_CORRECT: _(
                "Dự đoán: có bao nhiêu lượt thi trả lời đúng tất cả các câu hỏi "
                "của đợt thi này?"
            ),
            self.PredictionTarget.PERCENT_ALL_CORRECT: _(
                "Dự đoán: bao nhiêu phần trăm người dự thi trả lời đúng tất cả "
                "các câu hỏi của đợt thi này?"
            ),
            self.PredictionTarget.PARTICIPANTS: _(
                "Dự đoán: có bao nhiêu người tham gia đợt thi này?"
            ),
        }[self.prediction_target]

    def clean(self) -> None:
        from contests import rules

        errors = rules.contest_settings_errors(
            allowed_groups=self.allowed_groups,
            collective_order=self.collective_order,
            collective_weights=self.collective_weights,
            valid_groups=ParticipantGroup.values,
            valid_unit_keys=tuple(UNIT_RANKING_KEYS),
        )
        errors.update(self.practice_bank_errors())
        if errors:
            raise ValidationError(errors)

    def practice_bank_errors(self) -> dict[str, str]:
        """Field → Vietnamese message when a practice bank could reveal a graded
        round's questions: the same bank, or an active practice question whose
        normalised text is a question of a graded bank (this contest's or any
        other's, both ways)."""
        from contests import selectors

        errors: dict[str, str] = {}
        if self.practice_bank_id is None and self.bank_id is None:
            return errors
        if self.practice_bank_id is not None and self.practice_bank_id == self.bank_id:
            errors["practice_bank"] = str(MSG_PRACTICE_SAME_BANK)
            return errors
        if self.practice_bank_id is not None:
            graded = selectors.graded_bank_ids(include=self.bank_id, exclude=self.pk)
            clash = selectors.practice_overlap([self.practice_bank_id], graded)
            if clash:
                errors["practice_bank"] = _overlap_message(clash)
        if self.bank_id is not None:
            practice = selectors.practice_bank_ids(exclude=self.pk)
            clash = selectors.practice_overlap(practice, [self.bank_id])
            if clash:
                errors["bank"] = _overlap_message(clash)
        return errors


MSG_PRACTICE_SAME_BANK = _(
    "Ngân hàng câu hỏi thi thử phải khác ngân hàng câu hỏi chính thức: thi thử "
    "không giới hạn lượt và cho xem đáp án ngay, dùng chung sẽ làm lộ đáp án của "
    "đợt thi chính thức."
)


MSG_PRACTICE_OVERLAP = _(
    "Ngân hàng thi thử «%(practice)s» có %(n)s câu hỏi trùng nội dung với câu hỏi "
    "của đợt thi chính thức (ngân hàng «%(graded)s»), ví dụ: %(examples)s. Thi thử "
    "cho xem điểm và đáp án ngay nên sẽ làm lộ đáp án chính thức: tắt («đang dùng») "
    "hoặc xóa các câu này trong ngân hàng thi thử, hoặc chọn ngân hàng khác."
)


MSG_PRACTICE_BANK_REQUIRED = _(
    "Đợt thi thử «%(round)s» cần ngân hàng câu hỏi thi thử riêng: chọn «Ngân hàng "
    "câu hỏi thi thử» trong mục Thiết lập bài thi (không dùng chung câu hỏi với "
    "đợt thi chính thức, để thi thử không làm lộ đáp án)."
)


def _overlap_message(clash) -> str:
    examples = "; ".join(f"«{c.text[:80]}»" for c in clash.examples)
    return str(MSG_PRACTICE_OVERLAP) % {
        "practice": clash.practice_bank,
        "n": clash.count,
        "graded": clash.graded_bank,
        "examples": examples,
    }
