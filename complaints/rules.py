"""Pure decisions about complaints: is the window open, is the text acceptable,
what a key correction's answer says. No Django models; messages are constants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.translation import gettext_lazy as _

DEFAULT_WINDOW_DAYS = 3
MAX_WINDOW_DAYS = 60
MAX_TEXT_CHARS = 2000

# Field names as the form shows them: messages name the field.
FIELD_TEXT = _("Nội dung khiếu nại")
FIELD_REPLY = _("Trả lời")

MSG_TEXT_EMPTY = _("%(field)s: không được để trống.")
MSG_TEXT_TOO_LONG = _("%(field)s: dài %(length)s ký tự, tối đa %(limit)s ký tự.")
MSG_NOT_CLOSED = _(
    "Đợt thi chưa kết thúc: chỉ gửi khiếu nại sau khi đợt thi kết thúc (%(at)s)."
)
MSG_WINDOW_OVER = _(
    "Đã hết thời hạn khiếu nại của đợt thi: kết quả công bố lúc %(published)s, "
    "nhận khiếu nại trong %(days)s ngày (đến %(until)s)."
)
MSG_NOT_ACCEPTING = _("Cuộc thi hiện không nhận khiếu nại.")
MSG_PRACTICE = _("Đợt thi thử không tính kết quả nên không nhận khiếu nại.")
MSG_KEY_CORRECTED = _(
    "Chấp nhận: đáp án đúng của câu hỏi đã được sửa từ %(old)s thành %(new)s "
    "ngày %(date)s; đợt thi được chấm lại theo đáp án mới."
)
MSG_KEY_CORRECTED_NO_KEYS = _(
    "Chấp nhận: đáp án đúng của câu hỏi đã được sửa ngày %(date)s; đợt thi được "
    "chấm lại theo đáp án mới."
)


@dataclass(frozen=True)
class Window:
    """What the window needs to know about one round of one contest."""

    is_open: bool
    window_days: int
    is_practice: bool
    closes_at: datetime
    published_at: datetime | None


def window_refusal(window: Window, now: datetime, fmt=str) -> str | None:
    """Why a complaint on this round may not be filed at ``now`` (None: it may).

    The window opens when the round closes (keys are shown only then) and ends
    ``window_days`` days after its results are published; until they are, it
    stays open. ``fmt`` formats moments for the message."""
    if window.is_practice:
        return str(MSG_PRACTICE)
    if not window.is_open:
        return str(MSG_NOT_ACCEPTING)
    if now < window.closes_at:
        return str(MSG_NOT_CLOSED) % {"at": fmt(window.closes_at)}
    if window.published_at is None:
        return None
    until = window.published_at + timedelta(days=window.window_days)
    if now >= until:
        return str(MSG_WINDOW_OVER) % {
            "published": fmt(window.published_at),
            "days": window.window_days,
            "until": fmt(until),
        }
    return None


def text_problem(
    text: str, field=FIELD_TEXT, limit: int = MAX_TEXT_CHARS
) -> str | None:
    """What is wrong with a complaint's (or a reply's) text, naming the field."""
    text = text.strip()
    if not text:
        return str(MSG_TEXT_EMPTY) % {"field": field}
    if len(text) > limit:
        return str(MSG_TEXT_TOO_LONG) % {
            "field": field,
            "length": len(text),
            "limit": limit,
        }
    return None


def shown_letter(order: str, snapshot_choices: list, text: str) -> str | None:
    """The letter under which the contestant saw the choice whose text is
    ``text``: ``order`` is the attempt's shown order of canonical positions,
    ``snapshot_choices`` the shown [[position, text], ...]. None when no shown
    choice has that text (the choices were edited since)."""
    texts = {str(p): t for p, t in snapshot_choices}
    for index, position in enumerate(order):
        if texts.get(position) == text:
            return "ABCDEFGHIJ"[index]
    return None


def key_corrected_reply(
    *,
    old_letter: str | None,
    old_text: str,
    new_letter: str | None,
    new_text: str,
    date: str,
    shows_keys: bool = True,
) -> str:
    """The answer a key correction gives every open complaint on the question,
    with the letters the contestant saw (or the texts alone when unknown);
    without either when the contest no longer shows keys to contestants."""
    if not shows_keys:
        return str(MSG_KEY_CORRECTED_NO_KEYS) % {"date": date}

    def name(letter: str | None, text: str) -> str:
        return f"{letter} («{text}»)" if letter else f"«{text}»"

    return str(MSG_KEY_CORRECTED) % {
        "old": name(old_letter, old_text),
        "new": name(new_letter, new_text),
        "date": date,
    }
