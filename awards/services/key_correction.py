"""A key corrected from the round's review page, in one step with its regrade.

The review (review/) flags a question whose key is likely wrong; the organizer
picks the right letter there, and this corrects the key through quizzes'
replace_choices (the KeyChange record, the complaints' answer and the bank's
prepared draw all follow from it) and, when the round is closed, queues the
round's regrade after commit. Only a question drawn in this round can be corrected
from it: the round is what the organizer's permission was checked on."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from contests.models import AttemptQuestion, Round
from contests.models.attempts import LETTERS
from core.errors import Conflict, Invalid, NotFound
from quizzes.models import Choice, KeyChange
from quizzes.services import ChoiceInput, replace_choices

from .. import selectors, tasks
from ..models import Trigger

MSG_NOT_IN_ROUND = "Câu hỏi #{question} không có trong đề của {round}."
MSG_NO_SUCH_CHOICE = "Câu hỏi #{question} không có phương án {letter}."
MSG_SAME_KEY = "Đáp án đúng của câu hỏi #{question} đã là {letter}; không có gì để sửa."


@dataclass(frozen=True)
class KeyCorrection:
    change: KeyChange
    regrading: bool  # the round was closed: its regrade is queued after commit


@transaction.atomic
def correct_key(
    *, round_: Round, question_id: int, letter: str, user, note: str = ""
) -> KeyCorrection:
    """Make ``letter`` the key of a question drawn in ``round_``; the round's
    regrade is queued after commit when the round is already closed."""
    if not AttemptQuestion.objects.filter(
        attempt__round=round_, question_id=question_id
    ).exists():
        raise NotFound(MSG_NOT_IN_ROUND.format(question=question_id, round=round_))
    choices = list(
        Choice.objects.select_for_update()
        .filter(question_id=question_id)
        .order_by("position")
    )
    letter = (letter or "").strip().upper()
    if len(letter) != 1 or letter not in LETTERS[: len(choices)]:
        raise Invalid(MSG_NO_SUCH_CHOICE.format(question=question_id, letter=letter))
    position = LETTERS.index(letter)
    change = replace_choices(
        choices[0].question,
        [
            ChoiceInput(text=c.text, is_correct=c.position == position, id=c.pk)
            for c in choices
        ],
        user=user,
    )
    if change is None:
        raise Conflict(MSG_SAME_KEY.format(question=question_id, letter=letter))
    closing = selectors.round_closing(round_.id)
    regrading = closing is not None and closing.is_closed
    if regrading:
        tasks.regrade_round.delay_on_commit(
            round_.id, getattr(user, "pk", None), Trigger.STAFF, note
        )
    return KeyCorrection(change=change, regrading=regrading)
