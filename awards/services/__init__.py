"""Closing rounds, contest-wide results, publishing and regrading.

Every job here may run twice, crash halfway or race another worker:

- A job claims its work by locking a closing row (RoundClosing / ContestClosing)
  with FOR UPDATE SKIP LOCKED; a second worker skips it and reports "busy".
- Every write of a job (finalising the last open attempts, result rows, awards,
  the closing record) happens in that one transaction: a crash leaves the round as
  it was, the next run redoes it whole.
- State is checked first: a closed round is left alone (a second run changes
  nothing), and the ranking itself is a pure, total order (awards.ranking), so a
  rerun from the same attempts writes the same rows.

Sizing: a round of 1,000,000 counted attempts is read as flat tuples with a
server-side cursor, ranked in one sort and written with COPY (core.bulk).
"""

from ..deciding import (
    WARN_BAD_COLLECTIVE,
    WARN_NO_GROUP,
    WARN_NO_UNIT_KIND,
    WARN_UNRANKED_UNIT,
    WARN_ZERO_COUNT,
)
from .closing import close_round
from .common import (
    MSG_ALREADY_CLOSED,
    MSG_ALREADY_PUBLISHED,
    MSG_BUSY,
    MSG_CLOSED,
    MSG_CONTEST_NOT_CLOSED,
    MSG_NOT_CLOSED,
    MSG_NOT_DUE,
    MSG_PRACTICE,
    MSG_PUBLISHED,
    MSG_WAITING,
    CloseOutcome,
    ResultsRefused,
    cache_key,
)
from .contest import close_contest
from .ending import MSG_CONFIRM_END, MSG_ENDED_NOW, confirm_end_message, end_and_close
from .key_correction import correct_key
from .publishing import publish_contest, publish_round
from .regrade import prize_change_line, regrade_round, regrade_summary

__all__ = [
    "MSG_ALREADY_CLOSED",
    "MSG_ALREADY_PUBLISHED",
    "MSG_BUSY",
    "MSG_CLOSED",
    "MSG_CONFIRM_END",
    "MSG_CONTEST_NOT_CLOSED",
    "MSG_ENDED_NOW",
    "MSG_NOT_CLOSED",
    "MSG_NOT_DUE",
    "MSG_PRACTICE",
    "MSG_PUBLISHED",
    "MSG_WAITING",
    "WARN_BAD_COLLECTIVE",
    "WARN_NO_GROUP",
    "WARN_NO_UNIT_KIND",
    "WARN_UNRANKED_UNIT",
    "WARN_ZERO_COUNT",
    "CloseOutcome",
    "ResultsRefused",
    "cache_key",
    "close_contest",
    "close_round",
    "confirm_end_message",
    "correct_key",
    "end_and_close",
    "prize_change_line",
    "publish_contest",
    "publish_round",
    "regrade_round",
    "regrade_summary",
]
