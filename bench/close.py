"""Round close: N finished attempts (COPY-seeded) closed end to end by a Celery
worker (awards.close_round: finalise, rank, allocate prizes, roll up units).

    .venv/bin/python -m bench.close [--sizes 100000:34000,1000000:340000] [--units 2000]

A size is ATTEMPTS:CONTESTANTS (at most 3 attempts each: the contest's limit).
"""

from __future__ import annotations

import argparse
import datetime
import time

from bench import common, stack

TARGETS = {100_000: 10.0, 1_000_000: 60.0}


def run_size(attempts: int, contestants: int, units: int) -> dict:
    url = common.fresh_database(f"{stack.BENCH_DB}_close")
    from django.db import connection, connections

    connections["default"].close()
    connections["default"].settings_dict.update(
        connections["default"].settings_dict | {"NAME": url.rsplit("/", 1)[1]}
    )
    from awards.models import Award, RoundClosing, RoundResult, UnitResult
    from bench import seed

    with common.Timer() as seeding:
        unit_ids = seed.seed_units(units)
        users = seed.seed_users(contestants, unit_ids[1:])
        bank = seed.seed_bank(25)
        _contest, round_, _ = seed.seed_contest(
            bank, closes_in=-datetime.timedelta(minutes=5), attempts_per_round=3
        )
        seeded = seed.seed_finished_attempts(round_, users, unit_ids[1:], attempts, 3)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connections.close_all()
    from awards import tasks

    env = stack.production_env(url, common.redis_url())
    with stack.celery_worker(env, log=common.RESULTS / "close-worker.log.tmp"):
        time.sleep(3)  # the worker connects
        started = time.perf_counter()
        tasks.close_round.delay(round_.id, "admin")
        closing = None
        while time.perf_counter() - started < 600:
            closing = RoundClosing.objects.filter(pk=round_.id).first()
            if closing and closing.closed_at:
                break
            connections.close_all()
            time.sleep(0.2)
        wall = time.perf_counter() - started
    results = RoundResult.objects.filter(round=round_).count()
    counted = round_.attempts.filter(is_counted=True).count()
    return {
        "attempts": seeded,
        "contestants": contestants,
        "units": units,
        "seed_s": round(seeding.seconds, 1),
        "close_wall_s": round(wall, 2),
        "close_in_transaction_s": round((closing.duration_ms or 0) / 1000, 2),
        "ranked": results,
        "counted": counted,
        "awards": Award.objects.filter(round=round_).count(),
        "unit_results": UnitResult.objects.filter(round=round_).count(),
        "target_s": TARGETS.get(attempts),
        "ok": results == counted and closing.closed_at is not None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000:34000,1000000:340000")
    parser.add_argument("--units", type=int, default=2000)
    args = parser.parse_args()
    common.setup_django(common.fresh_database(f"{stack.BENCH_DB}_close"))
    rows = []
    for size in args.sizes.split(","):
        attempts, contestants = (int(x) for x in size.split(":"))
        rows.append(run_size(attempts, contestants, args.units))
    common.save("close", {"runs": rows})
    common.print_table(
        "Round close (Celery worker, end to end)",
        [
            "attempts",
            "contestants",
            "units",
            "seed s",
            "close s",
            "in txn s",
            "ranked",
            "awards",
            "units ranked",
            "target s",
            "met",
        ],
        [
            [
                r["attempts"],
                r["contestants"],
                r["units"],
                r["seed_s"],
                r["close_wall_s"],
                r["close_in_transaction_s"],
                r["ranked"],
                r["awards"],
                r["unit_results"],
                r["target_s"],
                (
                    ""
                    if not r["target_s"]
                    else "yes"
                    if r["close_wall_s"] <= r["target_s"]
                    else "no"
                ),
            ]
            for r in rows
        ],
    )


if __name__ == "__main__":
    main()
