"""Question quality of a round, as Moodle's quiz statistics compute it, over
each person's first finished attempt. Pure: counts in, numbers out, no Django.

The formulas are Moodle's (question/classes/statistics/questions/calculator.php,
``initial_question_walker`` / ``secondary_steps_walker`` /
``secondary_question_walker``; the same in mod/quiz/report/statistics), for
questions marked 0 or 1, where x is the mark on the question and y the rest of
the test (the attempt's total minus x), over the s attempts that drew it:

- facility index F = mean(x) / max mark (here the share who answered right);
- discrimination index D = 100 · cov(x, y) / sqrt(var(x) · var(y)), with
  var and cov divided by s - 1 (the item against the REST of the test);
- discriminative efficiency E = 100 · cov(x, y) / covmax, where covmax is the
  covariance of x and y each sorted on its own (the largest covariance the two
  distributions allow). Moodle leaves D and E empty when a variance (or covmax)
  is 0, and so do we.

Every sum is exact from a count of (question, chosen position, rest-score)
triples, which a single SQL aggregate returns for a round of any size: with x in
{0, 1}, sorting x puts its c ones against the c largest rest-scores, so
covmax · (s - 1) = (sum of the c largest y) - c · mean(y).

Flags (thresholds are module constants, shown on the page):
- "likely wrong key": among the strongest third by rest-score, a distractor was
  chosen more often than the key, or D < 0 (the better the rest of the test, the
  less often "right"), once at least MIN_RESPONSES attempts drew the question;
- "too easy": F > TOO_EASY; "too hard": F < TOO_HARD.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

TOO_EASY = 0.95
TOO_HARD = 0.20
# The strongest contestants: the top third by rest-score (ties at the edge in).
STRONG_SHARE = 1 / 3
# Below this many attempts on a question the key check is noise: no key flag.
MIN_RESPONSES = 20

FLAG_WRONG_KEY = "wrong_key"
FLAG_TOO_EASY = "too_easy"
FLAG_TOO_HARD = "too_hard"


class Cell(NamedTuple):
    """How many first attempts drew ``question_id``, chose ``answer`` (a canonical
    Choice.position; None: no answer) and scored ``rest`` on the other questions;
    ``mark`` 1 or 0 as scored (None: 1 exactly when ``answer`` is the key; a
    voided question is scored 1 whatever was chosen)."""

    question_id: int
    answer: int | None
    rest: int
    count: int
    mark: int | None = None


@dataclass(frozen=True, slots=True)
class QuestionStats:
    question_id: int
    key: int | None  # the correct Choice.position now
    attempts: int  # s
    correct: int
    facility: float | None  # 0..1
    discrimination: float | None  # -100..100
    efficiency: float | None  # -100..100
    # position (None: no answer) → how many chose it; and among the strongest.
    chosen: dict[int | None, int] = field(default_factory=dict)
    chosen_strong: dict[int | None, int] = field(default_factory=dict)
    strong: int = 0
    flags: tuple[str, ...] = ()


def question_stats(
    cells: Iterable[Cell], keys: dict[int, int | None]
) -> list[QuestionStats]:
    """One QuestionStats per question in ``cells``, in question id order.
    ``keys``: question id → correct Choice.position (None: no key)."""
    by_question: dict[int, list[Cell]] = defaultdict(list)
    for cell in cells:
        if cell.count:
            by_question[cell.question_id].append(cell)
    return [_one(qid, by_question[qid], keys.get(qid)) for qid in sorted(by_question)]


def _one(question_id: int, cells: list[Cell], key: int | None) -> QuestionStats:
    s = sum(c.count for c in cells)
    right = [c for c in cells if _mark(c, key)]
    correct = sum(c.count for c in right)
    sum_y = sum(c.rest * c.count for c in cells)
    sum_yy = sum(c.rest * c.rest * c.count for c in cells)
    sum_xy = sum(c.rest * c.count for c in right)
    chosen: dict[int | None, int] = defaultdict(int)
    for c in cells:
        chosen[c.answer] += c.count
    strong_cells, strong = _strongest(cells, s)
    chosen_strong: dict[int | None, int] = defaultdict(int)
    for c in strong_cells:
        chosen_strong[c.answer] += c.count
    discrimination = efficiency = None
    if s > 1:
        mean_y = sum_y / s
        var_x = (correct - correct * correct / s) / (s - 1)
        var_y = (sum_yy - sum_y * sum_y / s) / (s - 1)
        cov = (sum_xy - correct * sum_y / s) / (s - 1)
        cov_max = (_top_sum(cells, correct) - correct * mean_y) / (s - 1)
        if var_x * var_y > 0:
            discrimination = 100 * cov / math.sqrt(var_x * var_y)
        if cov_max:
            efficiency = 100 * cov / cov_max
    facility = correct / s if s else None
    stats = QuestionStats(
        question_id=question_id,
        key=key,
        attempts=s,
        correct=correct,
        facility=facility,
        discrimination=discrimination,
        efficiency=efficiency,
        chosen=dict(chosen),
        chosen_strong=dict(chosen_strong),
        strong=strong,
    )
    return _with_flags(stats)


def _mark(cell: Cell, key: int | None) -> int:
    if cell.mark is not None:
        return cell.mark
    return int(key is not None and cell.answer == key)


def _strongest(cells: list[Cell], s: int) -> tuple[list[Cell], int]:
    """The cells of the top STRONG_SHARE of attempts by rest-score: everyone at or
    above the rest-score where that share is reached (a tie is never split)."""
    if not s:
        return [], 0
    wanted = math.ceil(s * STRONG_SHARE)
    totals: dict[int, int] = defaultdict(int)
    for c in cells:
        totals[c.rest] += c.count
    seen, floor = 0, None
    for rest in sorted(totals, reverse=True):
        seen += totals[rest]
        floor = rest
        if seen >= wanted:
            break
    chosen = [c for c in cells if c.rest >= floor]
    return chosen, sum(c.count for c in chosen)


def _top_sum(cells: list[Cell], c: int) -> int:
    """The sum of the c largest rest-scores."""
    left, total = c, 0
    totals: dict[int, int] = defaultdict(int)
    for cell in cells:
        totals[cell.rest] += cell.count
    for rest in sorted(totals, reverse=True):
        take = min(left, totals[rest])
        total += take * rest
        left -= take
        if not left:
            break
    return total


def _with_flags(stats: QuestionStats) -> QuestionStats:
    flags = []
    if stats.key is not None and stats.attempts >= MIN_RESPONSES:
        key_strong = stats.chosen_strong.get(stats.key, 0)
        beaten = any(
            n > key_strong
            for answer, n in stats.chosen_strong.items()
            if answer is not None and answer != stats.key
        )
        if beaten or (stats.discrimination is not None and stats.discrimination < 0):
            flags.append(FLAG_WRONG_KEY)
    if stats.facility is not None:
        if stats.facility > TOO_EASY:
            flags.append(FLAG_TOO_EASY)
        elif stats.facility < TOO_HARD:
            flags.append(FLAG_TOO_HARD)
    return dataclasses.replace(stats, flags=tuple(flags))


def likely_wrong_key_choice(stats: QuestionStats) -> int | None:
    """The distractor the strongest chose most often (the key a correction would
    most likely set), or None."""
    others = {
        a: n for a, n in stats.chosen_strong.items() if a is not None and a != stats.key
    }
    if not others:
        return None
    return max(sorted(others), key=lambda a: others[a])
