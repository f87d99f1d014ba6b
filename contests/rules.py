"""Pure decisions about contests and attempts: who may start, the deadline, which
attempt counts, whether settings hold together. No Django import: plain values in,
plain values out; the services feed them and act on the answer.

The messages are the exact Vietnamese texts shown to people; tests check them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# --- Refusals at start (SPEC §4), one per check, in the order they are checked ---
MSG_LOGIN_REQUIRED = "Vui lòng đăng nhập để dự thi."
MSG_PROFILE_INCOMPLETE = (
    "Vui lòng cập nhật đầy đủ hồ sơ (họ tên, ngày sinh, giới tính, số điện thoại, "
    "số CCCD, đối tượng) trước khi dự thi."
)
MSG_STAFF = (
    "Thành viên Ban Tổ chức, Ban Giám khảo, Tổ giúp việc và Tổ thư ký của cuộc thi "
    "không được tham gia dự thi."
)
MSG_EXCLUDED = "Bạn không thuộc đối tượng được dự thi của cuộc thi này."
MSG_TOO_YOUNG = (
    "Cuộc thi dành cho người từ {min_age} tuổi trở lên (tính đến ngày {on}); "
    "theo ngày sinh trong hồ sơ, bạn chưa đủ tuổi."
)
MSG_GROUP_NOT_ALLOWED = (
    "Đối tượng «{group}» trong hồ sơ của bạn không thuộc đối tượng dự thi."
)
MSG_NO_UNIT = "Cuộc thi yêu cầu chọn đơn vị công tác trong hồ sơ trước khi dự thi."
MSG_UNIT_NOT_ALLOWED = (
    "Đơn vị «{unit}» trong hồ sơ của bạn không thuộc phạm vi cuộc thi ({root})."
)
MSG_ROUND_NOT_OPEN = "Đợt thi chưa mở. Đợt thi bắt đầu lúc {opens_at}."
MSG_ROUND_CLOSED = "Đợt thi đã kết thúc lúc {closes_at}."
MSG_NO_ATTEMPTS_LEFT = "Bạn đã dùng hết {limit} lượt thi của đợt này."
MSG_NOT_READY = (
    "Đợt thi chưa sẵn sàng (chưa đủ câu hỏi). "
    "Vui lòng báo Ban Tổ chức hoặc thử lại sau."
)
MSG_CONTEST_NOT_PUBLISHED = "Cuộc thi chưa được công bố."
MSG_PRACTICE_NOT_READY = (
    "Đợt thi thử chưa sẵn sàng (chưa có đủ câu hỏi thi thử riêng, không trùng với "
    "câu hỏi của đợt thi chính thức). Vui lòng báo Ban Tổ chức hoặc thử lại sau."
)

# --- Refusals while answering and submitting ---
MSG_DEADLINE_PASSED = (
    "Đã hết thời gian làm bài. Bài thi đã được tự động nộp với các câu trả lời đã lưu."
)
MSG_ALREADY_SUBMITTED = "Bài thi đã được nộp; không thể thay đổi câu trả lời."
MSG_QUESTION_NOT_IN_ATTEMPT = "Câu hỏi này không thuộc bài thi của bạn."
MSG_CHOICE_INVALID = "Phương án trả lời không hợp lệ."
MSG_PREDICTION_REQUIRED = "Vui lòng nhập số dự đoán (số nguyên từ 0 trở lên)."
MSG_PREDICTION_INVALID = (
    "Số dự đoán phải là số nguyên từ 0 đến 2.000.000.000, không có dấu chấm hay chữ."
)
MSG_CONFIRM_REQUIRED = "Vui lòng xác nhận nộp bài."

# --- Ending a round now (organizers) ---
MSG_END_PRACTICE = "Đợt thi thử không cần đóng: không xếp hạng, không xét giải."
MSG_END_NOT_STARTED = (
    "Đợt thi chưa bắt đầu (bắt đầu lúc {opens_at}): không thể đóng ngay; hãy sửa "
    "thời gian của đợt thi."
)
MSG_SAVED = "Đã lưu"

PREDICTION_MAX = 2_000_000_000


@dataclass(frozen=True, slots=True)
class Candidate:
    """What the start check needs to know about the person."""

    profile_complete: bool
    birth_date: date | None
    group: str
    group_label: str
    unit_name: str | None
    # The unit and its ancestors' ids, nearest first; empty without a unit.
    unit_path: tuple[int, ...]
    is_staff_of_contest: bool
    is_excluded: bool


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The contest's rules, as plain values."""

    min_age: int | None
    allowed_groups: tuple[str, ...]
    unit_root_id: int | None
    unit_root_name: str | None
    allow_no_unit: bool


def age_on(birth_date: date, on: date) -> int:
    """Completed years of age on ``on`` (a 29 February birthday turns on 1 March)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def eligibility_refusal(
    person: Candidate, rules: Eligibility, round_start: date
) -> str | None:
    """The first reason ``person`` may not enter, or None. Checked in SPEC §4 order:
    profile, staff, exclusion, age at the round's start, group, unit."""
    if not person.profile_complete:
        return MSG_PROFILE_INCOMPLETE
    if person.is_staff_of_contest:
        return MSG_STAFF
    if person.is_excluded:
        return MSG_EXCLUDED
    if rules.min_age is not None and (
        person.birth_date is None
        or age_on(person.birth_date, round_start) < rules.min_age
    ):
        return MSG_TOO_YOUNG.format(
            min_age=rules.min_age, on=round_start.strftime("%d/%m/%Y")
        )
    if rules.allowed_groups and person.group not in rules.allowed_groups:
        return MSG_GROUP_NOT_ALLOWED.format(group=person.group_label or "—")
    if not person.unit_path:
        if not rules.allow_no_unit:
            return MSG_NO_UNIT
        return None
    if rules.unit_root_id is not None and rules.unit_root_id not in person.unit_path:
        return MSG_UNIT_NOT_ALLOWED.format(
            unit=person.unit_name, root=rules.unit_root_name
        )
    return None


