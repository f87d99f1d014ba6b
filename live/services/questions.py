"""The game's questions: taken from a bank with the key copied; reordered."""

from __future__ import annotations

from django.db import transaction

from quizzes.models import Choice, Question

from .. import messages as msg
from ..models import (
    LiveGame,
    LiveQuestion,
    QuestionKind,
)
from .effects import broadcast_on_commit
from .errors import LiveError


def add_questions(
    game: LiveGame, questions: list[Question], *, kind: str = QuestionKind.NORMAL
) -> list[LiveQuestion]:
    """Append bank questions to the game's order with the bank's key copied."""
    keys = dict(
        Choice.objects.filter(question__in=questions, is_correct=True).values_list(
            "question_id", "position"
        )
    )
    last = LiveQuestion.objects.filter(game=game).order_by("-order").first()
    start = last.order + 1 if last else 1
    created = []
    for offset, question in enumerate(questions):
        if question.id not in keys:
            raise LiveError(msg.QUESTION_WITHOUT_KEY.format(id=question.id))
        created.append(
            LiveQuestion(
                game=game,
                question=question,
                order=start + offset,
                kind=kind,
                correct_position=keys[question.id],
            )
        )
    return LiveQuestion.objects.bulk_create(created)


def move_question(live_question_id: int, *, order: int) -> None:
    """Put a question not played yet at `order` (1-based) among those not played."""
    with transaction.atomic():
        lq = LiveQuestion.objects.select_for_update().get(pk=live_question_id)
        if lq.runs.exists():
            raise LiveError(msg.QUESTION_ALREADY_PLAYED)
        pending = list(
            LiveQuestion.objects.filter(game_id=lq.game_id, runs__isnull=True)
            .exclude(pk=lq.pk)
            .order_by("order", "id")
        )
        played_max = (
            LiveQuestion.objects.filter(game_id=lq.game_id, runs__isnull=False)
            .order_by("-order")
            .values_list("order", flat=True)
            .first()
            or 0
        )
        index = max(0, min(order - 1, len(pending)))
        pending.insert(index, lq)
        for i, item in enumerate(pending, start=played_max + 1):
            item.order = i
        LiveQuestion.objects.bulk_update(pending, ["order"])
    broadcast_on_commit(lq.game_id)
