"""Websocket consumers: one per screen. They authenticate from the Django session
(the player's signed-in SBD with its token version, the audience member, the
staff user), join their role's group, send the current state at once (so a
reconnect or a restarted server shows exactly where the game is) and forward
group messages. Players and the audience may answer over the socket; the host's
actions go through ordinary POSTs (CSRF-protected views)."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone

from . import access, payloads, rules, services
from . import messages as msg
from .broadcast import group, player_group
from .models import LiveGame, LivePlayer

CLOSE_TAKEN_OVER = 4001
CLOSE_SIGNED_OUT = 4003

PLAYER_SESSION = "live.player.{game_id}"
AUDIENCE_SESSION = "live.audience.{game_id}"


def db(func):
    # Answers from a hundred phones at once: a thread pool, not Django's single
    # thread-sensitive thread, so one slow query does not queue every other.
    return database_sync_to_async(func, thread_sensitive=False)


class LiveConsumer(AsyncJsonWebsocketConsumer):
    role = ""

    async def connect(self):
        self.game_id = int(self.scope["url_route"]["kwargs"]["game_id"])
        self.joined: list[str] = []
        refusal = await self.authorise()
        await self.accept()
        if refusal:
            code, text = refusal
            await self.send_json({"type": "signed_out", "message": text})
            await self.close(code=code)
            return
        for name in self.groups_to_join():
            await self.channel_layer.group_add(name, self.channel_name)
            self.joined.append(name)
        await self.send_json({"type": "state", **await db(self.current_state)()})

    async def disconnect(self, code):
        for name in getattr(self, "joined", []):
            await self.channel_layer.group_discard(name, self.channel_name)

    async def authorise(self) -> tuple[int, str] | None:
        raise NotImplementedError

    def _session_value(self, template: str):
        # Reading the session may hit the database or cache: a sync thread.
        session = self.scope.get("session")
        return session.get(template.format(game_id=self.game_id)) if session else None

    def groups_to_join(self) -> list[str]:
        return [group(self.game_id, self.role)]

    def current_state(self) -> dict:
        raise NotImplementedError

    async def receive_json(self, content, **kwargs):
        if not isinstance(content, dict):
            return
        action = content.get("action")
        if action == "sync":
            # A screen whose countdown reached zero asks: the read locks the
            # question if due (and that broadcasts to everyone).
            await self.send_json({"type": "state", **await db(self.current_state)()})
        elif action == "answer":
            await self.answer(content)

    async def answer(self, content) -> None:
        """Parse, submit through the role's service (``submit``), acknowledge, then
        let the role react (``answered``). Screens without a service cannot answer."""
        if self.submit is None:
            await self.send_json({"type": "error", "message": msg.UNKNOWN_ACTION})
            return
        received_at = timezone.now()
        parsed = _parse_answer(content)
        if parsed is None:
            await self.send_json({"type": "error", "message": msg.BAD_REQUEST})
            return
        run_id, choice = parsed
        try:
            ack = await db(self.submit)(
                run_id=run_id, position=choice, received_at=received_at
            )
        except services.LiveError as error:
            await self.send_json(
                {
                    "type": "error",
                    "run": run_id,
                    "message": str(error),
                    "req": content.get("req"),
                }
            )
            return
        await self.send_json(
            {
                "type": "ack",
                "run": ack.run_id,
                "choice": rules.letter(ack.position),
                "req": content.get("req"),
            }
        )
        await self.answered(ack)

    # The role's answer service, called with run_id, position and received_at.
    submit = None

    async def answered(self, ack: services.Ack) -> None:
        """What the role does once an answer is acknowledged."""

    async def live_state(self, event):
        await self.send_json({"type": "state", **event["payload"]})

    async def live_count(self, event):
        await self.send_json(
            {
                "type": "count",
                "run": event["run"],
                "answered": event["answered"],
                "number": event.get("number"),
            }
        )


def _parse_answer(content) -> tuple[int, int] | None:
    try:
        return int(content["run"]), int(content["choice"])
    except (KeyError, TypeError, ValueError, OverflowError):
        return None


class PlayerConsumer(LiveConsumer):
    role = "players"

    async def authorise(self):
        entry = await db(self._session_value)(PLAYER_SESSION)
        if not isinstance(entry, dict):
            return CLOSE_SIGNED_OUT, msg.SIGN_IN_AGAIN
        self.player_id, self.version = entry.get("id"), entry.get("v")
        row = await db(self._player_row)()
        if row is None:
            return CLOSE_SIGNED_OUT, msg.SIGN_IN_AGAIN
        current, *identity = row
        self.identity = tuple(identity)
        if current != self.version:
            return CLOSE_TAKEN_OVER, msg.TAKEN_OVER
        return None

    def _player_row(self) -> tuple | None:
        return (
            LivePlayer.objects.filter(pk=self.player_id, game_id=self.game_id)
            .values_list("token_version", "number", "full_name")
            .first()
        )

    def groups_to_join(self):
        return [
            group(self.game_id, "players"),
            player_group(self.game_id, self.player_id),
        ]

    def current_state(self) -> dict:
        snap = payloads.load_snapshot(self.game_id)
        return payloads.player_payload(snap, LivePlayer.objects.get(pk=self.player_id))

    def submit(self, **kwargs) -> services.Ack:
        return services.submit_answer(player_id=self.player_id, **kwargs)

    async def answered(self, ack: services.Ack) -> None:
        if ack.new:
            await notify_answer(self.channel_layer, self.game_id, ack)

    async def live_players(self, event):
        entry = event["own"].get(str(self.player_id))
        if entry is None:
            return
        is_in, answer = entry
        payload = event["payload"]
        me = payloads.player_own(
            number=self.identity[0],
            full_name=self.identity[1],
            is_in=is_in,
            answer=answer,
            run=payload["run"],
        )
        await self.send_json({"type": "state", **payload, "me": me})

    async def live_takeover(self, event):
        if event["version"] != self.version:
            await self.send_json({"type": "taken_over", "message": msg.TAKEN_OVER})
            await self.close(code=CLOSE_TAKEN_OVER)


async def notify_answer(layer, game_id: int, ack: services.Ack) -> None:
    """The host's and the stage's counters move with each new answer (light
    messages, no payload rebuilt)."""
    message = {"type": "live.count", "run": ack.run_id, "answered": ack.answered}
    await layer.group_send(group(game_id, "host"), {**message, "number": ack.number})
    await layer.group_send(group(game_id, "stage"), message)


class AudienceConsumer(LiveConsumer):
    role = "audience"

    async def authorise(self):
        self.member_id = await db(self._session_value)(AUDIENCE_SESSION)
        self.answers: dict[int, str] = {}
        if not isinstance(self.member_id, int):
            return CLOSE_SIGNED_OUT, msg.NOT_AUDIENCE
        return None

    def current_state(self) -> dict:
        snap = payloads.load_snapshot(self.game_id)
        own = payloads.audience_own_answer(
            snap.run.id if snap.run else None, self.member_id
        )
        return payloads.audience_payload(snap, own_answer=own)

    def submit(self, **kwargs) -> services.Ack:
        return services.submit_audience_answer(member_id=self.member_id, **kwargs)

    async def answered(self, ack: services.Ack) -> None:
        self.answers[ack.run_id] = rules.letter(ack.position)

    async def live_count(self, event):
        return

    async def live_state(self, event):
        # The broadcast is the same for the whole audience; this member's own
        # answer is remembered from the acknowledgement (and read from the
        # database at (re)connection).
        payload = event["payload"]
        run = payload.get("run")
        answer = self.answers.get(run["id"]) if run else None
        await self.send_json({"type": "state", **payload, "me": {"answer": answer}})


class _StaffConsumer(LiveConsumer):
    check = staticmethod(access.can_show_stage)

    async def authorise(self):
        allowed = await db(self._allowed)()
        return None if allowed else (CLOSE_SIGNED_OUT, msg.NOT_ALLOWED)

    def _allowed(self) -> bool:
        game = LiveGame.objects.filter(pk=self.game_id).first()
        return game is not None and self.check(self.scope.get("user"), game)


class StageConsumer(_StaffConsumer):
    role = "stage"

    def current_state(self) -> dict:
        return payloads.stage_payload(payloads.load_snapshot(self.game_id))


class HostConsumer(_StaffConsumer):
    role = "host"
    check = staticmethod(access.can_host)

    def current_state(self) -> dict:
        return payloads.host_payload(payloads.load_snapshot(self.game_id))
