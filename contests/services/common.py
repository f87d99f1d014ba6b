"""Exceptions and helpers shared by the contest services."""

from __future__ import annotations


class AttemptRefused(Exception):
    """Starting was refused; ``message`` is the Vietnamese reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class RoundRefused(Exception):
    """A change to a round was refused; ``message`` is the Vietnamese reason."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AnswerRefused(Exception):
    """An answer or a submit was refused: ``message`` (Vietnamese) and the HTTP
    ``status`` a view should answer with (400 bad input, 404 not yours, 409 state)."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status
