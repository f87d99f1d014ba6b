"""contests models: the contest (contest.py), its people (people.py), rounds and
question sources (rounds.py), ranking and prizes (prizes.py), attempts
(attempts.py)."""

from .attempts import Attempt, AttemptQuestion, QuestionSnapshot
from .contest import DEFAULT_COLLECTIVE_ORDER, UNIT_RANKING_KEYS, Contest
from .people import ContestExclusion, ContestStaff
from .prizes import PrizeTier, RankingGroup
from .rounds import ReferenceDocument, Round, TopicQuota, VoidedQuestion
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
