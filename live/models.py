"""The live final (Rung chuông vàng): a host-paced elimination game in a hall.

LiveGame belongs to a contest. LivePlayer: registered in advance with a candidate
number (SBD) and a PIN kept only as a keyed hash. LiveQuestion: a bank question in
the host's order, with the key copied at setup (a key corrected on air changes the
game, not the bank). QuestionRun: one row per question played, the state machine
(shown → open → locked → revealed) with a version bumped by every transition.
LiveAnswer / AudienceAnswer: one answer per player (or audience member) per run,
unique in the database. LiveEvent: the audit of every elimination, rescue, manual
change and key correction; the undo of a key correction marks events undone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import TimeStampedModel, Unit
from contests.models import Contest
from quizzes.models import Question


class QuestionKind(models.TextChoices):
    NORMAL = "normal", _("Câu hỏi thường")
    RESCUE = "rescue", _("Câu hỏi cứu trợ")
    AUDIENCE = "audience", _("Câu hỏi dành cho khán giả")
    FINAL = "final", _("Câu hỏi chuông vàng")


class LiveGame(TimeStampedModel):
    class Status(models.TextChoices):
        READY = "ready", _("Chưa bắt đầu")
        RUNNING = "running", _("Đang thi")
        FINISHED = "finished", _("Đã kết thúc")

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="live_games",
    )
    title = models.CharField(_("tên trận thi"), max_length=200)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.READY
    )
    answer_seconds = models.PositiveSmallIntegerField(
        _("thời gian trả lời (giây)"), default=15
    )
    # Answers that left a phone just before the deadline still count when they
    # arrive within this grace (Wi-Fi in a hall adds a few hundred ms).
    grace_ms = models.PositiveIntegerField(_("thời gian ân hạn (ms)"), default=1000)
    # A rescue round is proposed when fewer than this many players stand.
    rescue_below = models.PositiveSmallIntegerField(
        _("cứu trợ khi còn dưới (người)"), default=10
    )
    paused = models.BooleanField(_("tạm dừng"), default=False)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("trận thi Rung chuông vàng")
        verbose_name_plural = _("trận thi Rung chuông vàng")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class LivePrizeTier(models.Model):
    game = models.ForeignKey(
        LiveGame, on_delete=models.CASCADE, related_name="prize_tiers"
    )
    tier_index = models.PositiveSmallIntegerField(_("thứ tự giải"))  # 0 = highest
    name = models.CharField(_("tên giải"), max_length=100)
    count = models.PositiveSmallIntegerField(_("số giải"))
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"), default=0)

    class Meta:
        verbose_name = _("cơ cấu giải")
        verbose_name_plural = _("cơ cấu giải")
        ordering = ["game", "tier_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "tier_index"], name="live_tier_unique_index"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.count} giải)"


class LivePlayer(TimeStampedModel):
    game = models.ForeignKey(LiveGame, on_delete=models.CASCADE, related_name="players")
    number = models.PositiveIntegerField(_("số báo danh"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_players",
    )
    # HMAC of the PIN keyed with SECRET_KEY (live.pins): never sent anywhere.
    pin_hash = models.CharField(max_length=64, editable=False, default="")
    # Bumped by every login: a socket or session holding an older version is a
    # device that has been taken over.
    token_version = models.PositiveIntegerField(default=0, editable=False)
    is_in = models.BooleanField(_("còn trong sàn thi"), default=True)
    # The run that eliminated the player (order of elimination); None while in.
    out_run = models.ForeignKey(
        "QuestionRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Written when the game finishes (live.services.finish_game).
    final_rank = models.PositiveIntegerField(_("hạng"), null=True, blank=True)
    correct_count = models.PositiveIntegerField(_("số câu đúng"), default=0)
    total_ms = models.PositiveBigIntegerField(
        _("tổng thời gian trả lời (ms)"), default=0
    )

    class Meta:
        verbose_name = _("thí sinh")
        verbose_name_plural = _("thí sinh")
        ordering = ["game", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "number"], name="live_player_unique_number"
            ),
            # An award names a person or a unit (awards.Award's check).
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(unit__isnull=False),
                name="live_player_has_user_or_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number:03d} — {self.full_name}"


class AudienceMember(models.Model):
    game = models.ForeignKey(
        LiveGame, on_delete=models.CASCADE, related_name="audience"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khán giả")
        verbose_name_plural = _("khán giả")

    def __str__(self) -> str:
        return f"Khán giả #{self.pk}"


class LiveQuestion(models.Model):
    game = models.ForeignKey(
        LiveGame, on_delete=models.CASCADE, related_name="questions"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("câu hỏi"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(_("thứ tự"))
    kind = models.CharField(
        _("loại câu"),
        max_length=10,
        choices=QuestionKind.choices,
        default=QuestionKind.NORMAL,
    )
    # 0 = A: the bank's key when the game was set up.
    correct_position = models.PositiveSmallIntegerField(_("đáp án đúng"))
    answer_seconds = models.PositiveSmallIntegerField(
        _("thời gian riêng (giây)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("câu hỏi của trận")
        verbose_name_plural = _("câu hỏi của trận")
        ordering = ["game", "order", "id"]

    def __str__(self) -> str:
        return f"{self.order}. {self.question}"


class RunState(models.TextChoices):
    SHOWN = "shown", _("Đang chiếu câu hỏi")
    OPEN = "open", _("Đang nhận đáp án")
    LOCKED = "locked", _("Hết giờ")
    REVEALED = "revealed", _("Đã công bố đáp án")


class QuestionRun(TimeStampedModel):
    game = models.ForeignKey(LiveGame, on_delete=models.CASCADE, related_name="runs")
    live_question = models.ForeignKey(
        LiveQuestion, on_delete=models.PROTECT, related_name="runs"
    )
    number = models.PositiveIntegerField(_("câu số"))
    # The question's kind unless the host called a rescue round on it.
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    state = models.CharField(
        max_length=10, choices=RunState.choices, default=RunState.SHOWN
    )
    version = models.PositiveIntegerField(default=1)
    opened_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    locked_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    # The key the reveal applied (a correction changes it and re-applies).
    key_position = models.PositiveSmallIntegerField(null=True, blank=True)
    eliminated_count = models.PositiveIntegerField(default=0)
    rescued_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lượt câu hỏi")
        verbose_name_plural = _("lượt câu hỏi")
        ordering = ["game", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["game", "number"], name="live_run_unique_number"
            ),
            # One live question is played once.
            models.UniqueConstraint(
                fields=["live_question"], name="live_run_question_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Câu {self.number}"


class LiveAnswer(models.Model):
    run = models.ForeignKey(
        QuestionRun, on_delete=models.CASCADE, related_name="answers"
    )
    player = models.ForeignKey(
        LivePlayer, on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField()
    received_at = models.DateTimeField()
    elapsed_ms = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # One answer per player per run: a resent answer changes nothing.
            models.UniqueConstraint(
                fields=["run", "player"], name="live_answer_one_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run} — {self.player_id}: {self.position}"


class AudienceAnswer(models.Model):
    run = models.ForeignKey(
        QuestionRun, on_delete=models.CASCADE, related_name="audience_answers"
    )
    member = models.ForeignKey(
        AudienceMember, on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField()
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "member"], name="live_audience_answer_one_per_run"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run} — khán giả {self.member_id}: {self.position}"


class LiveEvent(models.Model):
    class Kind(models.TextChoices):
        ELIMINATED = "eliminated", _("Bị loại")
        RESCUED = "rescued", _("Được cứu")
        MANUAL_OUT = "manual_out", _("Loại bởi người dẫn")
        MANUAL_IN = "manual_in", _("Cho vào lại bởi người dẫn")
        KEY_CORRECTED = "key_corrected", _("Sửa đáp án")
        TRANSITION = "transition", _("Chuyển trạng thái")
        TAKEOVER = "takeover", _("Đăng nhập trên thiết bị khác")

    game = models.ForeignKey(LiveGame, on_delete=models.CASCADE, related_name="events")
    run = models.ForeignKey(
        QuestionRun,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    player = models.ForeignKey(
        LivePlayer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    detail = models.CharField(max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Where the player stood before this event (the run that had eliminated them,
    # or None while in): what undoing the event restores.
    previous_out_run_id = models.BigIntegerField(null=True, blank=True)
    previous_is_in = models.BooleanField(null=True, blank=True)
    # A key correction undoes the reveal's eliminations and rescues: kept, marked.
    undone = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nhật ký trận thi")
        verbose_name_plural = _("nhật ký trận thi")
        ordering = ["game", "id"]
        indexes = [
            # Undoing a reveal: the run's elimination and rescue events.
            models.Index(fields=["run", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.detail}"
