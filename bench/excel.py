"""Excel: the full ranking (one row per contestant) and the participation report
of a closed round with 100,000 contestants, each written by a fresh process as the
Celery export task would (awards.exports.write_export), timed, with its peak RSS.

    .venv/bin/python -m bench.excel [--rows 100000]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import tempfile
import time

from bench import common, stack

TARGET_S = 15.0
TARGET_MB = 100.0


def one(database_url: str, kind: str) -> None:
    """Child process: write one export, print timing and memory as JSON."""
    common.setup_django(database_url)
    from accounts.models import Unit
    from awards import exports
    from contests.models import Contest

    contest = Contest.objects.get(slug="bench")
    round_ = contest.rounds.get(number=1)
    root = Unit.objects.get(pk=1)
    baseline = common.peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.xlsx")
        cpu = time.process_time()
        with common.Timer() as t:
            rows = exports.write_export(
                kind, contest, path, round_=round_, unit=root, personal=True
            )
        cpu = time.process_time() - cpu
        size = os.path.getsize(path)
    print(
        json.dumps(
            {
                "kind": kind,
                "rows": rows,
                "seconds": round(t.seconds, 2),
                # CPU time of the writing process: steadier than wall time on a
                # machine shared with other work.
                "cpu_seconds": round(cpu, 2),
                "peak_rss_mb": round(common.peak_rss_mb(), 1),
                "baseline_rss_mb": round(baseline, 1),
                "file_mb": round(size / 1e6, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--one", nargs=2, metavar=("DATABASE_URL", "KIND"))
    args = parser.parse_args()
    if args.one:
        one(*args.one)
        return
    url = common.fresh_database(f"{stack.BENCH_DB}_excel")
    common.setup_django(url)
    from awards import services
    from bench import seed

    unit_ids = seed.seed_units(2000)
    users = seed.seed_users(args.rows, unit_ids[1:])
    bank = seed.seed_bank(25)
    _contest, round_, _ = seed.seed_contest(
        bank, closes_in=-datetime.timedelta(minutes=5)
    )
    seed.seed_finished_attempts(round_, users, unit_ids[1:], args.rows, 1)
    services.close_round(round_.id, trigger="admin")
    runs = []
    for kind in ("ranking", "participation"):
        out = subprocess.run(  # noqa: S603
            [stack.python(), "-m", "bench.excel", "--one", url, kind],
            cwd=stack.ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    common.save("excel", {"runs": runs, "target_s": TARGET_S, "target_mb": TARGET_MB})
    common.print_table(
        "Excel exports (a fresh process each, as the Celery export task)",
        [
            "export",
            "rows",
            "s",
            "peak RSS MB",
            "of which Django at rest MB",
            "file MB",
            "met (≤15 s, ≤100 MB)",
        ],
        [
            [
                r["kind"],
                r["rows"],
                r["seconds"],
                r["peak_rss_mb"],
                r["baseline_rss_mb"],
                r["file_mb"],
                "yes"
                if r["seconds"] <= TARGET_S and r["peak_rss_mb"] <= TARGET_MB
                else "no",
            ]
            for r in runs
        ],
    )


if __name__ == "__main__":
    main()
