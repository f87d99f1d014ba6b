"""The state machine of a question run (shown → open → locked → revealed) and the
host's other actions. Each is one transaction that locks its row and checks the
state first, so a double click or a retried request changes nothing twice."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .. import messages as msg
from .. import rules
from ..models import (
    LiveAnswer,
    LiveEvent,
    LiveGame,
    LivePlayer,
    LiveQuestion,
    QuestionKind,
    QuestionRun,
    RunState,
)
from .effects import broadcast_on_commit, schedule_lock
from .errors import LiveError, TooEarly


def current_run(game_id: int) -> QuestionRun | None:
    return (
        QuestionRun.objects.filter(game_id=game_id)
        .select_related("live_question__question")
        .order_by("-number")
        .first()
    )


def lock_if_due(game_id: int, *, now: datetime.datetime | None = None) -> bool:
    """The server's lock: the current run, open and past its deadline, is locked.
    Called by the Celery task due at the deadline and lazily by every read and
    answer, so a dead worker never leaves a question open. True if it locked."""
    now = now or timezone.now()
    run = current_run(game_id)
    if run is None or run.state != RunState.OPEN or now < run.deadline:
        return False
    with transaction.atomic():
        run = QuestionRun.objects.select_for_update().get(pk=run.pk)
        if run.state != RunState.OPEN or now < run.deadline:
            return False
        _lock(run, now=now, actor=None, detail="server")
    return True


def _lock(run: QuestionRun, *, now, actor, detail: str) -> None:
    run.state = RunState.LOCKED
    run.locked_at = now
    run.version += 1
    run.save(update_fields=["state", "locked_at", "version", "updated_at"])
    _transition(run, actor, f"locked ({detail})")


def _locked_game(game_id: int) -> LiveGame:
    game = LiveGame.objects.select_for_update().get(pk=game_id)
    if game.status == LiveGame.Status.FINISHED:
        raise LiveError(msg.GAME_FINISHED)
    return game


def _locked_current_run(game_id: int) -> QuestionRun:
    run = (
        QuestionRun.objects.select_for_update()
        .filter(game_id=game_id)
        .order_by("-number")
        .first()
    )
    if run is None:
        raise LiveError(msg.NO_QUESTION_YET)
    return run


def _transition(run: QuestionRun, actor, detail: str) -> None:
    LiveEvent.objects.create(
        game_id=run.game_id,
        run=run,
        kind=LiveEvent.Kind.TRANSITION,
        detail=detail,
        actor=actor,
    )
    broadcast_on_commit(run.game_id)


def next_question(game_id: int, *, actor=None) -> QuestionRun:
    """Show the next question in the host's order (stage only; phones wait)."""
    with transaction.atomic():
        game = _locked_game(game_id)
        if game.paused:
            raise LiveError(msg.PAUSED)
        run = QuestionRun.objects.filter(game_id=game_id).order_by("-number").first()
        if run is not None and run.state != RunState.REVEALED:
            raise LiveError(msg.REVEAL_FIRST)
        lq = (
            LiveQuestion.objects.filter(game_id=game_id, runs__isnull=True)
            .order_by("order", "id")
            .first()
        )
        if lq is None:
            raise LiveError(msg.NO_MORE_QUESTIONS)
        new = QuestionRun.objects.create(
            game=game,
            live_question=lq,
            number=(run.number + 1) if run else 1,
            kind=lq.kind,
        )
        if game.status == LiveGame.Status.READY:
            game.status = LiveGame.Status.RUNNING
            game.save(update_fields=["status", "updated_at"])
        _transition(new, actor, "shown")
    return new


def open_question(
    game_id: int, *, actor=None, now: datetime.datetime | None = None
) -> QuestionRun:
    """Open answers: the server sets the deadline and schedules its own lock."""
    now = now or timezone.now()
    with transaction.atomic():
        game = _locked_game(game_id)
        if game.paused:
            raise LiveError(msg.PAUSED)
        run = _locked_current_run(game_id)
        if run.state != RunState.SHOWN:
            raise LiveError(msg.NOT_SHOWN)
        seconds = run.live_question.answer_seconds or game.answer_seconds
        run.state = RunState.OPEN
        run.opened_at = now
        run.deadline = now + datetime.timedelta(seconds=seconds)
        run.version += 1
        run.save(
            update_fields=["state", "opened_at", "deadline", "version", "updated_at"]
        )
        _transition(run, actor, "open")
        deadline, run_game = run.deadline, run.game_id
        transaction.on_commit(lambda: schedule_lock(run_game, deadline))
    return run


