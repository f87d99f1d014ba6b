"""Shared pieces of the awards services: messages, outcomes, cache keys."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from contests.models import Round
from core.errors import Conflict

log = logging.getLogger(__name__)

MSG_CLOSED = "Đã đóng {round}: xếp hạng {ranked} người, {awards} giải, {ms} ms."
MSG_ALREADY_CLOSED = "{round} đã được đóng lúc {at}; không thay đổi gì."
MSG_BUSY = "{round} đang được đóng bởi một tiến trình khác; bỏ qua."
MSG_NOT_DUE = "{round} chưa kết thúc (kết thúc lúc {at}): chưa thể đóng."
MSG_WAITING = (
    "{round}: còn {n} bài thi đang làm, hạn nộp muộn nhất {at}; "
    "đợt thi sẽ được đóng sau thời điểm đó."
)
MSG_PRACTICE = "{round} là đợt thi thử: không xếp hạng, không xét giải."
MSG_CONTEST_DONE = (
    "Đã tính kết quả toàn cuộc thi «{contest}» ({included}/{total} đợt): "
    "{contestants} thí sinh, {awards} giải, {ms} ms."
)
MSG_CONTEST_NO_ROUND = "Cuộc thi «{contest}» chưa có đợt thi nào được đóng."
MSG_CONTEST_NOT_DUE = (
    "Cuộc thi «{contest}» còn đợt thi chưa đóng ({included}/{total} đợt đã đóng)."
)
MSG_CONTEST_ALREADY = "Kết quả toàn cuộc thi «{contest}» đã được tính; không đổi."
MSG_CONTEST_BUSY = "Kết quả toàn cuộc thi «{contest}» đang được tính; bỏ qua."

MSG_NOT_CLOSED = "{round} chưa được đóng: chưa có kết quả."
MSG_CONTEST_NOT_CLOSED = "Chưa tính kết quả toàn cuộc thi «{contest}»."
MSG_PUBLISHED = "Đã công bố kết quả {what}."
MSG_ALREADY_PUBLISHED = "Kết quả {what} đã được công bố lúc {at}."


class ResultsRefused(Conflict):
    """A publish or regrade was refused by the state of the results (not closed
    yet, already published); ``message`` is the Vietnamese reason."""


@dataclass
class CloseOutcome:
    """What a closing call did: ``status`` is closed, already_closed, busy,
    not_due, waiting or practice; ``message`` the Vietnamese line to print."""

    status: str
    message: str
    ranked: int = 0
    awards: int = 0
    duration_ms: int = 0

    @property
    def changed(self) -> bool:
        return self.status == "closed"


def when(value: datetime | None) -> str:
    if value is None:
        return "—"
    return date_format(timezone.localtime(value), "H:i d/m/Y")


def cache_key(kind: str, object_id: int) -> str:
    """The cache key of a public results fragment (views cache them a minute)."""
    return f"awards:public:{kind}:{object_id}"


def forget_public_pages(contest_id: int, round_ids: Iterable[int] = ()) -> None:
    keys = [cache_key("contest", contest_id)]
    keys += [cache_key("round", rid) for rid in round_ids]
    transaction.on_commit(lambda: cache.delete_many(keys))


def round_label(round_: Round) -> str:
    return f"«{round_.contest.title}» — {round_}"
