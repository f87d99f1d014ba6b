"""The insights sweep on a contest of 100,000 attempts over a 2,000-unit tree:
how long the beat task takes to store a day's dashboard snapshot and a week's
report (the attempt queries happen only there), and how long a page takes to
build from the stored row, with the stored sizes.

    DATABASE_URL=postgres://…/NAME .venv/bin/python -m bench.insights [--attempts N]

Runs on the database DATABASE_URL names, migrated and without units (it seeds
with fixed ids, COPY), not on a copy of the bench template.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os

from bench import common


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=100_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.utils import timezone

    from accounts.models import Unit
    from bench import seed
    from insights import dashboard, selectors, services

    if Unit.objects.exists():
        raise SystemExit("bench.insights seeds with fixed ids: use an empty database")
    people = args.attempts * 6 // 10
    unit_ids = seed.seed_units(2000)
    users = seed.seed_users(people, unit_ids[1:])
    contest, round_, _ = seed.seed_contest(
        seed.seed_bank(25), closes_in=datetime.timedelta(days=1)
    )
    contest.unit_root_id = 1
    contest.save(update_fields=["unit_root"])
    seed.seed_finished_attempts(round_, users, unit_ids[1:], args.attempts, 3)
    with common.Timer() as snap:
        services.refresh_dashboard(contest_id=contest.id)
    week = services.closed_week_now()
    with common.Timer() as weekly:
        services.weekly_report(contest=contest, week_start=week)
    with common.Timer() as page:
        board = dashboard.build(
            selectors.latest_snapshot(contest.id), selectors.contest_tree(contest), 2
        )
    # The first view also stores the week before (the change needs it).
    services.report_pair(contest=contest, week_start=week, unit_id=2)
    with common.Timer() as report_page:
        services.report_pair(contest=contest, week_start=week, unit_id=2)
    snapshot = selectors.latest_snapshot(contest.id)
    result = {
        "attempts": args.attempts,
        "people": people,
        "units": len(unit_ids),
        "refresh_dashboard_two_days_s": round(snap.seconds, 2),
        "weekly_report_store_s": round(weekly.seconds, 2),
        "dashboard_build_from_row_s": round(page.seconds, 3),
        "weekly_view_from_rows_s": round(report_page.seconds, 3),
        "snapshot_kb": round(len(json.dumps(snapshot.data)) / 1024, 1),
        "units_at_level_2": len(board.units),
        "at": timezone.now().isoformat(),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