def lock_now(game_id: int, *, actor=None, now: datetime.datetime | None = None) -> None:
    """The host ends the answer time early; the grace still applies to answers
    already on their way."""
    now = now or timezone.now()
    with transaction.atomic():
        run = _locked_current_run(game_id)
        if run.state != RunState.OPEN:
            raise LiveError(msg.NOT_OPEN)
        run.deadline = min(run.deadline, now)
        run.save(update_fields=["deadline"])
        _lock(run, now=now, actor=actor, detail="host")


def reveal(
    game_id: int, *, actor=None, now: datetime.datetime | None = None
) -> QuestionRun:
    """Show the key and apply eliminations / rescues, atomically and once. Waits
    for the grace after the deadline (TooEarly says how long)."""
    now = now or timezone.now()
    with transaction.atomic():
        run = _locked_current_run(game_id)
        if run.state == RunState.OPEN and now >= run.deadline:
            _lock(run, now=now, actor=None, detail="server")
        if run.state != RunState.LOCKED:
            raise LiveError(
                msg.ALREADY_REVEALED
                if run.state == RunState.REVEALED
                else msg.NOT_LOCKED
            )
        grace_end = run.deadline + datetime.timedelta(milliseconds=run.game.grace_ms)
        if now < grace_end:
            wait = int((grace_end - now).total_seconds() * 1000) + 1
            raise TooEarly(msg.WAIT_GRACE.format(ms=wait), wait)
        _apply_reveal(run, key=run.live_question.correct_position, actor=actor, now=now)
        run.state = RunState.REVEALED
        run.revealed_at = now
        run.version += 1
        run.save()
        _transition(run, actor, "revealed")
    return run


def _apply_reveal(run: QuestionRun, *, key: int, actor, now) -> None:
    players = list(LivePlayer.objects.select_for_update().filter(game_id=run.game_id))
    answers = dict(
        LiveAnswer.objects.filter(run=run).values_list("player_id", "position")
    )
    outcome = rules.reveal_outcome(
        kind=run.kind,
        key=key,
        standing=[p.id for p in players if p.is_in],
        out=[p.id for p in players if not p.is_in],
        answers=answers,
    )
    events, changed = [], []
    for player in players:
        if player.id in outcome.eliminated:
            kind = LiveEvent.Kind.ELIMINATED
        elif player.id in outcome.rescued:
            kind = LiveEvent.Kind.RESCUED
        else:
            continue
        events.append(
            LiveEvent(
                game_id=run.game_id,
                run=run,
                player=player,
                kind=kind,
                actor=actor,
                previous_is_in=player.is_in,
                previous_out_run_id=player.out_run_id,
                detail=f"đáp án {rules.letter(answers.get(player.id)) or '—'}",
            )
        )
        player.is_in = kind == LiveEvent.Kind.RESCUED
        player.out_run_id = None if player.is_in else run.id
        changed.append(player)
    LivePlayer.objects.bulk_update(changed, ["is_in", "out_run"])
    LiveEvent.objects.bulk_create(events)
    run.key_position = key
    run.eliminated_count = len(outcome.eliminated)
    run.rescued_count = len(outcome.rescued)


