"""Drawing an attempt's questions and storing what was shown (deduplicated).

The pool a contest draws from and each question's stored snapshot are the same for
every contestant: they are prepared once per process (prepared.py) and a warm
start draws without reading a row."""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass

from quizzes.models import Choice, Question

from .. import rules, selectors
from ..models import Contest, QuestionSnapshot
from . import prepared
from .common import AttemptRefused

_rng = random.SystemRandom()
# A pool this small is prepared whole at its first miss (one read of a few
# thousand rows per process); a larger one question by question as drawn.
PREPARE_WHOLE_POOL_UP_TO = 2000


@dataclass(frozen=True, slots=True)
class Drawn:
    question_id: int
    snapshot_id: int
    order: str


@dataclass(frozen=True, slots=True)
class Pool:
    """What a contest's draws choose from: (question id, topic id) of every active
    question, the per-topic quotas and how many questions an attempt has."""

    questions: tuple[tuple[int, int | None], ...]
    quotas: tuple[tuple[int, int], ...]
    total: int


@dataclass(frozen=True, slots=True)
class Shown:
    """A question as stored for attempts: its snapshot and its choices' positions."""

    snapshot_id: int
    positions: str


def _snapshot_digest(question_id: int, text: str, choices: list) -> str:
    payload = json.dumps([question_id, text, choices], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def draw_questions(
    contest: Contest,
    *,
    generation: int | None,
    rng: random.Random | None = None,
    practice: bool = False,
) -> list[Drawn]:
    """Draw ``questions_per_attempt`` active questions of the contest's bank at
    random, honouring the per-topic quotas, in random page order, with shuffled
    choices; store (or reuse) the snapshot of each. Raises AttemptRefused
    (MSG_NOT_READY) when the bank cannot supply the draw. Safe to repeat: snapshots
    are deduplicated by digest.

    ``practice``: draw from the contest's practice bank instead, without quotas (its
    topics are another bank's), up to ``questions_per_attempt`` questions, never one
    whose text is a graded bank's question (banks change after validation: an
    import may add one). MSG_PRACTICE_NOT_READY when nothing is left to draw.

    ``generation``: prepared.current_generation() as the caller read it."""
    rng = rng or _rng
    pool = prepared.prepared(
        ("pool", contest.pk, practice, contest.updated_at),
        generation,
        lambda: load_pool(contest, practice=practice),
    )
    chosen = choose(pool, rng)
    whole = len(pool.questions) <= PREPARE_WHOLE_POOL_UP_TO
    shown = shown_questions(
        chosen, generation, also=[q for q, _ in pool.questions] if whole else []
    )
    drawn = []
    for qid in chosen:
        positions = list(shown[qid].positions)
        if contest.shuffle_choices:
            rng.shuffle(positions)
        drawn.append(Drawn(qid, shown[qid].snapshot_id, "".join(positions)))
    return drawn


def load_pool(contest: Contest, *, practice: bool = False) -> Pool:
    """Read the contest's pool (see draw_questions). Raises AttemptRefused when
    there is no bank, or nothing to draw from a practice bank."""
    if practice:
        if contest.practice_bank_id is None:
            raise AttemptRefused(rules.MSG_PRACTICE_NOT_READY)
        questions = tuple(
            Question.objects.filter(bank_id=contest.practice_bank_id, is_active=True)
            .exclude(text_key__in=selectors.graded_text_keys())
            .values_list("id", "topic_id")
        )
        if not questions:
            raise AttemptRefused(rules.MSG_PRACTICE_NOT_READY)
        return Pool(questions, (), min(contest.questions_per_attempt, len(questions)))
    if contest.bank_id is None:
        raise AttemptRefused(rules.MSG_NOT_READY)
    questions = tuple(
        Question.objects.filter(bank_id=contest.bank_id, is_active=True).values_list(
            "id", "topic_id"
        )
    )
    quotas = tuple(contest.topic_quotas.values_list("topic_id", "count"))
    return Pool(questions, quotas, contest.questions_per_attempt)


def choose(pool: Pool, rng: random.Random) -> list[int]:
    """The drawn question ids in page order: each topic's quota first, the rest
    from whatever is left. Raises AttemptRefused when the pool is too small."""
    by_topic: dict[int | None, list[int]] = defaultdict(list)
    for qid, topic_id in pool.questions:
        by_topic[topic_id].append(qid)
    try:
        plan, rest = rules.draw_plan(list(pool.quotas), pool.total)
    except ValueError:
        raise AttemptRefused(rules.MSG_NOT_READY) from None
    chosen: list[int] = []
    for topic_id, count in plan:
        candidates = by_topic.get(topic_id, [])
        if len(candidates) < count:
            raise AttemptRefused(rules.MSG_NOT_READY)
        chosen.extend(rng.sample(candidates, count))
    taken = set(chosen)
    remaining = [qid for qid, _ in pool.questions if qid not in taken]
    if len(remaining) < rest:
        raise AttemptRefused(rules.MSG_NOT_READY)
    chosen.extend(rng.sample(remaining, rest))
    rng.shuffle(chosen)
    return chosen


def shown_questions(
    question_ids: list[int], generation: int | None = None, *, also: list[int] = ()
) -> dict[int, Shown]:
    """Question id → its stored snapshot and choice positions: prepared ones from
    the process, the others read and stored (store_snapshots) and kept, with those
    of ``also`` not prepared yet when anything is missing."""
    kept = prepared.get_many([("shown", qid) for qid in question_ids], generation)
    shown = {key[1]: value for key, value in kept.items()}
    missing = [qid for qid in question_ids if qid not in shown]
    if missing:
        others = set(also) - set(question_ids)
        ready = prepared.get_many([("shown", q) for q in others], generation)
        stored = store_snapshots(missing + sorted(others - {key[1] for key in ready}))
        prepared.put_many({("shown", q): s for q, s in stored.items()}, generation)
        shown.update(stored)
    if any(qid not in shown for qid in question_ids):
        raise AttemptRefused(rules.MSG_NOT_READY)
    return {qid: shown[qid] for qid in question_ids}  # type: ignore[misc]


def store_snapshots(question_ids: list[int]) -> dict[int, Shown]:
    """Store (or find) the snapshot of each question as it reads now; a question
    with fewer than two choices (not drawable) is left out."""
    texts = dict(Question.objects.filter(id__in=question_ids).values_list("id", "text"))
    choices: dict[int, list[list]] = defaultdict(list)
    for qid, position, text in (
        Choice.objects.filter(question_id__in=question_ids)
        .order_by("question_id", "position")
        .values_list("question_id", "position", "text")
    ):
        choices[qid].append([position, text])
    question_ids = [q for q in question_ids if q in texts and len(choices[q]) >= 2]
    digests = {
        qid: _snapshot_digest(qid, texts[qid], choices[qid]) for qid in question_ids
    }
    ids = dict(
        QuestionSnapshot.objects.filter(digest__in=digests.values()).values_list(
            "digest", "id"
        )
    )
    # Sorted by digest: two starts inserting overlapping snapshots then take the
    # unique-index entries in the same order and wait for each other instead of
    # deadlocking (the draw order is random).
    missing = sorted(
        (qid for qid in question_ids if digests[qid] not in ids), key=digests.get
    )
    if missing:
        # Two starts may create the same snapshot at once: ignore the loser's row.
        QuestionSnapshot.objects.bulk_create(
            [
                QuestionSnapshot(
                    question_id=qid,
                    digest=digests[qid],
                    text=texts[qid],
                    choices=choices[qid],
                )
                for qid in missing
            ],
            ignore_conflicts=True,
        )
        ids.update(
            QuestionSnapshot.objects.filter(
                digest__in=[digests[qid] for qid in missing]
            ).values_list("digest", "id")
        )
    return {
        qid: Shown(ids[digests[qid]], "".join(str(p) for p, _ in choices[qid]))
        for qid in question_ids
    }
