"""Question statistics and the fair play review of one round: N finished
attempts (COPY-seeded, 20 drawn questions each with answers and answer times)
computed in this process by review.services.

    BENCH_DB=portal_bench .venv/bin/python -m bench.question_stats [--attempts 100000]

Prints the statistics' time (the issue's target: under 30 s for 100,000
attempts) and the whole review's (statistics + fair play signals + storing).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import random
import time

from bench import common, stack

TARGET_S = 30.0
QUESTIONS_PER_ATTEMPT = 20


def seed_answers(round_, bank) -> int:
    """One AttemptQuestion row per drawn question of every attempt: the first
    ``score`` right (position 0 is every key of bench.seed's bank), the rest a
    random distractor, answered at even steps over the attempt's duration."""
    from contests.models import Attempt, AttemptQuestion, QuestionSnapshot
    from quizzes.models import Question

    questions = list(Question.objects.filter(bank=bank).values_list("id", "text"))
    snaps = {
        qid: QuestionSnapshot.objects.create(
            question_id=qid,
            digest=hashlib.sha256(f"bench-{qid}".encode()).hexdigest(),
            text=text,
            choices=[[p, f"Phương án {p + 1}"] for p in range(4)],
        ).pk
        for qid, text in questions
    }
    qids = list(snaps)
    attempts = Attempt.objects.filter(round=round_).values_list(
        "id", "score", "started_at", "duration_ms"
    )

    def rows():
        row_id = 0
        for aid, score, began, duration in attempts.iterator(chunk_size=20_000):
            step = duration // QUESTIONS_PER_ATTEMPT
            drawn = random.sample(qids, QUESTIONS_PER_ATTEMPT)
            for position, qid in enumerate(drawn):
                row_id += 1
                answer = 0 if position < score else random.randint(1, 3)
                order = "".join(random.sample("0123", 4))
                at = began + datetime.timedelta(milliseconds=step * (position + 1))
                yield (row_id, aid, position, qid, snaps[qid], order, answer, at)

    return common.copy_rows(
        AttemptQuestion._meta.db_table,
        [
            "id",
            "attempt_id",
            "position",
            "question_id",
            "snapshot_id",
            '"order"',
            "answer",
            "answered_at",
        ],
        rows(),
    )


def run(attempts: int, contestants: int, units: int) -> dict:
    from django.db import connection

    from bench import seed
    from review import services
    from review.models import ReviewCase

    with common.Timer() as seeding:
        unit_ids = seed.seed_units(units)
        users = seed.seed_users(contestants, unit_ids[1:])
        bank = seed.seed_bank(25)
        _contest, round_, _ = seed.seed_contest(
            bank, closes_in=-datetime.timedelta(minutes=5), attempts_per_round=3
        )
        seeded = seed.seed_finished_attempts(round_, users, unit_ids[1:], attempts, 3)
        answers = seed_answers(round_, bank)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    started = time.perf_counter()
    questions, firsts = services.question_snapshot(round_)
    stats_s = time.perf_counter() - started
    started = time.perf_counter()
    services.compute_round_review(round_.id)
    review_s = time.perf_counter() - started
    return {
        "attempts": seeded,
        "answers": answers,
        "first_attempts": firsts,
        "questions": len(questions),
        "seed_s": round(seeding.seconds, 1),
        "stats_s": round(stats_s, 2),
        "review_s": round(review_s, 2),
        "cases": ReviewCase.objects.filter(round=round_).count(),
        "target_s": TARGET_S,
        "ok": stats_s <= TARGET_S and firsts == contestants,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--contestants", type=int, default=34_000)
    parser.add_argument("--units", type=int, default=500)
    args = parser.parse_args()
    common.setup_django(common.fresh_database(f"{stack.BENCH_DB}_review"))
    row = run(args.attempts, args.contestants, args.units)
    common.save("question_stats", row)
    common.print_table(
        "Question statistics and fair play review (in process)",
        [
            "attempts",
            "answers",
            "first attempts",
            "seed s",
            "statistics s",
            "whole review s",
            "cases",
            "target s",
            "met",
        ],
        [
            [
                row["attempts"],
                row["answers"],
                row["first_attempts"],
                row["seed_s"],
                row["stats_s"],
                row["review_s"],
                row["cases"],
                row["target_s"],
                "yes" if row["ok"] else "no",
            ]
        ],
    )


if __name__ == "__main__":
    main()
