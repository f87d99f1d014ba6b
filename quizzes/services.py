"""Writes to question banks: import, choices and their key, activation.

Every service runs in its own transaction and either applies all of its work or none.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bulk import insert_rows
from core.formatting import ascii_fold

from . import layout
from .importing import QuestionRow, RowError, Skipped, messages, parse_file
from .importing.checks import say
from .models import Choice, KeyChange, Question, QuestionBank, Topic
from .signals import bank_changed, key_changed
from .text import (
    clean_text,
    content_key,
    normalized_for_key,
    text_key,
)

# Checked by the admin's choice formset and by replace_choices.
CHOICES_TOO_FEW = _("Câu hỏi cần ít nhất %(min)s đáp án.")
CHOICES_TOO_MANY = _("Câu hỏi có tối đa %(max)s đáp án (A-F).")
CHOICE_EMPTY = _("Đáp án không được để trống.")
CHOICE_TOO_LONG = _("Đáp án dài %(length)s ký tự, tối đa %(limit)s.")
NEED_ONE_CORRECT = _("Phải đánh dấu đúng một đáp án đúng (hiện có %(count)s).")

QUESTION_BATCH = 1000
CHOICE_BATCH = 5000


@dataclass
class ImportOutcome:
    """What an import found and did. `errors` empty and not dry_run: it was applied."""

    bank_name: str
    fmt: str
    dry_run: bool
    rows: list[QuestionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[RowError] = field(default_factory=list)  # understood or tidied
    error_values: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Rows whose question (text and options) is already in the bank: not written.
    existing: list[QuestionRow] = field(default_factory=list)
    created: int = 0
    topics_created: int = 0
    question_ids: list[int] = field(default_factory=list)  # in row order

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def new_count(self) -> int:
        """Questions the import writes (or would write): rows not in the bank."""
        return len(self.rows) - len(self.existing)


class _Rejected(Exception):
    """Rolls back the import transaction when a concurrent write made rows invalid."""


def import_questions(
    *,
    data: bytes,
    bank_name: str,
    fmt: str = "xlsx",
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    on_written: Callable[[ImportOutcome], None] | None = None,
) -> ImportOutcome:
    """Parse `data` (xlsx, aiken or gift), check every question, and add all to the
    bank named `bank_name` (created when new) in one transaction, or nothing.

    Checks: the file itself (type by content, size, rows), headers, each row (empty
    question, 2-6 choices, exactly one correct naming a filled choice, lengths,
    difficulty), duplicates within the file (the same text with the same options),
    and one reference document per topic. Questions already in the bank (text and
    options) are not written again: they are listed in `existing`, and the rest is
    imported. Moodle questions that are not single-answer multiple choice are
    skipped and listed. With dry_run nothing is written. Safe to re-run: a second
    run of the same file writes nothing. `progress(step)` is told each step
    reached: 1 file read and checked, 2 compared with the bank, 3 written.
    `on_written(outcome)` runs inside the writing transaction, after the questions
    are added: what it writes commits with them or not at all.
    """
    bank_name = clean_text(bank_name)
    outcome = ImportOutcome(bank_name=bank_name, fmt=fmt, dry_run=dry_run)
    if not bank_name:
        outcome.errors.append(RowError(str(messages.BANK_NAME_REQUIRED)))
        return outcome
    max_name = QuestionBank._meta.get_field("name").max_length
    if len(bank_name) > max_name:
        outcome.errors.append(
            RowError(say(messages.BANK_NAME_TOO_LONG, limit=max_name))
        )
        return outcome
    parsed = parse_file(data, fmt)
    if progress is not None:
        progress(1)
    outcome.rows = parsed.rows
    outcome.skipped = parsed.skipped
    outcome.notices = parsed.notices
    outcome.error_values = parsed.error_values
    if parsed.errors:
        outcome.errors = parsed.errors
        return outcome
    bank = QuestionBank.objects.filter(name=bank_name).first()
    outcome.errors = check_against_bank(bank, bank_name=bank_name, rows=parsed.rows)
    outcome.existing = already_in_bank(bank, parsed.rows)
    if progress is not None:
        progress(2)
    if outcome.errors or dry_run:
        return outcome
    try:
        with transaction.atomic():
            bank, _created = QuestionBank.objects.get_or_create(name=bank_name)
            # One import at a time per bank: the duplicate check below stays true
            # until commit.
            bank = QuestionBank.objects.select_for_update().get(pk=bank.pk)
            errors = check_against_bank(bank, bank_name=bank_name, rows=parsed.rows)
            if errors:
                outcome.errors = errors
                raise _Rejected
            outcome.existing = already_in_bank(bank, parsed.rows)
            skip = {row.row for row in outcome.existing}
            new_rows = [row for row in parsed.rows if row.row not in skip]
            outcome.topics_created, outcome.question_ids = add_question_rows(
                bank, new_rows
            )
            outcome.created = len(outcome.question_ids)
            if on_written is not None:
                on_written(outcome)
    except _Rejected:
        outcome.question_ids = []
        outcome.created = outcome.topics_created = 0
    if progress is not None:
        progress(3)
    return outcome


def check_against_bank(
    bank: QuestionBank | None, *, bank_name: str, rows: Sequence[QuestionRow]
) -> list[RowError]:
    """Rows that tie a topic to another document than the bank's. (Questions
    already in the bank are not errors: see already_in_bank.)"""
    if bank is None:
        return []
    topics = {
        normalized_for_key(name): document
        for name, document in Topic.objects.filter(bank=bank).values_list(
            "name", "document_title"
        )
    }
    errors = []
    for row in rows:
        document = topics.get(normalized_for_key(row.topic)) if row.topic else None
        if document and row.document_title and document != row.document_title:
            errors.append(
                RowError(
                    say(
                        messages.TOPIC_DOCUMENT_CONFLICT,
                        topic=row.topic,
                        document=document,
                        where=str(messages.WHERE_BANK),
                    ),
                    row=row.row,
                    column=layout.DOCUMENT,
                )
            )
    return errors


def already_in_bank(
    bank: QuestionBank | None, rows: Sequence[QuestionRow]
) -> list[QuestionRow]:
    """The rows whose question is in the bank already: the same text with the
    same options. Two queries per 5,000 distinct texts, none per row."""
    if bank is None or not rows:
        return []
    keys = list({row.key for row in rows})
    options: dict[int, list[str]] = {}
    texts: dict[int, str] = {}
    for start in range(0, len(keys), 5000):
        found = dict(
            Question.objects.filter(
                bank=bank, text_key__in=keys[start : start + 5000]
            ).values_list("pk", "text")
        )
        texts.update(found)
        for question_id, text in Choice.objects.filter(
            question_id__in=list(found)
        ).values_list("question_id", "text"):
            options.setdefault(question_id, []).append(text)
    if not texts:
        return []
    known = {content_key(texts[pk], options.get(pk, [])) for pk in texts}
    in_bank = {text_key(text) for text in texts.values()}
    return [
        row
        for row in rows
        if row.key in in_bank and content_key(row.text, row.choices) in known
    ]


def add_question_rows(
    bank: QuestionBank, rows: Sequence[QuestionRow]
) -> tuple[int, list[int]]:
    """Create topics, questions and choices for checked rows with bulk inserts.

    Call inside a transaction, after check_against_bank. Returns (topics created,
    ids of the questions created, in row order). A topic that exists (compared
    without case) is reused; its empty document title is filled from the rows.
    """
    # Bulk and raw inserts send no model signals.
    bank_changed.send(sender=QuestionBank, bank_id=bank.pk)
    topics = {normalized_for_key(t.name): t for t in Topic.objects.filter(bank=bank)}
    new_topics: dict[str, Topic] = {}
    to_update: dict[str, Topic] = {}
    for row in rows:
        if not row.topic:
            continue
        name = normalized_for_key(row.topic)
        topic = topics.get(name) or new_topics.get(name)
        if topic is None:
            new_topics[name] = Topic(
                bank=bank, name=row.topic, document_title=row.document_title
            )
        elif row.document_title and not topic.document_title:
            topic.document_title = row.document_title
            if topic.pk:
                to_update[name] = topic
    Topic.objects.bulk_create(new_topics.values())
    if to_update:
        Topic.objects.bulk_update(to_update.values(), ["document_title"])
    topics.update(new_topics)
    topic_ids = [
        topics[normalized_for_key(row.topic)].pk if row.topic else None for row in rows
    ]
    if connection.vendor == "postgresql":
        ids = _insert_postgres(bank, rows, topic_ids)
    else:
        ids = _insert_orm(bank, rows, topic_ids)
    return len(new_topics), ids


def _insert_orm(
    bank: QuestionBank, rows: Sequence[QuestionRow], topic_ids: list[int | None]
) -> list[int]:
    questions = [
        Question(
            bank=bank,
            topic_id=topic_id,
            text=row.text,
            text_key=row.key,
            text_ascii=ascii_fold(row.text),
            difficulty=row.difficulty,
            explanation=row.explanation,
        )
        for row, topic_id in zip(rows, topic_ids, strict=True)
    ]
    Question.objects.bulk_create(questions, batch_size=QUESTION_BATCH)
    Choice.objects.bulk_create(
        (
            Choice(
                question_id=question.pk,
                position=position,
                text=text,
                is_correct=position == row.correct,
            )
            for question, row in zip(questions, rows, strict=True)
            for position, text in enumerate(row.choices)
        ),
        batch_size=CHOICE_BATCH,
    )
    return [question.pk for question in questions]


def _insert_postgres(
    bank: QuestionBank, rows: Sequence[QuestionRow], topic_ids: list[int | None]
) -> list[int]:
    """Questions and choices with COPY, the questions' ids taken from their
    sequence first (one query), so that the choices can name them.

    bulk_create builds a model instance and a parameter list per row and per
    choice; at 20,000 questions (80,000 choices) that alone takes seconds, and
    INSERT ... SELECT FROM unnest still had Postgres build every row from arrays.
    The benchmark wants >= 5,000 questions a second."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('quizzes_question', 'id')) "
            "FROM generate_series(1, %s) ORDER BY 1",
            [len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
    insert_rows(
        Question,
        QUESTION_COPY_FIELDS,
        (
            (
                pk,
                now,
                now,
                bank.pk,
                True,
                topic_id,
                row.text,
                row.key,
                ascii_fold(row.text),
                row.difficulty,
                row.explanation,
            )
            for pk, row, topic_id in zip(ids, rows, topic_ids, strict=True)
        ),
    )
    insert_rows(
        Choice,
        ("question", "position", "text", "is_correct"),
        (
            (pk, position, text, position == row.correct)
            for pk, row in zip(ids, rows, strict=True)
            for position, text in enumerate(row.choices)
        ),
    )
    return ids


QUESTION_COPY_FIELDS = (
    "id",
    "created_at",
    "updated_at",
    "bank",
    "is_active",
    "topic",
    "text",
    "text_key",
    "text_ascii",
    "difficulty",
    "explanation",
)


@dataclass(frozen=True)
class ChoiceInput:
    """One choice as an editor submits it; id is None for a new one."""

    text: str
    is_correct: bool
    id: int | None = None


def validate_choices(items: Sequence[ChoiceInput]) -> list[str]:
    """The problems of a question's choice list, as messages; [] when valid."""
    problems = []
    if len(items) < layout.MIN_CHOICES:
        problems.append(say(CHOICES_TOO_FEW, min=layout.MIN_CHOICES))
    if len(items) > layout.MAX_CHOICES:
        problems.append(say(CHOICES_TOO_MANY, max=layout.MAX_CHOICES))
    for item in items:
        text = clean_text(item.text)
        if not text:
            problems.append(str(CHOICE_EMPTY))
        elif len(text) > layout.MAX_CHOICE_CHARS:
            problems.append(
                say(CHOICE_TOO_LONG, length=len(text), limit=layout.MAX_CHOICE_CHARS)
            )
    correct = sum(1 for item in items if item.is_correct)
    if correct != 1:
        problems.append(say(NEED_ONE_CORRECT, count=correct))
    return problems


@transaction.atomic
def replace_choices(
    question: Question, items: Sequence[ChoiceInput], *, user=None
) -> KeyChange | None:
    """Make the question's choices exactly `items`, in order (A, B, ...).

    Choices with an id are updated, others created, missing ones deleted. When the
    correct choice is a different one than before, a KeyChange records who changed
    it, when, and the old and new key, and ``signals.key_changed`` is sent after
    commit. Raises ValidationError (nothing written) unless
    there are 2-6 non-empty choices with exactly one correct.
    """
    problems = validate_choices(items)
    if problems:
        raise ValidationError(problems)
    existing = {
        c.pk: c for c in Choice.objects.select_for_update().filter(question=question)
    }
    old_correct = next((c for c in existing.values() if c.is_correct), None)
    # Captured before the loop below moves the same instance to its new place.
    old_key = (old_correct.letter, old_correct.text) if old_correct else None
    kept = {item.id for item in items if item.id in existing}
    Choice.objects.filter(question=question).exclude(pk__in=kept).delete()
    # Move the kept rows out of the way first: (question, position) and "one correct"
    # are unique, and rows are checked one at a time while they are rewritten.
    Choice.objects.filter(pk__in=kept).update(
        position=F("position") + 100, is_correct=False
    )
    bank_changed.send(sender=QuestionBank, bank_id=question.bank_id)
    new_correct = None
    for position, item in enumerate(items):
        text = clean_text(item.text)
        if item.id in existing:
            choice = existing[item.id]
            choice.position, choice.text, choice.is_correct = (
                position,
                text,
                item.is_correct,
            )
            choice.save(update_fields=["position", "text", "is_correct"])
        else:
            choice = Choice.objects.create(
                question=question,
                position=position,
                text=text,
                is_correct=item.is_correct,
            )
        if item.is_correct:
            new_correct = choice
    if old_correct is None or old_correct.pk == new_correct.pk:
        return None
    change = KeyChange.objects.create(
        question=question,
        old_choice=old_correct if old_correct.pk in kept else None,
        new_choice=new_correct,
        old_key=old_key[0],
        new_key=new_correct.letter,
        old_text=old_key[1],
        new_text=new_correct.text,
        changed_by=user if user is not None and user.is_authenticated else None,
    )
    # robust: the correction has committed; a listener's failure is logged, and
    # never turns the organizer's saved correction into an error page.
    transaction.on_commit(
        lambda: key_changed.send(sender=KeyChange, key_change_id=change.pk),
        robust=True,
    )
    return change


def set_questions_active(question_ids: Iterable[int], active: bool) -> int:
    """Activate or deactivate questions (one UPDATE); returns how many changed.

    Safe to re-run: questions already in that state are left alone.
    """
    changed = (
        Question.objects.filter(pk__in=list(question_ids))
        .exclude(is_active=active)
        .update(is_active=active, updated_at=timezone.now())
    )
    if changed:
        bank_changed.send(sender=QuestionBank, bank_id=None)
    return changed
