"""Close now: end a running round before its time, then close it."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from contests import selectors as contest_selectors
from contests import services as contest_services
from contests.models import Round
from core.formatting import format_time

MSG_ENDED_NOW = (
    "Đã kết thúc {round} ngay lúc {at}: {n} bài thi đang làm được nộp tự động với các "
    "câu trả lời đã lưu; kết quả xếp hạng sẽ có sau ít phút."
)
MSG_CONFIRM_END = (
    "{round} đang diễn ra (kết thúc lúc {at}) và hiện có {n} bài thi đang làm. Đóng "
    "ngay: đợt thi kết thúc bây giờ, các bài thi đang làm được nộp tự động với các "
    "câu trả lời đã lưu, rồi đợt thi được xếp hạng và xét giải. Không thể hoàn tác."
)


def confirm_end_message(round_: Round, *, label: str, now: datetime) -> str:
    """The confirmation of "close now" on a running round: how many attempts are
    in progress and what happens to them. Reads only."""
    return MSG_CONFIRM_END.format(
        round=label,
        at=format_time(round_.closes_at),
        n=contest_selectors.open_attempt_count(round_.id, now),
    )


def end_and_close(round_: Round, *, label: str, trigger: str, user_id: int) -> str:
    """End a running round now (contests.services.end_round_now: its open attempts
    are submitted with their saved answers), then enqueue its close after commit
    (awards.tasks.close_round). Returns the Vietnamese message; raises contests'
    RoundRefused when the round cannot end now. Re-running on an ended round is
    refused by end_round_now; the close itself is idempotent."""
    from awards import tasks

    now = timezone.now()
    ended = contest_services.end_round_now(round_.id, now=now)
    tasks.close_round.delay_on_commit(round_.id, trigger, user_id)
    return MSG_ENDED_NOW.format(round=label, at=format_time(now), n=ended)
