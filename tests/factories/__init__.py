"""factory_boy factories, one module per app; import them from here."""

from .accounts import UnitFactory, UserFactory  # noqa: F401
from .awards import bulk_attempts, closed_round, finished_attempt  # noqa: F401
from .contests import (  # noqa: F401
    ContestFactory,
    PrizeTierFactory,
    RankingGroupFactory,
    RoundFactory,
    staff_on,
)
from .quizzes import (  # noqa: F401
    QuestionBankFactory,
    QuestionFactory,
    TopicFactory,
)
from .videos import (  # noqa: F401
    CriterionFactory,
    JudgeAssignmentFactory,
    VideoClipFactory,
    VideoContestFactory,
    VideoPartFactory,
    VideoPrizeTierFactory,
    VideoStaffFactory,
)
