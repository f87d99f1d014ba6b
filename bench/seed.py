"""Seed data for the benchmarks: units, contestants, a bank, a contest with prize
tiers, and finished attempts, all with COPY where the volume is large."""

from __future__ import annotations

import datetime
import random

from bench.common import copy_rows, reset_sequence

PASSWORD = "matkhau-bench-2024"  # noqa: S105 (bench accounts only)
PROVINCE_CODE = "083"  # a real CCCD province code (Bến Tre)


def seed_units(count: int) -> list[int]:
    """A province, 40 districts and the rest grassroots units under them."""
    from django.utils import timezone

    from accounts.models import Unit

    now = timezone.now().isoformat()
    districts = min(40, max(1, count // 50))
    rows = []
    for i in range(1, count + 1):
        if i == 1:
            kind, parent, name = "province", None, "Liên đoàn Lao động tỉnh (bench)"
        elif i <= 1 + districts:
            kind, parent, name = "district", 1, f"Liên đoàn Lao động huyện {i - 1}"
        else:
            kind, parent = "grassroots", 2 + (i % districts)
            name = f"Công đoàn cơ sở số {i}"
        staff = None if i == 1 else random.randint(20, 400)
        ascii_name = name.encode("ascii", "ignore").decode()
        rows.append((i, now, now, f"B{i:05d}", name, ascii_name, kind, parent, staff))
    copy_rows(
        Unit._meta.db_table,
        [
            "id",
            "created_at",
            "updated_at",
            "code",
            "name",
            "name_ascii",
            "kind",
            "parent_id",
            "staff_count",
        ],
        rows,
    )
    reset_sequence(Unit._meta.db_table)
    return list(range(1, count + 1))


def unit_for(user_id: int, unit_ids: list[int]) -> int:
    """The unit of a seeded contestant (the same in users and attempts)."""
    return unit_ids[user_id % len(unit_ids)]


def seed_users(count: int, unit_ids: list[int], *, first_id: int = 1) -> range:
    """``count`` contestants with complete profiles, one shared password hash."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import User

    password = make_password(PASSWORD)
    now = timezone.now().isoformat()
    ids = range(first_id, first_id + count)

    def rows():
        for i in ids:
            yield (
                i,
                password,
                False,
                f"ts{i}",
                "",
                "",
                "",
                False,
                True,
                now,
                f"Thí sinh Số {i}",
                "1990-05-17",
                "male",
                f"+8490{i:07d}",
                False,
                f"{PROVINCE_CODE}0{i:08d}",
                unit_for(i, unit_ids),
                "worker",
            )

    copy_rows(
        User._meta.db_table,
        [
            "id",
            "password",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "full_name",
            "birth_date",
            "gender",
            "phone",
            "phone_verified",
            "cccd",
            "unit_id",
            '"group"',
        ],
        rows(),
    )
    reset_sequence(User._meta.db_table)
    return ids


def seed_bank(questions: int = 60, *, kind: str = "benchmark"):
    """A bank of ``questions``; another ``kind`` (e.g. "thi thử") has texts of its
    own, as a practice bank must (never a graded bank's question)."""
    import hashlib

    from quizzes.models import Choice, Question, QuestionBank

    bank = QuestionBank.objects.create(name=f"Ngân hàng {kind}")
    made = Question.objects.bulk_create(
        Question(
            bank=bank,
            text=f"Câu hỏi {kind} số {i + 1} về chuyển đổi số?",
            text_key=hashlib.sha256(f"bench-{kind}-{i}".encode()).hexdigest(),
        )
        for i in range(questions)
    )
    Choice.objects.bulk_create(
        Choice(question=q, position=p, text=f"Phương án {p + 1}", is_correct=p == 0)
        for q in made
        for p in range(4)
    )
    return bank


def seed_contest(
    bank,
    *,
    slug: str = "bench",
    closes_in: datetime.timedelta,
    attempts_per_round: int = 1,
    practice_round: bool = False,
):
    """A published contest with one round (and a practice round), prize tiers
    for individuals and for grassroots units."""
    from django.utils import timezone

    from contests.models import Contest, PrizeTier, Round

    now = timezone.now()
    contest = Contest.objects.create(
        title="Cuộc thi benchmark",
        slug=slug,
        organizer_name="Ban tổ chức (bench)",
        is_published=True,
        bank=bank,
        questions_per_attempt=20,
        time_limit_minutes=30,
        attempts_per_round=attempts_per_round,
        prediction_enabled=True,
        collective_unit_kind="grassroots",
    )
    round_ = Round.objects.create(
        contest=contest,
        number=1,
        opens_at=now - datetime.timedelta(days=7),
        closes_at=now + closes_in,
    )
    practice = None
    if practice_round:
        # A practice round draws from its own bank (SPEC §4).
        contest.practice_bank = seed_bank(40, kind="thi thử")
        contest.save(update_fields=["practice_bank"])
        practice = Round.objects.create(
            contest=contest,
            number=2,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=7),
            is_practice=True,
        )
    for position, (name, count, amount) in enumerate(
        [
            ("Giải Nhất", 1, 3_000_000),
            ("Giải Nhì", 2, 2_000_000),
            ("Giải Ba", 3, 1_000_000),
            ("Giải Khuyến khích", 30, 500_000),
        ]
    ):
        PrizeTier.objects.create(
            contest=contest,
            part=PrizeTier.Part.INDIVIDUAL,
            scope=PrizeTier.Scope.ROUND,
            position=position,
            name=name,
            count=count,
            amount_vnd=amount,
        )
    PrizeTier.objects.create(
        contest=contest,
        part=PrizeTier.Part.COLLECTIVE,
        scope=PrizeTier.Scope.ROUND,
        position=0,
        name="Giải tập thể",
        count=3,
        amount_vnd=2_000_000,
    )
    return contest, round_, practice


def seed_finished_attempts(
    round_,
    user_ids: range,
    unit_ids: list[int],
    total: int,
    per_user_max: int,
) -> int:
    """``total`` submitted attempts (1..per_user_max per user), the best of each
    user counted, keys random; COPY."""
    from contests.models import Attempt

    if total > len(user_ids) * per_user_max or total < len(user_ids):
        raise ValueError(
            f"{total} attempts cannot come from {len(user_ids)} people "
            f"(1 to {per_user_max} each)"
        )
    start = round_.opens_at
    users = list(user_ids)
    random.shuffle(users)
    counts = {}
    left = total
    # Spread: everyone gets one, then the rest get more up to the limit.
    for u in users:
        counts[u] = 1
    left -= len(users)
    i = 0
    while left > 0:
        u = users[i % len(users)]
        if counts[u] < per_user_max:
            counts[u] += 1
            left -= 1
        i += 1

    def rows():
        attempt_id = 0
        for u, n in counts.items():
            best = None
            made = []
            for number in range(1, n + 1):
                attempt_id += 1
                score = random.randint(0, 20)
                duration = random.randint(60_000, 1_200_000)
                began = start + datetime.timedelta(seconds=random.randint(0, 500_000))
                made.append([attempt_id, number, score, duration, began])
                if best is None or (score, -duration) > (best[2], -best[3]):
                    best = made[-1]
            unit = unit_for(u, unit_ids)
            for aid, number, score, duration, began in made:
                submitted = began + datetime.timedelta(milliseconds=duration)
                yield (
                    aid,
                    round_.id,
                    u,
                    number,
                    "submitted",
                    began.isoformat(),
                    (began + datetime.timedelta(minutes=30)).isoformat(),
                    submitted.isoformat(),
                    20,
                    score,
                    duration,
                    random.randint(0, 5000),
                    "t" if aid == best[0] else "f",
                    None,
                    unit,
                )

    n = copy_rows(
        Attempt._meta.db_table,
        [
            "id",
            "round_id",
            "user_id",
            "number",
            "status",
            "started_at",
            "deadline",
            "submitted_at",
            "question_count",
            "score",
            "duration_ms",
            "prediction",
            "is_counted",
            "ranking_group_id",
            "unit_id",
        ],
        rows(),
    )
    reset_sequence(Attempt._meta.db_table)
    return n
