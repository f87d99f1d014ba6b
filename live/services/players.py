"""Registering players (one, a pasted roster), PINs, signing in, the audience."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Upper

from accounts.models import Unit, User
from accounts.phones import parse_vn_mobile
from contests.models import ContestExclusion, ContestStaff

from .. import messages as msg
from .. import pins
from ..models import (
    AudienceMember,
    LiveEvent,
    LiveGame,
    LivePlayer,
)
from ..roster import parse_roster
from .effects import send_takeover
from .errors import LiveError, RosterError


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


def register_roster(game: LiveGame, text: str) -> list[tuple[LivePlayer, str]]:
    """Register the pasted roster (live.roster) all or nothing: every error found,
    each naming its line, in one RosterError; else the players with their PINs.
    Organizers, judges, helpers and the secretariat of the contest may not play."""
    rows, errors = parse_roster(text)
    if not rows and not errors:
        raise RosterError([msg.ROSTER_EMPTY])
    known = _RosterLookups.load(game, rows)
    resolved = []
    for row in rows:
        outcome = known.resolve(row)
        if isinstance(outcome, str):
            errors.append(outcome)
        else:
            resolved.append(outcome)
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


@dataclass(frozen=True)
class _RosterLookups:
    """What a roster is checked against, read once: its units by code, the
    numbers already taken, the contest's staff and excluded people."""

    units: dict[str, Unit]
    taken: set[int]
    staff: set[int]
    excluded: set[int]

    @classmethod
    def load(cls, game: LiveGame, rows) -> _RosterLookups:
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
        excluded = set(
            ContestExclusion.objects.filter(contest_id=game.contest_id).values_list(
                "user_id", flat=True
            )
        )
        return cls(units=units, taken=taken, staff=staff, excluded=excluded)

    def resolve(self, row):
        """(row, unit, user) for a row that may be registered, else its error."""
        unit = self.units.get(row.unit_code.upper()) if row.unit_code else None
        if row.unit_code and unit is None:
            return f"Dòng {row.line}: không có đơn vị mã «{row.unit_code}»."
        user = None
        if row.account:
            user = _account(row.account)
            if user is None:
                return f"Dòng {row.line}: không có tài khoản «{row.account}»."
            if user.id in self.staff:
                return (
                    f"Dòng {row.line}: «{row.account}» thuộc Ban Tổ chức, Ban Giám "
                    "khảo, Tổ thư ký hoặc Tổ giúp việc của cuộc thi, không được dự thi."
                )
            if user.id in self.excluded:
                return (
                    f"Dòng {row.line}: «{row.account}» bị Ban Tổ chức loại khỏi cuộc "
                    "thi, không được dự thi."
                )
        if row.number in self.taken:
            return f"Dòng {row.line}: số báo danh {row.number} đã có trong trận thi."
        return row, unit or (user.unit if user else None), user


def _account(account: str) -> User | None:
    """The account a roster line names by e-mail or mobile number."""
    if "@" in account:
        return User.objects.filter(email__iexact=account).first()
    try:
        return User.objects.filter(phone=parse_vn_mobile(account)).first()
    except ValidationError:
        return None


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
        lambda: send_takeover(game.id, player.id, player.token_version)
    )
    return player


def join_audience(game: LiveGame) -> AudienceMember:
    if game.status == LiveGame.Status.FINISHED:
        raise LiveError(msg.GAME_FINISHED)
    return AudienceMember.objects.create(game=game)
