"""Fair play signals of a round: who to look at before prizes are confirmed, and
why. Pure: flat rows in, findings out, no Django. A finding is evidence for a
person, never a verdict: the organizer clears or excludes (review.services).

Signals and their thresholds (module constants, named on the page):
- FAST: at least FAST_SHARE of a person's answered questions came faster than
  FAST_RATIO of that question's median time in the round (time of an answer =
  since the previous answer, or since the start), over at least FAST_MIN_ANSWERS
  answers; or the attempt is under the contest's minimum seconds per question
  (contests.selectors.too_fast_filter). The attempt rows keep, per drawn
  question, the moment of its last saved answer (AttemptQuestion.answered_at):
  a changed answer moves it later, which only makes a person look slower.
- RING: two or more people with the same answer vector (every question and the
  ORIGINAL choice position, wrong answers included) holding at least
  RING_MIN_WRONG wrong answers, where sharing those wrong answers by chance is
  improbable: the expected number of attempts with them, N x the product of each
  wrong answer's share among the attempts that drew its question, is below
  RING_MAX_EXPECTED. Perfect scores alike prove nothing, a popular distractor
  on a hard question (or a wrong key everyone strong "misses") proves little,
  the same rare wrong choices do.
- PREDICTION: at least PREDICTION_MIN_PEOPLE people of one unit with the very
  same prediction.
- ADDRESS: at least ADDRESS_MIN_ACCOUNTS accounts signing up or logging in from
  one address within ADDRESS_WINDOW_S (offices share an address: a signal).
- NEW_WINNER: the account was created at most NEW_ACCOUNT_S before the attempt
  started and the attempt has the round's top score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

FAST = "fast"
RING = "ring"
PREDICTION = "prediction"
ADDRESS = "address"
NEW_WINNER = "new_winner"

FAST_RATIO = 0.2
FAST_SHARE = 0.5
FAST_MIN_ANSWERS = 3
RING_MIN_WRONG = 2
RING_MAX_EXPECTED = 0.05
PREDICTION_MIN_PEOPLE = 3
ADDRESS_MIN_ACCOUNTS = 5
ADDRESS_WINDOW_S = 30 * 60
NEW_ACCOUNT_S = 30 * 60


@dataclass(frozen=True, slots=True)
class Finding:
    user_id: int
    kind: str
    evidence: dict = field(default_factory=dict)


class Pace(NamedTuple):
    """One counted attempt's answer times: how many answers, how many of them
    under FAST_RATIO of their question's median, the attempt's median answer
    time against the questions' median, and the contest's minimum rule."""

    attempt_id: int
    user_id: int
    answered: int
    fast_answers: int
    median_ms: int | None
    usual_ms: int | None
    duration_ms: int
    question_count: int
    below_minimum: bool


class Vector(NamedTuple):
    """A counted attempt's answers as (question id, position or None) pairs."""

    attempt_id: int
    user_id: int
    answers: tuple[tuple[int, int | None], ...]
    wrong_answers: frozenset[tuple[int, int]]  # answered, and not the key

    @property
    def wrong(self) -> int:
        return len(self.wrong_answers)


class Prediction(NamedTuple):
    user_id: int
    unit_id: int | None
    prediction: int | None


class Access(NamedTuple):
    user_id: int
    address: str
    at: datetime


class Entry(NamedTuple):
    user_id: int
    joined_at: datetime
    started_at: datetime
    score: int


def too_fast(paces: Iterable[Pace]) -> list[Finding]:
    found = []
    for p in paces:
        by_pace = (
            p.answered >= FAST_MIN_ANSWERS and p.fast_answers >= FAST_SHARE * p.answered
        )
        if not (by_pace or p.below_minimum):
            continue
        found.append(
            Finding(
                p.user_id,
                FAST,
                {
                    "attempt_id": p.attempt_id,
                    "answered": p.answered,
                    "fast_answers": p.fast_answers,
                    "median_ms": p.median_ms,
                    "usual_ms": p.usual_ms,
                    "duration_ms": p.duration_ms,
                    "question_count": p.question_count,
                    "below_minimum": p.below_minimum,
                },
            )
        )
    return found