def round_window_refusal(
    now: datetime, opens_at: datetime, closes_at: datetime, fmt
) -> str | None:
    """Refusal when ``now`` is outside [opens_at, closes_at); ``fmt`` renders a time."""
    if now < opens_at:
        return MSG_ROUND_NOT_OPEN.format(opens_at=fmt(opens_at))
    if now >= closes_at:
        return MSG_ROUND_CLOSED.format(closes_at=fmt(closes_at))
    return None


def attempt_deadline(
    started_at: datetime, time_limit_minutes: int, closes_at: datetime
) -> datetime:
    """The earlier of start + time limit and the round's close."""
    return min(started_at + timedelta(minutes=time_limit_minutes), closes_at)


def duration_ms(started_at: datetime, submitted_at: datetime) -> int:
    """submitted - started in whole milliseconds, never negative."""
    delta = submitted_at - started_at
    return max(0, delta // timedelta(milliseconds=1))


@dataclass(frozen=True, slots=True)
class FinishedAttempt:
    attempt_id: int
    score: int
    duration_ms: int
    submitted_at: datetime


def counted_attempt_id(attempts: Iterable[FinishedAttempt], policy: str) -> int | None:
    """The id of the attempt that counts: ``best`` = most correct, then shorter
    duration, then earlier submit; ``first`` = earliest submitted. None if none."""
    rows = list(attempts)
    if not rows:
        return None
    if policy == "first":
        return min(rows, key=lambda r: (r.submitted_at, r.attempt_id)).attempt_id
    return min(
        rows, key=lambda r: (-r.score, r.duration_ms, r.submitted_at, r.attempt_id)
    ).attempt_id


def parse_prediction(raw: str | None) -> tuple[int | None, str | None]:
    """(value, None) for a valid integer 0…PREDICTION_MAX, else (None, message)."""
    text = (raw or "").strip()
    if not text:
        return None, MSG_PREDICTION_REQUIRED
    # Length first: int() of thousands of digits is refused by Python (a 500).
    too_long = len(text.lstrip("0")) > len(str(PREDICTION_MAX))
    if not text.isascii() or not text.isdigit() or too_long:
        return None, MSG_PREDICTION_INVALID
    value = int(text.lstrip("0") or "0")
    if value > PREDICTION_MAX:
        return None, MSG_PREDICTION_INVALID
    return value, None


def draw_plan(
    quotas: Sequence[tuple[int, int]], total: int
) -> tuple[list[tuple[int, int]], int]:
    """Split ``total`` into the per-topic quotas [(topic_id, count)] and the rest
    drawn from the whole bank. Raises ValueError when quotas exceed the total."""
    wanted = sum(count for _, count in quotas)
    if wanted > total:
        raise ValueError("quotas exceed questions per attempt")
    return list(quotas), total - wanted


def contest_settings_errors(
    *,
    allowed_groups: object,
    collective_order: object,
    collective_weights: object,
    valid_groups: Sequence[str],
    valid_unit_keys: Sequence[str],
) -> dict[str, str]:
    """Field → Vietnamese message for the JSON settings that the database cannot
    check on its own."""
    errors: dict[str, str] = {}
    if not isinstance(allowed_groups, list) or any(
        g not in valid_groups for g in allowed_groups
    ):
        errors["allowed_groups"] = "Danh sách đối tượng có giá trị không hợp lệ."
    if (
        not isinstance(collective_order, list)
        or any(k not in valid_unit_keys for k in collective_order)
        or len(set(collective_order)) != len(collective_order)
    ):
        errors["collective_order"] = (
            "Thứ tự tiêu chí chỉ gồm các tiêu chí: "
            + ", ".join(valid_unit_keys)
            + " (mỗi tiêu chí một lần)."
        )
    if not isinstance(collective_weights, dict) or any(
        k not in valid_unit_keys
        or not isinstance(v, int)
        or isinstance(v, bool)
        or v < 0
        for k, v in collective_weights.items()
    ):
        errors["collective_weights"] = (
            "Trọng số phải là các số nguyên không âm cho các tiêu chí: "
            + ", ".join(valid_unit_keys)
            + "."
        )
    return errors


# --- Abuse: attempts answered impossibly fast, and answer saves too often ---
MSG_TOO_MANY_SAVES = (
    "Bạn chọn đáp án quá nhanh: câu trả lời này CHƯA được lưu. "
    "Hệ thống sẽ tự lưu lại sau vài giây; vui lòng không tải lại trang."
)


def is_too_fast(
    duration_ms: int | None, question_count: int, min_seconds_per_question: int
) -> bool:
    """True when a finished attempt took less than ``min_seconds_per_question`` a
    question on average (0 = never flagged). Unfinished attempts are never flagged."""
    if duration_ms is None or min_seconds_per_question <= 0 or question_count <= 0:
        return False
    return duration_ms < question_count * min_seconds_per_question * 1000
