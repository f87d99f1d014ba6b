"""Writes and workflows for contests and attempts (see each module's contract).

Concurrency, in short: the attempt limit is held by the unique (round, user, number)
slot and the one-open-attempt partial unique index, not by check-then-insert; an
answer save locks its attempt row (FOR NO KEY UPDATE) so it cannot interleave with a
finalisation, which locks every attempt of the (round, user) FOR UPDATE in id order
(in a practice round only the attempt it finishes).
"""

from .attempts import (
    person_refusals,
    ranking_group_for,
    save_answer,
    save_answer_if_open,
    start_attempt,
    start_refusal,
    submit_attempt,
)
from .common import (
    AnswerConflict,
    AnswerInvalid,
    AnswerNotFound,
    AnswerRefused,
    AttemptRefused,
    RoundRefused,
)
from .drawing import Drawn, draw_questions
from .finalising import (
    finalise_attempt,
    finalise_attempts,
    finalise_open_attempts_of_round,
    recount_round,
    rescore_round,
)
from .rounds import (
    cap_open_deadlines,
    end_round_now,
    published_round,
    round_with_contest,
)
from .schedules import create_round_schedule

__all__ = [
    "AnswerConflict",
    "AnswerInvalid",
    "AnswerNotFound",
    "AnswerRefused",
    "AttemptRefused",
    "Drawn",
    "RoundRefused",
    "cap_open_deadlines",
    "create_round_schedule",
    "draw_questions",
    "end_round_now",
    "finalise_attempt",
    "finalise_attempts",
    "finalise_open_attempts_of_round",
    "person_refusals",
    "published_round",
    "ranking_group_for",
    "recount_round",
    "rescore_round",
    "round_with_contest",
    "save_answer",
    "save_answer_if_open",
    "start_attempt",
    "start_refusal",
    "submit_attempt",
]
