"""Seeding for the two-node run (bench/nodes.py), in its own Django process:

    python -m bench.nodes_seed OUT.json [--contestants N] [--rush]

The lean data of the run: a contest with an open round, logged-in contestants, a
district's representative for the video part, an organizer. With --rush: the rush
benchmark's data instead (bench.load), for the one-node-vs-two stages.
"""

from __future__ import annotations

import argparse
import datetime
import json


def seed_run(contestants: int) -> dict:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts import roles
    from accounts.models import User
    from bench import seed as s
    from bench.load import make_sessions
    from videos.models import VideoPart

    units = s.seed_units(60)
    rep_id = contestants + 1
    s.seed_users(contestants + 1, units[2:])
    bank = s.seed_bank(60)
    contest, round_, _practice = s.seed_contest(
        bank, slug="bench", closes_in=datetime.timedelta(hours=2)
    )
    # Unit 2 is a district (bench.seed.seed_units): its representative submits.
    User.objects.filter(pk=rep_id).update(represented_unit_id=units[1])
    Group.objects.get_or_create(name=roles.UNIT_REPRESENTATIVE)[0].user_set.add(rep_id)
    VideoPart.objects.create(
        contest=contest,
        submission_deadline=timezone.now() + datetime.timedelta(days=1),
        competing_unit_kind="district",
    )
    organizer = User.objects.create_superuser("bench-btc", password=None)
    ids = list(range(1, contestants + 1))
    sessions = make_sessions([*ids, rep_id, organizer.pk])
    return {
        "contest": contest.slug,
        "round": round_.number,
        "contestants": [[u, sessions[u]] for u in ids],
        "representative": sessions[rep_id],
        "organizer": sessions[organizer.pk],
    }


def main() -> None:
    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--contestants", type=int, default=24)
    parser.add_argument("--sat-users", type=int, default=32)
    parser.add_argument("--rush", action="store_true")
    args = parser.parse_args()
    django.setup()
    if args.rush:
        from bench.load import seed

        data = seed(args.contestants, args.sat_users, 2)
    else:
        data = seed_run(args.contestants)
    with open(args.out, "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    main()
