"""Drawing an attempt's questions and storing what was shown (deduplicated)."""

from __future__ import annotations

import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass

from quizzes.models import Choice, Question

from .. import rules, selectors
from ..models import Contest, QuestionSnapshot
from .common import AttemptRefused

_rng = random.SystemRandom()


@dataclass(frozen=True, slots=True)
class Drawn:
    question_id: int
    snapshot_id: int
    order: str


def _snapshot_digest(question_id: int, text: str, choices: list) -> str:
    payload = json.dumps([question_id, text, choices], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def draw_questions(
    contest: Contest,
    rng: random.Random | None = None,
    *,
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
    import may add one). MSG_PRACTICE_NOT_READY when nothing is left to draw."""
    rng = rng or _rng
    if practice:
        if contest.practice_bank_id is None:
            raise AttemptRefused(rules.MSG_PRACTICE_NOT_READY)
        pool = list(
            Question.objects.filter(bank_id=contest.practice_bank_id, is_active=True)
            .exclude(text_key__in=selectors.graded_text_keys())
            .values_list("id", "topic_id")
        )
        if not pool:
            raise AttemptRefused(rules.MSG_PRACTICE_NOT_READY)
        quotas, total = [], min(contest.questions_per_attempt, len(pool))
    else:
        if contest.bank_id is None:
            raise AttemptRefused(rules.MSG_NOT_READY)
        pool = list(
            Question.objects.filter(
                bank_id=contest.bank_id, is_active=True
            ).values_list("id", "topic_id")
        )
        quotas = list(contest.topic_quotas.values_list("topic_id", "count"))
        total = contest.questions_per_attempt
    by_topic: dict[int | None, list[int]] = defaultdict(list)
    for qid, topic_id in pool:
        by_topic[topic_id].append(qid)
    try:
        plan, rest = rules.draw_plan(quotas, total)
    except ValueError:
        raise AttemptRefused(rules.MSG_NOT_READY) from None
    chosen: list[int] = []
    for topic_id, count in plan:
        candidates = by_topic.get(topic_id, [])
        if len(candidates) < count:
            raise AttemptRefused(rules.MSG_NOT_READY)
        chosen.extend(rng.sample(candidates, count))
    taken = set(chosen)
    remaining = [qid for qid, _ in pool if qid not in taken]
    if len(remaining) < rest:
        raise AttemptRefused(rules.MSG_NOT_READY)
    chosen.extend(rng.sample(remaining, rest))
    rng.shuffle(chosen)

    texts = dict(Question.objects.filter(id__in=chosen).values_list("id", "text"))
    choices: dict[int, list[list]] = defaultdict(list)
    for qid, position, text in (
        Choice.objects.filter(question_id__in=chosen)
        .order_by("question_id", "position")
        .values_list("question_id", "position", "text")
    ):
        choices[qid].append([position, text])
    if any(len(choices[qid]) < 2 for qid in chosen):
        raise AttemptRefused(rules.MSG_NOT_READY)

    digests = {qid: _snapshot_digest(qid, texts[qid], choices[qid]) for qid in chosen}
    snapshot_ids = dict(
        QuestionSnapshot.objects.filter(digest__in=digests.values()).values_list(
            "digest", "id"
        )
    )
    # Sorted by digest: two starts inserting overlapping snapshots then take the
    # unique-index entries in the same order and wait for each other instead of
    # deadlocking (the draw order is random).
    missing = sorted(
        (qid for qid in chosen if digests[qid] not in snapshot_ids), key=digests.get
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
        snapshot_ids.update(
            QuestionSnapshot.objects.filter(
                digest__in=[digests[qid] for qid in missing]
            ).values_list("digest", "id")
        )

    drawn = []
    for qid in chosen:
        positions = [str(p) for p, _ in choices[qid]]
        if contest.shuffle_choices:
            rng.shuffle(positions)
        drawn.append(Drawn(qid, snapshot_ids[digests[qid]], "".join(positions)))
    return drawn