def correct_key(game_id: int, *, position: int, reason: str, actor=None) -> QuestionRun:
    """The key of the last revealed question was wrong: undo its eliminations and
    rescues, apply the corrected key, record who, when and why. Only while the
    next question has not been opened (answers to it were given in the old state)."""
    if not reason.strip():
        raise LiveError(msg.REASON_REQUIRED)
    with transaction.atomic():
        _locked_game(game_id)
        runs = list(
            QuestionRun.objects.select_for_update()
            .filter(game_id=game_id)
            .select_related("live_question__question")
            .order_by("-number")[:2]
        )
        if runs and runs[0].state == RunState.SHOWN and len(runs) > 1:
            runs = runs[1:]
        if not runs or runs[0].state != RunState.REVEALED:
            raise LiveError(msg.NOTHING_TO_CORRECT)
        run = runs[0]
        choices = run.live_question.question.choices.count()
        if not 0 <= position < choices:
            raise LiveError(msg.BAD_CHOICE)
        if position == run.key_position:
            raise LiveError(msg.SAME_KEY)
        undo = list(
            LiveEvent.objects.filter(
                run=run,
                undone=False,
                kind__in=(LiveEvent.Kind.ELIMINATED, LiveEvent.Kind.RESCUED),
            ).select_related("player")
        )
        players = []
        for event in undo:
            event.player.is_in = bool(event.previous_is_in)
            event.player.out_run_id = event.previous_out_run_id
            event.undone = True
            players.append(event.player)
        LivePlayer.objects.bulk_update(players, ["is_in", "out_run"])
        LiveEvent.objects.bulk_update(undo, ["undone"])
        old = run.key_position
        lq = run.live_question
        lq.correct_position = position
        lq.save(update_fields=["correct_position"])
        _apply_reveal(run, key=position, actor=actor, now=timezone.now())
        run.version += 1
        run.save()
        LiveEvent.objects.create(
            game_id=game_id,
            run=run,
            kind=LiveEvent.Kind.KEY_CORRECTED,
            actor=actor,
            detail=(
                f"{rules.letter(old)} → {rules.letter(position)}: {reason.strip()}"
            )[:255],
        )
        broadcast_on_commit(game_id)
    return run


def call_rescue(game_id: int, *, actor=None) -> QuestionRun:
    """Make the question on the stage (not yet opened) a rescue question."""
    with transaction.atomic():
        _locked_game(game_id)
        run = _locked_current_run(game_id)
        if run.state != RunState.SHOWN:
            raise LiveError(msg.RESCUE_BEFORE_OPEN)
        if not LivePlayer.objects.filter(game_id=game_id, is_in=False).exists():
            raise LiveError(msg.NOBODY_TO_RESCUE)
        run.kind = QuestionKind.RESCUE
        run.version += 1
        run.save(update_fields=["kind", "version", "updated_at"])
        _transition(run, actor, "rescue")
    return run


def set_paused(game_id: int, *, paused: bool, actor=None) -> None:
    with transaction.atomic():
        game = _locked_game(game_id)
        run = QuestionRun.objects.filter(game_id=game_id).order_by("-number").first()
        if paused and run is not None and run.state == RunState.OPEN:
            raise LiveError(msg.NO_PAUSE_WHILE_OPEN)
        game.paused = paused
        game.save(update_fields=["paused", "updated_at"])
        LiveEvent.objects.create(
            game=game,
            kind=LiveEvent.Kind.TRANSITION,
            detail="paused" if paused else "resumed",
            actor=actor,
        )
        broadcast_on_commit(game_id)


def set_player_standing(
    game_id: int, *, number: int, standing: bool, reason: str, actor=None
) -> LivePlayer:
    """Eliminate or reinstate a player by hand, with a reason in the audit."""
    if not reason.strip():
        raise LiveError(msg.REASON_REQUIRED)
    with transaction.atomic():
        _locked_game(game_id)
        player = (
            LivePlayer.objects.select_for_update()
            .filter(game_id=game_id, number=number)
            .first()
        )
        if player is None:
            raise LiveError(msg.UNKNOWN_NUMBER.format(number=number))
        if player.is_in == standing:
            raise LiveError(msg.ALREADY_IN if standing else msg.ALREADY_OUT)
        run = QuestionRun.objects.filter(game_id=game_id).order_by("-number").first()
        LiveEvent.objects.create(
            game_id=game_id,
            run=run,
            player=player,
            kind=LiveEvent.Kind.MANUAL_IN if standing else LiveEvent.Kind.MANUAL_OUT,
            actor=actor,
            detail=reason.strip()[:255],
            previous_is_in=player.is_in,
            previous_out_run_id=player.out_run_id,
        )
        player.is_in = standing
        player.out_run = None if standing else run
        player.save(update_fields=["is_in", "out_run", "updated_at"])
        broadcast_on_commit(game_id)
    return player
