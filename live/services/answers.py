"""Answers: one per player (or audience member) per run, unique in the database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

from quizzes.models import Choice

from .. import messages as msg
from .. import rules
from ..models import (
    AudienceAnswer,
    AudienceMember,
    LiveAnswer,
    LivePlayer,
    QuestionKind,
    QuestionRun,
    RunState,
)
from .errors import LiveError, NotAllowed
from .game import lock_if_due


@dataclass(frozen=True)
class Ack:
    run_id: int
    position: int
    answered: int  # answers so far to this run (for the host and stage counters)
    new: bool
    number: int = 0  # the player's SBD (the host marks who answered)


def submit_answer(
    *, player_id: int, run_id: int, position: int, received_at: datetime.datetime
) -> Ack:
    """One answer per player per run, final once given: a resent identical answer
    is acknowledged again, a different one is refused. Refused after the deadline
    plus the grace (and the question is locked then, if no one did yet), before
    the question opens, and for players the question is not for. The run row is
    locked so a reveal never misses a committed answer."""
    with transaction.atomic():
        outcome = _answer_locked(
            player_id=player_id,
            run_id=run_id,
            position=position,
            received_at=received_at,
        )
    if isinstance(outcome, str):
        if outcome == msg.TOO_LATE:
            # Outside the answer's transaction: it held the run row shared.
            lock_if_due(_game_of_run(run_id))
        raise LiveError(outcome)
    return outcome


def _game_of_run(run_id: int) -> int:
    return QuestionRun.objects.filter(pk=run_id).values_list("game_id", flat=True)[0]


def _share_run_row(run_id: int) -> None:
    """Answers hold the run row FOR SHARE (they do not wait for each other); a
    reveal takes it FOR UPDATE, so it waits for answers in flight and answers
    after it see it revealed. SQLite's IMMEDIATE transactions serialise anyway."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(QuestionRun._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [run_id])  # noqa: S608


def _answer_locked(*, player_id, run_id, position, received_at) -> Ack | str:
    _share_run_row(run_id)
    run = (
        QuestionRun.objects.select_related("game", "live_question")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        return msg.UNKNOWN_QUESTION
    player = LivePlayer.objects.filter(pk=player_id, game_id=run.game_id).first()
    if player is None:
        raise NotAllowed(msg.NOT_A_PLAYER)
    existing = LiveAnswer.objects.filter(run=run, player=player).first()
    if existing is not None:
        if existing.position == position:
            return Ack(
                run.id, position, _answered(run), new=False, number=player.number
            )
        return msg.ALREADY_ANSWERED.format(letter=rules.letter(existing.position))
    refusal = _open_refusal(run, received_at)
    if refusal is not None:
        return refusal
    if run.kind == QuestionKind.AUDIENCE:
        return msg.AUDIENCE_ONLY
    if not rules.who_may_answer(run.kind, standing=player.is_in):
        return (
            msg.RESCUE_ONLY_OUT if run.kind == QuestionKind.RESCUE else msg.YOU_ARE_OUT
        )
    if not _valid_position(run, position):
        return msg.BAD_CHOICE
    elapsed = int((received_at - run.opened_at).total_seconds() * 1000)
    try:
        # A savepoint: the same answer may arrive twice at once (socket and POST).
        with transaction.atomic():
            LiveAnswer.objects.create(
                run=run,
                player=player,
                position=position,
                received_at=received_at,
                elapsed_ms=max(0, elapsed),
            )
    except IntegrityError:
        existing = LiveAnswer.objects.get(run=run, player=player)
        if existing.position != position:
            return msg.ALREADY_ANSWERED.format(letter=rules.letter(existing.position))
        return Ack(run.id, position, _answered(run), new=False, number=player.number)
    return Ack(run.id, position, _answered(run), new=True, number=player.number)


def submit_audience_answer(
    *, member_id: int, run_id: int, position: int, received_at: datetime.datetime
) -> Ack:
    """The audience answers audience questions only; nobody is eliminated."""
    with transaction.atomic():
        run = (
            QuestionRun.objects.select_related("game", "live_question")
            .filter(pk=run_id)
            .first()
        )
        if run is None:
            raise LiveError(msg.UNKNOWN_QUESTION)
        if run.kind != QuestionKind.AUDIENCE:
            raise LiveError(msg.NOT_AUDIENCE_QUESTION)
        if not AudienceMember.objects.filter(
            pk=member_id, game_id=run.game_id
        ).exists():
            raise NotAllowed(msg.NOT_AUDIENCE)
        refusal = _open_refusal(run, received_at) or (
            None if _valid_position(run, position) else msg.BAD_CHOICE
        )
        if refusal is not None:
            raise LiveError(refusal)
        try:
            with transaction.atomic():
                AudienceAnswer.objects.create(
                    run=run,
                    member_id=member_id,
                    position=position,
                    received_at=received_at,
                )
        except IntegrityError:
            existing = AudienceAnswer.objects.get(run=run, member_id=member_id)
            if existing.position != position:
                raise LiveError(
                    msg.ALREADY_ANSWERED.format(letter=rules.letter(existing.position))
                ) from None
            return Ack(run.id, position, 0, new=False)
        return Ack(run.id, position, 0, new=True)


def _open_refusal(run: QuestionRun, received_at: datetime.datetime) -> str | None:
    if run.state == RunState.SHOWN:
        return msg.NOT_OPEN_YET
    if run.state == RunState.REVEALED:
        return msg.TOO_LATE
    grace = datetime.timedelta(milliseconds=run.game.grace_ms)
    if received_at > run.deadline + grace:
        return msg.TOO_LATE
    return None


def _valid_position(run: QuestionRun, position: int) -> bool:
    count = Choice.objects.filter(question_id=run.live_question.question_id).count()
    return 0 <= position < count


def _answered(run: QuestionRun) -> int:
    return LiveAnswer.objects.filter(run=run).count()
