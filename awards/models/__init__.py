"""Results and awards (a package: one module per concern).

Award: every prize (round, contest, collective, special, video) is one row.
RoundClosing / ContestClosing: the claim row a closing job locks, and the record of
how it ran (when, how long, what it counted) and of publication.
RoundResult / ContestResult / UnitResult: the rankings, one row per ranked person or
unit, with every key the order used, so "why am I 4th?" is answered from data.
RegradeRun: the audit of a re-score. ExportJob: an Excel export run by a worker.
"""

from .awards import Award
from .closings import (
    ClosableRound,
    ClosingStatus,
    ContestClosing,
    RoundClosing,
    Trigger,
)
from .results import ContestResult, RoundResult, UnitResult
from .runs import ExportJob, RegradeRun

__all__ = [
    "Award",
    "ClosableRound",
    "ClosingStatus",
    "ContestClosing",
    "ContestResult",
    "ExportJob",
    "RegradeRun",
    "RoundClosing",
    "RoundResult",
    "Trigger",
    "UnitResult",
]
