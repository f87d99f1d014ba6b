"""Demo results: the demo contestants take the demo contest's closed week (Tuần 1),
the week is closed, ranked and published, so the results pages and the exports
have something to show. The seed contests' past rounds are left to the beat sweep
(a worker closes them within a minute of `make run`).

Idempotent: a week already closed is left alone; a contestant who already took it
is not made to take it again. No fact is invented: people come from accounts.demo,
questions from quizzes.demo, the contest and its tiers from contests.demo.
"""

from __future__ import annotations

import datetime

from accounts.models import User
from contests.models import Attempt, Contest, Round

from . import services
from .models import RoundClosing, Trigger

DEMO_CONTEST = "thi-thu-chuyen-doi-so"
DEMO_ROUND = 1
CONTESTANTS = ("thisinh1", "thisinh2", "thisinh3", "thisinh4")
ORGANIZER = "bantochuc"


def seed(stdout) -> None:
    """Take, close and publish the demo contest's closed week. Safe to re-run."""
    round_ = (
        Round.objects.select_related("contest")
        .filter(contest__slug=DEMO_CONTEST, number=DEMO_ROUND, is_practice=False)
        .first()
    )
    if round_ is None or round_.contest.bank_id is None:
        stdout.write("Kết quả mẫu: chưa có cuộc thi mẫu có ngân hàng câu hỏi; bỏ qua.")
        return
    closing = RoundClosing.objects.filter(pk=round_.pk).first()
    if closing is None or not closing.is_closed:
        taken = _take_round(round_)
        outcome = services.close_round(round_.id, trigger=Trigger.COMMAND)
        stdout.write(f"Kết quả mẫu: {taken} bài thi mẫu. {outcome.message}")
    organizer = User.objects.filter(username=ORGANIZER).first()
    if organizer is not None:
        try:
            stdout.write("  " + services.publish_round(round_.id, user=organizer))
        except services.ResultsRefused as refused:
            stdout.write("  " + refused.message)
    stdout.write(f"  Trang kết quả: /ket-qua/{DEMO_CONTEST}/dot/{DEMO_ROUND}/")


def _take_round(round_: Round) -> int:
    """Each demo contestant who has not taken the week takes it once, inside the
    week: the first answers every question right, each next one a question fewer;
    predictions 1, 2, 3, 4. Returns how many attempts were made."""
    from contests import services as contest_services

    contest: Contest = round_.contest
    made = 0
    for index, username in enumerate(CONTESTANTS):
        user = User.objects.filter(username=username).first()
        if user is None or Attempt.objects.filter(round=round_, user=user).exists():
            continue
        start = round_.opens_at + datetime.timedelta(days=1, hours=index)
        try:
            attempt = contest_services.start_attempt(user, round_, now=start)
        except contest_services.AttemptRefused:
            continue
        drawn = list(attempt.questions.order_by("position"))
        for aq in drawn[: max(len(drawn) - index, 0)]:
            shown = _correct_shown_index(aq)
            if shown is not None:
                contest_services.save_answer(
                    user, attempt.id, position=aq.position, shown_index=shown, now=start
                )
        contest_services.submit_attempt(
            user,
            attempt.id,
            prediction=str(index + 1) if contest.prediction_enabled else None,
            now=start + datetime.timedelta(minutes=3 + index),
        )
        made += 1
    return made


def _correct_shown_index(aq) -> int | None:
    from quizzes.models import Choice

    position = (
        Choice.objects.filter(question_id=aq.question_id, is_correct=True)
        .values_list("position", flat=True)
        .first()
    )
    if position is None:
        return None
    return aq.order.index(str(position))
