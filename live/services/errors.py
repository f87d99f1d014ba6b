"""The live game's refusals, in the one family of domain errors (core.errors):
views and consumers show their Vietnamese message; the kind picks the status
(core.http.status_for)."""

from core import errors as kinds


class LiveError(kinds.DomainError):
    """A refused action; the message is Vietnamese and safe to show."""


class NotAllowed(LiveError, kinds.NotAllowed):
    """Not a player (or audience member) of this game."""


class TooEarly(LiveError, kinds.Conflict):
    """Too soon after the last step; ``wait_ms`` until it is allowed."""

    def __init__(self, message: str, wait_ms: int):
        super().__init__(message)
        self.wait_ms = wait_ms


class RosterError(LiveError, kinds.Invalid):
    """A pasted roster refused as a whole; ``errors`` names each bad line."""

    def __init__(self, errors: list[str]):
        super().__init__(" ".join(errors))
        self.errors = errors
