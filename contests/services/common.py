"""The contest services' refusals (kinds of core.errors' one family) and helpers.

Each refusal is a DomainError of the right kind, so views answer with
``core.http.status_for``; callers that only care that an answer (or a start, or a
change to a round) was refused catch the family name: AnswerRefused,
AttemptRefused, RoundRefused."""

from __future__ import annotations

from core.errors import Conflict, DomainError, Invalid, NotFound


class AttemptRefused(Conflict):
    """Starting was refused (who the person is, the round's window, the attempt
    limit, a bank not ready); ``message`` is the Vietnamese reason."""


class RoundRefused(Conflict):
    """A change to a round was refused; ``message`` is the Vietnamese reason."""


class AnswerRefused(DomainError):
    """An answer or a submit was refused; nothing changed. Raised as one of the
    kinds below."""


class AnswerInvalid(AnswerRefused, Invalid):
    """The answer itself is wrong: a choice out of range, no confirmation, a bad
    prediction, a position the attempt does not have."""


class AnswerNotFound(AnswerRefused, NotFound):
    """No such attempt for this person."""


class AnswerConflict(AnswerRefused, Conflict):
    """The attempt is over (submitted, or past its deadline)."""
