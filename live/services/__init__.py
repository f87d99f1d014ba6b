"""Writes and workflows of the live game (Rung chuông vàng).

The state lives in the rows: a restarted server or browser reads it back as it
was. After each committed change the new state is broadcast (live.broadcast); a
lost broadcast loses nothing, because every client re-reads the state when it
(re)connects or polls.
"""

from .answers import Ack, submit_answer, submit_audience_answer
from .errors import LiveError, NotAllowed, RosterError, TooEarly
from .game import (
    call_rescue,
    correct_key,
    current_run,
    lock_if_due,
    lock_now,
    next_question,
    open_question,
    reveal,
    set_paused,
    set_player_standing,
)
from .players import (
    join_audience,
    login_player,
    register_player,
    register_roster,
    reset_pins,
)
from .questions import add_questions, move_question
from .results import finish_game

__all__ = [
    "Ack",
    "LiveError",
    "NotAllowed",
    "RosterError",
    "TooEarly",
    "add_questions",
    "call_rescue",
    "correct_key",
    "current_run",
    "finish_game",
    "join_audience",
    "lock_if_due",
    "lock_now",
    "login_player",
    "move_question",
    "next_question",
    "open_question",
    "register_player",
    "register_roster",
    "reset_pins",
    "reveal",
    "set_paused",
    "set_player_standing",
    "submit_answer",
    "submit_audience_answer",
]
