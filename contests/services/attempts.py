"""Starting an attempt, saving answers, submitting. Each service states its contract:
what it reads, what it changes, and whether running it again is safe.

Concurrency, in short: the attempt limit is held by the unique (round, user, number)
slot and the one-open-attempt partial unique index, not by check-then-insert; an
answer save locks its attempt row (FOR NO KEY UPDATE) so it cannot interleave with a
finalisation, which locks every attempt of the (round, user) FOR UPDATE in id order
(in a practice round only the attempt it finishes).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import ParticipantGroup
from core.formatting import format_time

from .. import rules, selectors
from ..models import Attempt, AttemptQuestion, Contest, RankingGroup, Round
from . import prepared
from .common import (
    AnswerConflict,
    AnswerInvalid,
    AnswerNotFound,
    AttemptRefused,
)
from .drawing import Drawn, draw_questions
from .finalising import finalise_attempt, finalise_locked, lock_for_finalising


def _candidate(user, contest: Contest) -> rules.Candidate:
    person = selectors.person_in_contest(contest.id, user.id, user.unit_id)
    return rules.Candidate(
        profile_complete=bool(user.is_profile_complete),
        birth_date=user.birth_date,
        group=user.group,
        group_label=str(ParticipantGroup(user.group).label) if user.group else "",
        unit_name=person.unit_name,
        unit_path=person.unit_path,
        is_staff_of_contest=person.is_staff,
        is_excluded=person.is_excluded,
    )


def _eligibility(contest: Contest) -> rules.Eligibility:
    return rules.Eligibility(
        min_age=contest.min_age,
        allowed_groups=tuple(contest.allowed_groups or ()),
        unit_root_id=contest.unit_root_id,
        unit_root_name=str(contest.unit_root) if contest.unit_root_id else None,
        allow_no_unit=contest.allow_no_unit,
    )


def start_refusal(user, round_: Round, *, now: datetime) -> str | None:
    """Why ``user`` may not start a new attempt in ``round_`` now, or None.
    Reads only; the attempt limit is re-checked against the slot at insert time."""
    contest = round_.contest
    if not user.is_authenticated:
        return rules.MSG_LOGIN_REQUIRED
    if not contest.is_published:
        return rules.MSG_CONTEST_NOT_PUBLISHED
    refusal = rules.eligibility_refusal(
        _candidate(user, contest),
        _eligibility(contest),
        timezone.localtime(round_.opens_at).date(),
    )
    if refusal:
        return refusal
    return rules.round_window_refusal(
        now, round_.opens_at, round_.closes_at, format_time
    )


def person_refusals(user, contest: Contest, *, rounds: list[Round]) -> dict[int, str]:
    """Round id → why ``user`` may not enter that round for who they are (profile,
    contest staff, excluded, age at the round's start, group, unit): the contest
    page says so before they click. One read of the person; reads only."""
    if not user.is_authenticated or not rounds:
        return {}
    candidate = _candidate(user, contest)
    eligibility = _eligibility(contest)
    refusals = {}
    for round_ in rounds:
        refusal = rules.eligibility_refusal(
            candidate, eligibility, timezone.localtime(round_.opens_at).date()
        )
        if refusal:
            refusals[round_.id] = refusal
    return refusals


def ranking_group_for(contest: Contest, participant_group: str) -> RankingGroup | None:
    for group in contest.ranking_groups.all():
        if participant_group in (group.participant_groups or []):
            return group
    return None


def _ranking_group_id(
    contest: Contest, participant_group: str, generation: int | None
) -> int | None:
    """ranking_group_for's id, from the contest's groups prepared in the process."""
    groups = prepared.prepared(
        ("groups", contest.pk, contest.updated_at),
        generation,
        lambda: tuple(
            (g.pk, tuple(g.participant_groups or ()))
            for g in contest.ranking_groups.order_by("position", "id")
        ),
    )
    return next((pk for pk, members in groups if participant_group in members), None)


def start_attempt(user, round_: Round, *, now: datetime | None = None) -> Attempt:
    """Start (or resume) ``user``'s attempt in ``round_``.

    Resumes the open attempt if there is one and its deadline has not passed;
    otherwise checks every SPEC §4 rule (raises AttemptRefused with the reason),
    takes the next attempt slot, draws and stores the questions. Concurrent calls
    (two tabs, double clicks) end with at most one open attempt and never more
    slots than the limit: the loser of the unique index re-evaluates. Safe to call
    again: it returns the same open attempt.
    """
    now = now or timezone.now()
    if not user.is_authenticated:
        raise AttemptRefused(rules.MSG_LOGIN_REQUIRED)
    contest = round_.contest
    for _ in range(3):
        # One look at the person's attempts of the round: the open one, the slots.
        mine = list(
            Attempt.objects.filter(round=round_, user=user)
            .order_by()
            .values_list("id", "number", "status", "deadline")
        )
        open_attempt = next(
            (row for row in mine if row[2] == Attempt.Status.IN_PROGRESS), None
        )
        if open_attempt is not None:
            attempt_id, _number, _status, deadline = open_attempt
            if deadline > now:
                return Attempt.objects.get(pk=attempt_id)
            finalise_attempt(attempt_id, now=now)
        refusal = start_refusal(user, round_, now=now)
        if refusal:
            raise AttemptRefused(refusal)
        used = max((number for _id, number, *_ in mine), default=0)
        if not round_.is_practice and used >= contest.attempts_per_round:
            if Attempt.objects.filter(
                round=round_, user=user, status=Attempt.Status.IN_PROGRESS
            ).exists():
                # A concurrent start (another tab) committed the last slot after our
                # first look: resume that attempt instead of refusing.
                continue
            raise AttemptRefused(
                rules.MSG_NO_ATTEMPTS_LEFT.format(limit=contest.attempts_per_round)
            )
        generation = prepared.current_generation()
        drawn = draw_questions(
            contest, generation=generation, practice=round_.is_practice
        )
        try:
            with transaction.atomic():
                attempt = Attempt.objects.create(
                    round=round_,
                    user=user,
                    number=used + 1,
                    started_at=now,
                    deadline=rules.attempt_deadline(
                        now, contest.time_limit_minutes, round_.closes_at
                    ),
                    question_count=len(drawn),
                    ranking_group_id=_ranking_group_id(contest, user.group, generation),
                    unit_id=user.unit_id,
                )
                _store_drawn(attempt.pk, drawn)
            return attempt
        except IntegrityError:
            # Another request took this slot or opened an attempt first: look again.
            # (Or a prepared snapshot or question vanished: prepare afresh.)
            prepared.forget()
            continue
    raise AttemptRefused(
        rules.MSG_NO_ATTEMPTS_LEFT.format(limit=contest.attempts_per_round)
    )


def _store_drawn(attempt_id: int, drawn: list[Drawn]) -> None:
    """Insert the attempt's drawn questions, in page order, in one statement. Plain
    SQL (SQLite reads it too): bulk_create prepared each of the rows field by
    field, a quarter of a start's Python."""
    if not drawn:
        return
    table = connection.ops.quote_name(AttemptQuestion._meta.db_table)
    order = connection.ops.quote_name("order")
    rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(drawn))
    columns = f"attempt_id, position, question_id, snapshot_id, {order}"
    sql = f"INSERT INTO {table} ({columns}) VALUES {rows}"  # noqa: S608 - our table
    params = [
        value
        for position, d in enumerate(drawn)
        for value in (attempt_id, position, d.question_id, d.snapshot_id, d.order)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# -------------------------------------------------------------------------- answer


def save_answer(
    user,
    attempt_id: int,
    *,
    position: int,
    shown_index: int,
    now: datetime | None = None,
) -> None:
    """Store the answer to question ``position`` of the attempt: ``shown_index`` is
    the choice's index as shown (0 = A). The hot path: one locked read of the
    drawn question with its attempt, one UPDATE by primary key. Refusals raise
    AnswerInvalid / AnswerNotFound / AnswerConflict (kinds of AnswerRefused;
    nothing changes); an attempt past its deadline is finalised.
    Idempotent: saving the same answer twice leaves the same row."""
    now = now or timezone.now()
    if save_answer_if_open(
        user.id, attempt_id, position=position, shown_index=shown_index, now=now
    ):
        return
    expired = False
    with transaction.atomic():
        row = (
            AttemptQuestion.objects.select_for_update(of=("attempt",), no_key=True)
            .select_related("attempt")
            .only(
                "id",
                "order",
                "attempt__id",
                "attempt__user_id",
                "attempt__status",
                "attempt__deadline",
            )
            .filter(attempt_id=attempt_id, position=position)
            .first()
        )
        if row is None:
            _refuse_missing_question(user, attempt_id)
        attempt = row.attempt
        if attempt.user_id != user.id:
            raise AnswerNotFound(rules.MSG_QUESTION_NOT_IN_ATTEMPT)
        if attempt.status != Attempt.Status.IN_PROGRESS:
            raise AnswerConflict(_finished_message(attempt))
        if now >= attempt.deadline:
            expired = True
        else:
            if not 0 <= shown_index < len(row.order):
                raise AnswerInvalid(rules.MSG_CHOICE_INVALID)
            AttemptQuestion.objects.filter(pk=row.pk).update(
                answer=int(row.order[shown_index]), answered_at=now
            )
    if expired:
        finalise_attempt(attempt_id, now=now)
        raise AnswerConflict(rules.MSG_DEADLINE_PASSED)


# The common case in one statement (autocommit): lock the attempt row FOR NO KEY
# UPDATE only if it is this user's, open and before its deadline, and update the
# drawn question through it. A finalisation holds the row FOR UPDATE: the save
# waits for it, then re-checks the row (READ COMMITTED re-evaluation) and finds
# it finished, so it updates nothing and the careful path below says why.
_FAST_SAVE_SQL = """
UPDATE contests_attemptquestion AS aq
   SET answer = CAST(substr(aq."order", %(shown)s + 1, 1) AS smallint),
       answered_at = %(now)s
  FROM (SELECT id FROM contests_attempt AS at
         WHERE id = %(attempt)s AND user_id = %(user)s AND status = %(open)s
           AND deadline > %(now)s
           {account}
           FOR NO KEY UPDATE) AS a
 WHERE aq.attempt_id = a.id AND aq.position = %(position)s
   AND %(shown)s < length(aq."order")
RETURNING aq.id
"""
# With ``password``: the session's user is still this active account with this
# password (what Django's session check would read the row for; session_user.py).
_ACCOUNT_SQL = """AND EXISTS (SELECT 1 FROM {users} AS u WHERE u.id = at.user_id
                       AND u.is_active AND u.password = %(password)s)"""


def save_answer_if_open(
    user_id: int,
    attempt_id: int,
    *,
    position: int,
    shown_index: int,
    now: datetime | None = None,
    password: str | None = None,
) -> bool:
    """The common case of save_answer in one statement (autocommit): True when
    the answer was stored; False when nothing changed and save_answer's careful
    path must decide (a refusal, the deadline, another database). ``password``:
    also require the user row to be active with this password hash, for a caller
    that did not read it (contests.session_user)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    if not (0 <= shown_index < 10 and 0 <= position < 1000 and 0 < attempt_id < 2**62):
        return False
    account = ""
    if password is not None:
        account = _ACCOUNT_SQL.format(users=get_user_model()._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            _FAST_SAVE_SQL.format(account=account),
            {
                "shown": shown_index,
                "now": now or timezone.now(),
                "attempt": attempt_id,
                "user": user_id,
                "open": Attempt.Status.IN_PROGRESS,
                "position": position,
                "password": password,
            },
        )
        return cursor.fetchone() is not None


def _finished_message(attempt: Attempt) -> str:
    if attempt.status == Attempt.Status.EXPIRED:
        return rules.MSG_DEADLINE_PASSED
    return rules.MSG_ALREADY_SUBMITTED


def _refuse_missing_question(user, attempt_id: int):
    attempt = (
        Attempt.objects.filter(pk=attempt_id, user_id=user.id)
        .only("id", "status")
        .first()
    )
    if attempt is None:
        raise AnswerNotFound(rules.MSG_QUESTION_NOT_IN_ATTEMPT)
    raise AnswerInvalid(rules.MSG_QUESTION_NOT_IN_ATTEMPT)


def submit_attempt(
    user,
    attempt_id: int,
    *,
    prediction: str | None = None,
    confirmed: bool = True,
    now: datetime | None = None,
    head: Attempt | None = None,
) -> Attempt:
    """Submit the attempt with the answers saved so far (``head``: the attempt
    with its round and contest, when the caller has just read it).

    Refuses (AnswerInvalid / AnswerNotFound, nothing changes) without
    confirmation or, when the contest has a prediction question, without a valid
    integer ≥ 0. Idempotent: a second submit returns the stored result unchanged.
    After the deadline the attempt is finalised as EXPIRED at the deadline
    instead (prediction dropped).
    """
    now = now or timezone.now()
    if head is None or head.pk != attempt_id or head.user_id != user.id:
        head = (
            Attempt.objects.select_related("round__contest")
            .filter(pk=attempt_id, user_id=user.id)
            .first()
        )
    if head is None:
        raise AnswerNotFound(rules.MSG_QUESTION_NOT_IN_ATTEMPT)
    if head.status != Attempt.Status.IN_PROGRESS:
        return head
    if now >= head.deadline:
        return finalise_attempt(attempt_id, now=now)
    if not confirmed:
        raise AnswerInvalid(rules.MSG_CONFIRM_REQUIRED)
    value = None
    if head.round.contest.prediction_enabled:
        value, error = rules.parse_prediction(prediction)
        if error:
            raise AnswerInvalid(error)
    with transaction.atomic():
        locked = lock_for_finalising(head.round, head)
        attempt = next(a for a in locked if a.id == attempt_id)
        if attempt.status != Attempt.Status.IN_PROGRESS:
            return attempt
        if now >= attempt.deadline:
            status, when, value = Attempt.Status.EXPIRED, attempt.deadline, None
        else:
            status, when = Attempt.Status.SUBMITTED, now
        finalise_locked(
            attempt,
            locked,
            status=status,
            submitted_at=when,
            prediction=value,
            round_=head.round,
        )
        return attempt
