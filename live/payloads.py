"""What each screen receives. One snapshot is read from the database; separate
functions build the stage, audience, player and host payloads from it. Before a
run is revealed the key is in none of them; a player's payload carries only that
player's own data; no payload ever carries a PIN.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from . import rules
from .models import (
    AudienceAnswer,
    LiveAnswer,
    LiveGame,
    LivePlayer,
    QuestionRun,
    RunState,
)


@dataclass
class Snapshot:
    game: LiveGame
    run: QuestionRun | None
    choices: list[str] = field(default_factory=list)
    standing: int = 0
    out: int = 0
    answered: int = 0
    distribution: list[int] = field(default_factory=list)
    audience_distribution: list[int] = field(default_factory=list)


def load_snapshot(game_id: int, *, lock: bool = True) -> Snapshot:
    """The game's state as the database holds it (locking a question past its
    deadline on the way, so a read never shows an expired question as open)."""
    from . import services

    if lock:
        services.lock_if_due(game_id)
    game = LiveGame.objects.get(pk=game_id)
    run = services.current_run(game_id)
    counts = LivePlayer.objects.filter(game_id=game_id).aggregate(
        standing=Count("id", filter=Q(is_in=True)),
        out=Count("id", filter=Q(is_in=False)),
    )
    snap = Snapshot(game=game, run=run, standing=counts["standing"], out=counts["out"])
    if run is not None:
        snap.choices = list(
            run.live_question.question.choices.order_by("position").values_list(
                "text", flat=True
            )
        )
        snap.answered = LiveAnswer.objects.filter(run=run).count()
        if run.state == RunState.REVEALED:
            snap.distribution = _distribution(
                LiveAnswer.objects.filter(run=run), len(snap.choices)
            )
            snap.audience_distribution = _distribution(
                run.audience_answers.all(), len(snap.choices)
            )
    return snap


def _distribution(qs, size: int) -> list[int]:
    counts = Counter(dict(qs.values_list("position").annotate(n=Count("id"))))
    return [counts.get(i, 0) for i in range(size)]


def _ms(value: datetime.datetime | None) -> int | None:
    return int(value.timestamp() * 1000) if value else None


def _run_part(snap: Snapshot, *, show_question: bool) -> dict | None:
    run = snap.run
    if run is None:
        return None
    revealed = run.state == RunState.REVEALED
    data = {
        "id": run.id,
        "number": run.number,
        "kind": run.kind,
        "kind_label": str(run.get_kind_display()),
        "state": run.state,
        "version": run.version,
        "deadline": _ms(run.deadline),
        "grace_ms": snap.game.grace_ms,
        "answered": snap.answered,
        "text": run.live_question.question.text if show_question else None,
        "choices": snap.choices if show_question else [],
        # The key exists in a payload only once revealed.
        "key": rules.letter(run.key_position) if revealed else None,
    }
    if revealed:
        data.update(
            eliminated=run.eliminated_count,
            rescued=run.rescued_count,
            distribution=snap.distribution,
            audience_distribution=snap.audience_distribution,
        )
    return data


def _game_part(snap: Snapshot) -> dict:
    return {
        "id": snap.game.id,
        "title": snap.game.title,
        "status": snap.game.status,
        "paused": snap.game.paused,
        "standing": snap.standing,
        "out": snap.out,
        "server_now": int(time.time() * 1000),
    }


def stage_payload(snap: Snapshot) -> dict:
    """The projector: the question from the moment it is shown."""
    return {
        "role": "stage",
        "game": _game_part(snap),
        "run": _run_part(snap, show_question=True),
    }


def audience_payload(snap: Snapshot, *, own_answer: int | None = None) -> dict:
    """Audience phones: the question once open, their own answer."""
    show = snap.run is not None and snap.run.state != RunState.SHOWN
    return {
        "role": "audience",
        "game": _game_part(snap),
        "run": _run_part(snap, show_question=show),
        "me": {"answer": rules.letter(own_answer)},
    }


def player_public_payload(snap: Snapshot) -> dict:
    """What every player's phone shows alike: the question once open (the stage
    reads it first), the countdown, the count still standing."""
    show = snap.run is not None and snap.run.state != RunState.SHOWN
    return {
        "role": "player",
        "game": _game_part(snap),
        "run": _run_part(snap, show_question=show),
    }


def player_own(
    *,
    number: int,
    full_name: str,
    is_in: bool,
    answer: int | None,
    run: dict | None,
) -> dict:
    """One player's own part, from their own row and the public run part: never
    built from, or sent with, anyone else's."""
    revealed = run is not None and run["state"] == RunState.REVEALED
    letter = rules.letter(answer)
    may_answer = (
        run is not None
        and run["state"] == RunState.OPEN
        and answer is None
        and rules.who_may_answer(run["kind"], standing=is_in)
    )
    return {
        "number": number,
        "name": full_name,
        "is_in": is_in,
        "answer": letter,
        "correct": (letter == run["key"]) if revealed and letter else None,
        "may_answer": bool(may_answer),
    }


