"""The demo contest open now on the demo question bank: a practice round on its
own bank, last week closed (awards/demo.py takes, closes and publishes it), this
week running, next week to come. Its dates are set when it is created and never
moved afterwards (filling.py): a second `seed_demo` on a later day keeps the
weeks organizers have closed closed."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils import timezone

from ..models import Contest
from . import filling as fill
from .filling import IND, PER_ROUND, TZ

SLUG = "thi-thu-chuyen-doi-so"
PRACTICE_BANK_NAME = "Ngân hàng câu hỏi thi thử — Chuyển đổi số"
PRACTICE_FILE = Path(__file__).with_name("practice_questions.json")
QUESTIONS_PER_ATTEMPT = 20
TIERS = [
    dict(part=IND, scope=PER_ROUND, position=0, name="Giải Nhất", count=1),
    dict(part=IND, scope=PER_ROUND, position=1, name="Giải Nhì", count=1),
    dict(part=IND, scope=PER_ROUND, position=2, name="Giải Ba", count=1),
]


def demo_bank():
    try:
        from quizzes.demo import DEMO_BANK_NAME
    except ImportError:
        return None, "chưa có quizzes.demo.DEMO_BANK_NAME"
    from quizzes.models import Question, QuestionBank

    bank = QuestionBank.objects.filter(name=DEMO_BANK_NAME).first()
    if bank is None:
        return None, f"chưa có ngân hàng «{DEMO_BANK_NAME}»"
    active = Question.objects.filter(bank=bank, is_active=True).count()
    if active == 0:
        return None, f"ngân hàng «{DEMO_BANK_NAME}» chưa có câu hỏi"
    return bank, active


def practice_bank():
    """The demo practice round's own bank (practice_questions.json): other facts
    of the seed plans than the graded demo bank's, so practising never reveals a
    graded key. Adds only what is missing."""
    from quizzes.demo import demo_rows
    from quizzes.models import QuestionBank
    from quizzes.services import add_question_rows

    bank, _ = QuestionBank.objects.get_or_create(
        name=PRACTICE_BANK_NAME,
        defaults={
            "description": "Câu hỏi thi thử của cuộc thi mẫu, lấy từ các kế hoạch "
            "cuộc thi; không trùng câu hỏi nào của ngân hàng chính thức."
        },
    )
    existing = set(bank.questions.values_list("text_key", flat=True))
    rows = [row for row in demo_rows(PRACTICE_FILE) if row.key not in existing]
    add_question_rows(bank, rows)
    return bank


def _rounds(today: datetime.date) -> list[dict]:
    day = datetime.timedelta(days=1)
    start = datetime.datetime.combine(today, datetime.time(0), tzinfo=TZ)
    rows = [
        (0, "Thi thử", start - 7 * day, start + 21 * day, True),
        (1, "Tuần 1", start - 7 * day, start, False),
        (2, "Tuần 2", start, start + 7 * day, False),
        (3, "Tuần 3", start + 7 * day, start + 14 * day, False),
    ]
    return [
        {"number": n, "title": t, "opens_at": o, "closes_at": c, "is_practice": p}
        for n, t, o, c, p in rows
    ]


def _attach_banks(contest: Contest, bank, info, practice) -> None:
    """Give the contest the banks it lacks (the demo bank may appear only on a
    later run); a bank organizers chose is kept."""
    changed = []
    if contest.bank_id is None and bank is not None:
        contest.bank = bank
        contest.questions_per_attempt = min(QUESTIONS_PER_ATTEMPT, info)
        changed += ["bank", "questions_per_attempt"]
    if contest.practice_bank_id is None:
        contest.practice_bank = practice
        changed.append("practice_bank")
    if changed:
        contest.save(update_fields=[*changed, "updated_at"])


def seed(stdout) -> None:
    bank, info = demo_bank()
    practice = practice_bank()
    contest = fill.contest(
        SLUG,
        title="Cuộc thi mẫu: Tìm hiểu về chuyển đổi số (đang diễn ra)",
        organizer_name="Ban Tổ chức cuộc thi mẫu",
        description=(
            "Cuộc thi dùng để dùng thử cổng thi: đợt thi thử mở liên tục, đợt chính "
            "thức đang diễn ra tuần này. Đợt thi thử dùng bộ câu hỏi riêng, không "
            "trùng với câu hỏi của các đợt chính thức, và cho xem đáp án ngay sau "
            "khi nộp bài."
        ),
        rules=(
            "Mỗi lượt thi gồm các câu hỏi trắc nghiệm chọn ngẫu nhiên từ ngân hàng "
            "câu hỏi, làm trong 15 phút. Mỗi đợt chính thức được thi 2 lượt, tính "
            "lượt có kết quả tốt nhất. Câu hỏi phụ: dự đoán số người trả lời đúng "
            "tất cả các câu hỏi."
        ),
        is_published=True,
        allow_no_unit=True,
        time_limit_minutes=15,
        attempts_per_round=2,
        prediction_enabled=True,
        prediction_target=Contest.PredictionTarget.PEOPLE_ALL_CORRECT,
        review_after_close=True,
    )
    _attach_banks(contest, bank, info, practice)
    fill.rounds(contest, _rounds(timezone.localdate()))
    fill.tiers(contest, TIERS)
    if contest.bank_id is None:
        stdout.write(
            f"  Cuộc thi mẫu đang mở: CHƯA gắn ngân hàng câu hỏi ({info}); "
            "chạy lại seed_demo sau khi có ngân hàng mẫu."
        )
    else:
        stdout.write(
            f"  Cuộc thi mẫu: /cuoc-thi/{SLUG}/ — {contest.bank} "
            f"({contest.questions_per_attempt} câu mỗi lượt); thi thử: "
            f"{contest.practice_bank}"
        )
