"""The one family of refusals a service raises.

A service says *what kind* of refusal it is by the class it raises; the view
layer alone turns the kind into an HTTP status (``core.http.status_for``). The
message is Vietnamese and safe to show to the person who asked.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refused request; ``message`` is the Vietnamese reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Invalid(DomainError):
    """The input itself is wrong (a choice out of range, a bad file)."""


class NotAllowed(DomainError):
    """This person may not do this to this thing."""


class NotFound(DomainError):
    """The thing does not exist, or exists only for someone else."""


class Conflict(DomainError):
    """The input is fine but the state forbids it now (closed, too late, busy)."""


class TooMany(DomainError):
    """Too many requests in a short time; ``retry_after`` seconds to wait."""

    def __init__(self, message: str, *, retry_after: int = 1):
        super().__init__(message)
        self.retry_after = retry_after