def rings(
    vectors: Iterable[Vector],
    chosen: dict[tuple[int, int | None], int],
    drawn: dict[int, int],
    total: int,
) -> list[Finding]:
    """``chosen``: (question, position) → how many counted attempts chose it;
    ``drawn``: question → how many drew it; ``total``: counted attempts."""
    groups: dict[tuple, list[Vector]] = defaultdict(list)
    for v in vectors:
        if v.wrong >= RING_MIN_WRONG:
            groups[v.answers].append(v)
    found = []
    number = 0
    for answers, members in sorted(
        groups.items(), key=lambda g: min(v.attempt_id for v in g[1])
    ):
        people = sorted({v.user_id for v in members})
        if len(people) < 2:
            continue
        expected = total * _chance(answers, members[0], chosen, drawn)
        if expected >= RING_MAX_EXPECTED:
            continue
        number += 1
        for v in members:
            found.append(
                Finding(
                    v.user_id,
                    RING,
                    {
                        "ring": number,
                        "attempt_id": v.attempt_id,
                        "others": [u for u in people if u != v.user_id],
                        "questions": len(v.answers),
                        "wrong": v.wrong,
                        "expected": expected,
                    },
                )
            )
    return found


def _chance(answers, vector: Vector, chosen, drawn) -> float:
    """The product of the shares of the vector's wrong answers."""
    p = 1.0
    for question, answer in answers:
        if (question, answer) in vector.wrong_answers:
            p *= chosen.get((question, answer), 0) / max(drawn.get(question, 0), 1)
    return p


def shared_predictions(rows: Iterable[Prediction]) -> list[Finding]:
    groups: dict[tuple[int, int], set[int]] = defaultdict(set)
    for r in rows:
        if r.unit_id is not None and r.prediction is not None:
            groups[r.unit_id, r.prediction].add(r.user_id)
    found = []
    for (unit_id, prediction), people in sorted(groups.items()):
        if len(people) < PREDICTION_MIN_PEOPLE:
            continue
        for uid in sorted(people):
            found.append(
                Finding(
                    uid,
                    PREDICTION,
                    {
                        "unit_id": unit_id,
                        "prediction": prediction,
                        "others": sorted(people - {uid}),
                    },
                )
            )
    return found


def shared_addresses(accesses: Iterable[Access]) -> list[Finding]:
    """Accounts in a window of ADDRESS_WINDOW_S on one address with at least
    ADDRESS_MIN_ACCOUNTS distinct accounts (a sliding window over the times)."""
    by_address: dict[str, list[Access]] = defaultdict(list)
    for a in accesses:
        by_address[a.address].append(a)
    flagged: dict[int, dict] = {}
    for address, rows in sorted(by_address.items()):
        rows.sort(key=lambda a: a.at)
        start = 0
        for end in range(len(rows)):
            while (rows[end].at - rows[start].at).total_seconds() > ADDRESS_WINDOW_S:
                start += 1
            window = rows[start : end + 1]
            people = {a.user_id for a in window}
            if len(people) < ADDRESS_MIN_ACCOUNTS:
                continue
            for uid in people:
                known = flagged.get(uid)
                if known is None or known["accounts"] < len(people):
                    flagged[uid] = {
                        "address": address,
                        "accounts": len(people),
                        "from": window[0].at.isoformat(),
                        "to": window[-1].at.isoformat(),
                    }
    return [Finding(uid, ADDRESS, ev) for uid, ev in sorted(flagged.items())]


def new_winners(entries: Iterable[Entry]) -> list[Finding]:
    entries = list(entries)
    if not entries:
        return []
    top = max(e.score for e in entries)
    found = []
    for e in entries:
        gap = (e.started_at - e.joined_at).total_seconds()
        if top > 0 and e.score == top and 0 <= gap <= NEW_ACCOUNT_S:
            found.append(
                Finding(
                    e.user_id,
                    NEW_WINNER,
                    {"minutes": int(gap // 60), "score": e.score},
                )
            )
    return found
