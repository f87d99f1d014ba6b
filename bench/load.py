"""Seeding for the load benchmarks (rush and pages), run in its own process:

    python -m bench.load DATABASE_URL OUT.json [--contestants N]

Writes the ids and ready session keys the load generator needs: contestants with
complete profiles (the Sunday-night crowd is already logged in: sessions last two
weeks), an open round, a practice round for start/submit loops, a closed and
published round for the public results page, unit representatives for the unit
participation table.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random

from bench import common


def make_sessions(user_ids) -> dict[int, str]:
    """A logged-in session per user, written straight to the session table (the
    cached_db backend falls back to it on a cache miss)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from accounts.models import User

    expire = timezone.now() + datetime.timedelta(days=14)
    store = SessionStore()
    keys = {}
    rows = []
    for user in User.objects.filter(pk__in=list(user_ids)).only("id", "password"):
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        rows.append(
            Session(
                session_key=key, session_data=store.encode(data), expire_date=expire
            )
        )
        keys[user.pk] = key
    Session.objects.bulk_create(rows, batch_size=2000)
    return keys


def seed(contestants: int, saturation_users: int, readers: int) -> dict:
    from django.contrib.auth.models import Group
    from django.db import connection

    from accounts import roles
    from accounts.models import User
    from awards import services as awards_services
    from bench import seed as s
    from bench.views import TABLE_SQL

    random.seed(7)
    units = s.seed_units(200)
    total = contestants + saturation_users + 20_000
    s.seed_users(total, units[1:])
    bank = s.seed_bank(60)
    contest, round_, practice = s.seed_contest(
        bank, slug="bench", closes_in=datetime.timedelta(days=1), practice_round=True
    )
    # A closed, published round of another contest: the public results page.
    results_contest, closed, _ = s.seed_contest(
        bank, slug="bench-ket-qua", closes_in=-datetime.timedelta(minutes=5)
    )
    past = range(contestants + saturation_users + 1, total + 1)
    s.seed_finished_attempts(closed, past, units[1:], len(past), 1)
    # Unit representatives (districts 2..41) read their participation table.
    reps = list(range(contestants + saturation_users + 1, total + 1))[:readers]
    districts = [u for u in units if 2 <= u <= 41]
    for i, user_id in enumerate(reps):
        User.objects.filter(pk=user_id).update(
            represented_unit_id=districts[i % len(districts)]
        )
    # The report is theirs only as members of the representatives' role group.
    representatives, _ = Group.objects.get_or_create(name=roles.UNIT_REPRESENTATIVE)
    representatives.user_set.add(*reps)
    with connection.cursor() as cursor:
        cursor.execute(TABLE_SQL)
        cursor.execute("ANALYZE")
    organizer = User.objects.create_superuser("bench-btc", password=None)
    awards_services.close_round(closed.id, trigger="admin")
    awards_services.publish_round(closed.id, user=organizer)
    contestant_ids = list(range(1, contestants + 1))
    saturation_ids = list(range(contestants + 1, contestants + saturation_users + 1))
    sessions = make_sessions(contestant_ids + saturation_ids + reps)
    return {
        "contest": contest.slug,
        "round": round_.number,
        "practice": practice.number,
        "results_contest": results_contest.slug,
        "results_round": closed.number,
        "contestants": [[u, sessions[u], f"090{u:07d}"] for u in contestant_ids],
        "saturation": [[u, sessions[u]] for u in saturation_ids],
        "readers": [[u, sessions[u]] for u in reps],
        "password": s.PASSWORD,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("out")
    parser.add_argument("--contestants", type=int, default=4000)
    parser.add_argument("--saturation-users", type=int, default=48)
    parser.add_argument("--readers", type=int, default=100)
    args = parser.parse_args()
    common.setup_django(args.database_url)
    data = seed(args.contestants, args.saturation_users, args.readers)
    with open(args.out, "w") as f:
        json.dump(data, f)


if __name__ == "__main__":
    main()
