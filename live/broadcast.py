"""Sending state to the sockets through the channel layer. Group names: one per
role per game, and one per player (for a takeover)."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from . import payloads

log = logging.getLogger(__name__)


def group(game_id: int, role: str) -> str:
    return f"live.{game_id}.{role}"


def player_group(game_id: int, player_id: int) -> str:
    return f"live.{game_id}.p{player_id}"


def run_sync(func, *args, **kwargs):
    """Call an async function from sync code. From a thread whose own event loop
    is running (a sync caller nested in async code, e.g. a browser driver's loop
    in tests), async_to_sync refuses: the call goes to a worker thread then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return async_to_sync(func)(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(async_to_sync(func), *args, **kwargs).result()


def _send(name: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        run_sync(layer.group_send, name, message)
    except Exception:  # a lost broadcast is repaired by the clients' next read
        log.warning("live: broadcast to %s failed", name, exc_info=True)


def broadcast_state(game_id: int) -> None:
    """Build each role's payload once from one snapshot and send it to the role's
    group; players get the shared part plus a map each consumer picks its own
    entry from (the map never leaves the server)."""
    snap = payloads.load_snapshot(game_id, lock=False)
    public = payloads.public_payloads(snap)
    payloads.store_public(game_id, public)
    _send(group(game_id, "stage"), {"type": "live.state", "payload": public["stage"]})
    _send(
        group(game_id, "audience"),
        {"type": "live.state", "payload": public["audience"]},
    )
    _send(
        group(game_id, "players"),
        {
            "type": "live.players",
            "payload": public["player"],
            "own": payloads.players_own_map(snap),
        },
    )
    _send(
        group(game_id, "host"),
        {"type": "live.state", "payload": payloads.host_payload(snap)},
    )


def send_takeover(game_id: int, player_id: int, version: int) -> None:
    _send(
        player_group(game_id, player_id), {"type": "live.takeover", "version": version}
    )
