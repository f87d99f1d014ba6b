"""Which certificate certifies which award: pure, no Django.

Award rows are deleted and re-created whenever a round is closed again or
regraded, or the contest's, the video part's or the live final's results are
computed again, so an award's id means nothing a day later. A certificate is
matched to an award by what the award *says*: the contest (the caller's scope),
the part, the round, the group, the tier and the winner. Two awards saying the
same thing are the same prize; a certificate whose prize no award says any more
is revoked; one whose prize is said again is reinstated (same code, same paper).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    """What a certificate certifies, within one contest."""

    part: str
    round_id: int | None
    group: str
    tier_index: int
    tier_name: str
    winner_user_id: int | None
    winner_unit_id: int | None
    # A live final's player without an account (a name and a unit on the roster):
    # the player row, which a re-finish keeps.
    player_id: int | None = None

    @property
    def key(self) -> str:
        """One string for the unique (contest, key) constraint and lookups. A
        winner is a person (an account, or a live final's player) or, for unit
        prizes, a unit: never both kinds mixed."""
        if self.winner_user_id is not None:
            winner = f"u{self.winner_user_id}"
        elif self.player_id is not None:
            winner = f"p{self.player_id}"
        else:
            winner = f"d{self.winner_unit_id}"
        round_ = "" if self.round_id is None else str(self.round_id)
        return "|".join(
            (
                self.part,
                round_,
                self.group,
                str(self.tier_index),
                self.tier_name,
                winner,
            )
        )


@dataclass(frozen=True)
class Plan:
    """What a re-match changes: keys to issue a new certificate for, keys whose
    valid certificate is revoked, keys whose revoked certificate is reinstated."""

    issue: tuple[str, ...]
    revoke: tuple[str, ...]
    reinstate: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.issue or self.revoke or self.reinstate)


def plan(awarded: Iterable[str], valid: Iterable[str], revoked: Iterable[str]) -> Plan:
    """Compare the keys the current awards say with the certificates' keys.
    Sorted output: the same inputs always give the same plan."""
    awarded, valid, revoked = set(awarded), set(valid), set(revoked)
    return Plan(
        issue=tuple(sorted(awarded - valid - revoked)),
        revoke=tuple(sorted(valid - awarded)),
        reinstate=tuple(sorted(awarded & revoked)),
    )