def players_own_map(snap: Snapshot) -> dict[str, list]:
    """Every player's standing and answer, compact and keyed by player id, for the
    channel layer: each consumer builds its own part from its entry alone."""
    answers = (
        dict(
            LiveAnswer.objects.filter(run=snap.run).values_list("player_id", "position")
        )
        if snap.run
        else {}
    )
    return {
        str(pid): [is_in, answers.get(pid)]
        for pid, is_in in LivePlayer.objects.filter(game_id=snap.game.id).values_list(
            "id", "is_in"
        )
    }


def player_payload(snap: Snapshot, player: LivePlayer) -> dict:
    return with_player_own(player_public_payload(snap), player)


def with_player_own(data: dict, player: LivePlayer) -> dict:
    """A shared player payload (built now or cached) with ``player``'s own part."""
    run = data["run"]
    answer = (
        LiveAnswer.objects.filter(run_id=run["id"], player=player)
        .values_list("position", flat=True)
        .first()
        if run
        else None
    )
    data["me"] = player_own(
        number=player.number,
        full_name=player.full_name,
        is_in=player.is_in,
        answer=answer,
        run=run,
    )
    return data


def audience_own_answer(run_id: int | None, member_id: int) -> int | None:
    """The audience member's answer to the run, if any."""
    if run_id is None:
        return None
    return (
        AudienceAnswer.objects.filter(run_id=run_id, member_id=member_id)
        .values_list("position", flat=True)
        .first()
    )


def host_payload(snap: Snapshot) -> dict:
    """The host's tablet: the stage's view plus who is in and who answered. No key
    before the reveal here either (the host reads it from the script)."""
    answered = (
        set(LiveAnswer.objects.filter(run=snap.run).values_list("player_id", flat=True))
        if snap.run
        else set()
    )
    players = [
        {
            "number": number,
            "name": name,
            "unit": unit or "",
            "is_in": is_in,
            "answered": pid in answered,
            "out_at": out_at,
        }
        for pid, number, name, unit, is_in, out_at in LivePlayer.objects.filter(
            game_id=snap.game.id
        )
        .order_by("number")
        .values_list(
            "id", "number", "full_name", "unit__name", "is_in", "out_run__number"
        )
    ]
    pending = (
        snap.game.questions.filter(runs__isnull=True)
        .order_by("order", "id")
        .values_list("id", "question__text", "kind")
    )
    run = snap.run
    return {
        "role": "host",
        "game": _game_part(snap),
        "run": _run_part(snap, show_question=True),
        "players": players,
        "pending": [{"id": i, "text": t[:120], "kind": k} for i, t, k in pending[:50]],
        "rescue_suggested": bool(
            snap.out
            and snap.standing < snap.game.rescue_below
            and (run is None or run.state in (RunState.SHOWN, RunState.REVEALED))
        ),
        "now": int(timezone.now().timestamp() * 1000),
    }


# The polling fallback's shared payloads: rebuilt at most once a second per game
# and written fresh by every broadcast, so a transition shows at the next poll.
POLL_CACHE_SECONDS = 1


def _cache_key(game_id: int) -> str:
    return f"live:{game_id}:public"


def public_payloads(snap: Snapshot) -> dict[str, dict]:
    return {
        "stage": stage_payload(snap),
        "audience": audience_payload(snap),
        "player": player_public_payload(snap),
    }


def store_public(game_id: int, payloads_by_role: dict[str, dict]) -> None:
    cache.set(_cache_key(game_id), payloads_by_role, POLL_CACHE_SECONDS)


def cached_public(game_id: int, role: str) -> dict:
    """One role's shared payload for a poll, from the cache when fresh; the
    server clock is always now (the countdown's offset)."""
    data = cache.get(_cache_key(game_id))
    if data is None:
        data = public_payloads(load_snapshot(game_id))
        store_public(game_id, data)
    payload = dict(data[role])
    payload["game"] = {**payload["game"], "server_now": int(time.time() * 1000)}
    return payload


def polled_player_payload(game_id: int, player: LivePlayer) -> dict:
    return with_player_own(cached_public(game_id, "player"), player)


def polled_audience_payload(game_id: int, member_id: int) -> dict:
    data = cached_public(game_id, "audience")
    run = data["run"]
    answer = audience_own_answer(run["id"] if run else None, member_id)
    data["me"] = {"answer": rules.letter(answer)}
    return data
