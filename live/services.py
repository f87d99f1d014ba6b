"""Writes and workflows of the live game. Every host action is one transaction that
locks the run (or game) row and checks the state first, so a double click, two
host tablets or a retried request change nothing twice. The state lives in the
rows: a restarted server or browser reads it back as it was.

After each committed change the new state is broadcast (live.broadcast) on
commit; a failed broadcast loses nothing, because every client re-reads the state
when it (re)connects or polls.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Upper
from django.utils import timezone

from awards.models import Award
from quizzes.models import Choice, Question

from . import messages as msg
from . import pins, rules
from .models import (
    AudienceAnswer,
    AudienceMember,
    LiveAnswer,
    LiveEvent,
    LiveGame,
    LivePlayer,
    LiveQuestion,
    QuestionKind,
    QuestionRun,
    RunState,
)

log = logging.getLogger(__name__)


class LiveError(Exception):
    """A refused action; the message is Vietnamese and safe to show."""


class NotAllowed(LiveError):
    pass


class TooEarly(LiveError):
    def __init__(self, message: str, wait_ms: int):
        super().__init__(message)
        self.wait_ms = wait_ms


# ------------------------------------------------------------------ setup


def register_player(
    game: LiveGame,
    *,
    number: int,
    full_name: str,
    unit=None,
    user=None,
    pin: str | None = None,
) -> tuple[LivePlayer, str]:
    """Register one player with a candidate number; returns the player and the
    PIN to print (the only time it exists in clear)."""
    if unit is None and user is None:
        raise LiveError(msg.PLAYER_NEEDS_UNIT.format(number=number))
    if LivePlayer.objects.filter(game=game, number=number).exists():
        raise LiveError(msg.DUPLICATE_NUMBER.format(number=number))
    pin = pin or pins.new_pin()
    player = LivePlayer.objects.create(
        game=game,
        number=number,
        full_name=full_name.strip(),
        unit=unit,
        user=user,
        pin_hash=pins.pin_hash(game.id, number, pin),
    )
    return player, pin


def reset_pins(game: LiveGame) -> list[tuple[LivePlayer, str]]:
    """New PINs for every player (the list to print); old PINs stop working and
    every device signed in is signed out."""
    printed = []
    with transaction.atomic():
        players = list(LivePlayer.objects.select_for_update().filter(game=game))
        for player in players:
            pin = pins.new_pin()
            player.pin_hash = pins.pin_hash(game.id, player.number, pin)
            player.token_version += 1
            printed.append((player, pin))
        LivePlayer.objects.bulk_update(players, ["pin_hash", "token_version"])
    return printed


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
    _broadcast_on_commit(lq.game_id)


# ------------------------------------------------------------------ people


def login_player(game: LiveGame, *, number: int, pin: str) -> LivePlayer:
    """Check SBD + PIN; bump the token version so any other device holding this
    player is taken over (told and disconnected). Returns the player."""
    if game.status == LiveGame.Status.FINISHED:
        raise LiveError(msg.GAME_FINISHED)
    with transaction.atomic():
        player = (
            LivePlayer.objects.select_for_update()
            .filter(game=game, number=number)
            .first()
        )
        if player is None or not pins.pin_matches(
            player.pin_hash, game.id, number, pin
        ):
            raise LiveError(msg.BAD_LOGIN)
        player.token_version += 1
        player.save(update_fields=["token_version", "updated_at"])
        if player.token_version > 1:
            LiveEvent.objects.create(
                game=game, player=player, kind=LiveEvent.Kind.TAKEOVER
            )
    transaction.on_commit(
        lambda: _send_takeover(game.id, player.id, player.token_version)
    )
    return player


def join_audience(game: LiveGame) -> AudienceMember:
    if game.status == LiveGame.Status.FINISHED:
        raise LiveError(msg.GAME_FINISHED)
    return AudienceMember.objects.create(game=game)


# ------------------------------------------------------------------ state


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
    LiveEvent.objects.create(
        game_id=run.game_id,
        run=run,
        kind=LiveEvent.Kind.TRANSITION,
        detail=f"locked ({detail})",
        actor=actor,
    )
    _broadcast_on_commit(run.game_id)


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
    _broadcast_on_commit(run.game_id)


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
        transaction.on_commit(lambda: _schedule_lock(run_game, deadline))
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
        _broadcast_on_commit(game_id)
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
        _broadcast_on_commit(game_id)


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
        _broadcast_on_commit(game_id)
    return player


# ------------------------------------------------------------------ answers


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
    run = QuestionRun.objects.select_related("game").filter(pk=run_id).first()
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
        run = QuestionRun.objects.select_related("game").filter(pk=run_id).first()
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


# ------------------------------------------------------------------ results


def finish_game(game_id: int, *, actor=None) -> list[Award]:
    """End the game: rank every player (live.rules.final_order, keys stored on the
    player row), allocate the game's prize tiers and write them as the contest's
    awards (part FINAL, source_id = player). Re-running rewrites the same rows."""
    with transaction.atomic():
        game = LiveGame.objects.select_for_update().get(pk=game_id)
        run = QuestionRun.objects.filter(game_id=game_id).order_by("-number").first()
        if run is not None and run.state != RunState.REVEALED:
            raise LiveError(msg.REVEAL_FIRST)
        players = list(LivePlayer.objects.filter(game=game).select_related("out_run"))
        stats = _answer_stats(game_id)
        for player in players:
            player.correct_count, player.total_ms = stats.get(player.id, (0, 0))
        order = rules.final_order(
            rules.Standing(
                player_id=p.id,
                number=p.number,
                is_in=p.is_in,
                out_run_number=p.out_run.number if p.out_run else None,
                correct=p.correct_count,
                total_ms=p.total_ms,
            )
            for p in players
        )
        by_id = {p.id: p for p in players}
        for rank, row in enumerate(order, 1):
            by_id[row.player_id].final_rank = rank
        LivePlayer.objects.bulk_update(
            players, ["final_rank", "correct_count", "total_ms"]
        )
        tiers = [
            rules.Tier(t.tier_index, t.name, t.count, t.amount_vnd)
            for t in game.prize_tiers.all()
        ]
        prizes = rules.allocate(order, tiers)
        Award.objects.filter(
            contest_id=game.contest_id,
            part=Award.Part.FINAL,
            source_id__in=list(by_id),
        ).delete()
        awards = Award.objects.bulk_create(
            Award(
                contest_id=game.contest_id,
                part=Award.Part.FINAL,
                group=game.title[:50],
                tier_name=prize.tier.name,
                tier_index=prize.tier.index,
                rank=prize.rank,
                winner_user=by_id[prize.player_id].user,
                winner_unit=None
                if by_id[prize.player_id].user_id
                else by_id[prize.player_id].unit,
                unit=by_id[prize.player_id].unit,
                amount_vnd=prize.tier.amount_vnd,
                source_id=prize.player_id,
            )
            for prize in prizes
        )
        game.status = LiveGame.Status.FINISHED
        game.finished_at = game.finished_at or timezone.now()
        game.save(update_fields=["status", "finished_at", "updated_at"])
        LiveEvent.objects.create(
            game=game, kind=LiveEvent.Kind.TRANSITION, detail="finished", actor=actor
        )
        _broadcast_on_commit(game_id)
    return awards


def _answer_stats(game_id: int) -> dict[int, tuple[int, int]]:
    """Per player: correct answers to player questions, and total answering ms."""
    from django.db.models import F

    rows = (
        LiveAnswer.objects.filter(run__game_id=game_id, run__key_position__isnull=False)
        .exclude(run__kind=QuestionKind.AUDIENCE)
        .values("player_id")
        .annotate(
            correct=Count("id", filter=Q(position=F("run__key_position"))),
            total=Sum("elapsed_ms"),
        )
    )
    return {r["player_id"]: (r["correct"], r["total"] or 0) for r in rows}


# ------------------------------------------------------------------ plumbing


def _broadcast_on_commit(game_id: int) -> None:
    from .broadcast import broadcast_state

    transaction.on_commit(lambda: broadcast_state(game_id))


def _send_takeover(game_id: int, player_id: int, version: int) -> None:
    from .broadcast import send_takeover

    send_takeover(game_id, player_id, version)


def _schedule_lock(game_id: int, deadline: datetime.datetime) -> None:
    from .tasks import lock_if_due as task

    try:
        task.apply_async((game_id,), eta=deadline)
    except Exception:  # the broker is down: reads and answers lock lazily
        log.warning(
            "live: could not schedule the lock of game %s", game_id, exc_info=True
        )


def register_roster(game: LiveGame, text: str) -> list[tuple[LivePlayer, str]]:
    """Register the pasted roster (live.roster) all or nothing: every error found,
    each naming its line, in one RosterError; else the players with their PINs.
    Organizers, judges, helpers and the secretariat of the contest may not play."""
    from accounts.models import Unit, User
    from accounts.phones import parse_vn_mobile
    from contests.models import ContestStaff

    from .roster import parse_roster

    rows, errors = parse_roster(text)
    if not rows and not errors:
        raise RosterError([msg.ROSTER_EMPTY])
    codes = {r.unit_code.upper() for r in rows if r.unit_code}
    units = {
        u.code.upper(): u
        for u in Unit.objects.annotate(code_upper=Upper("code")).filter(
            code_upper__in=codes
        )
    }
    taken = set(
        LivePlayer.objects.filter(
            game=game, number__in=[r.number for r in rows]
        ).values_list("number", flat=True)
    )
    staff = set(
        ContestStaff.objects.filter(contest_id=game.contest_id).values_list(
            "user_id", flat=True
        )
    )
    resolved = []
    for row in rows:
        unit = units.get(row.unit_code.upper()) if row.unit_code else None
        if row.unit_code and unit is None:
            errors.append(f"Dòng {row.line}: không có đơn vị mã «{row.unit_code}».")
            continue
        user = None
        if row.account:
            if "@" in row.account:
                user = User.objects.filter(email__iexact=row.account).first()
            else:
                try:
                    user = User.objects.filter(
                        phone=parse_vn_mobile(row.account)
                    ).first()
                except ValidationError:
                    user = None
            if user is None:
                errors.append(f"Dòng {row.line}: không có tài khoản «{row.account}».")
                continue
            if user.id in staff:
                errors.append(
                    f"Dòng {row.line}: «{row.account}» thuộc Ban Tổ chức, Ban Giám "
                    "khảo, Tổ thư ký hoặc Tổ giúp việc của cuộc thi, không được dự thi."
                )
                continue
        if row.number in taken:
            errors.append(
                f"Dòng {row.line}: số báo danh {row.number} đã có trong trận thi."
            )
            continue
        resolved.append((row, unit or (user.unit if user else None), user))
    if errors:
        raise RosterError(errors)
    printed = []
    with transaction.atomic():
        for row, unit, user in resolved:
            printed.append(
                register_player(
                    game,
                    number=row.number,
                    full_name=row.full_name,
                    unit=unit,
                    user=user,
                )
            )
    return printed


class RosterError(LiveError):
    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors
