"""contests models: configuration (contest.py) and attempts (attempts.py)."""

from .attempts import Attempt, AttemptQuestion, QuestionSnapshot
from .contest import (
    DEFAULT_COLLECTIVE_ORDER,
    UNIT_RANKING_KEYS,
    Contest,
    ContestExclusion,
    ContestStaff,
    PrizeTier,
    RankingGroup,
    ReferenceDocument,
    Round,
    TopicQuota,
    VoidedQuestion,
)
from .sharing import ContestShortLink

__all__ = [
    "DEFAULT_COLLECTIVE_ORDER",
    "UNIT_RANKING_KEYS",
    "Attempt",
    "AttemptQuestion",
    "Contest",
    "ContestExclusion",
    "ContestShortLink",
    "ContestStaff",
    "PrizeTier",
    "QuestionSnapshot",
    "RankingGroup",
    "ReferenceDocument",
    "Round",
    "TopicQuota",
    "VoidedQuestion",
]
