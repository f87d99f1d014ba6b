"""Reads of question banks: counts, export rows, and the usage hook for contests."""

from collections.abc import Iterator

from django.apps import apps
from django.db.models import Count, Q, QuerySet

from . import layout
from .models import Choice, KeyChange, Question, Topic


def question_usage_count(question_id: int) -> int:
    """How many contest attempts have shown this question.

    Attempts belong to the contests app, which imports quizzes; the model is looked up
    through the app registry so the dependency keeps pointing one way. The question
    admin warns before editing a used question.
    """
    attempt_question = apps.get_model("contests", "AttemptQuestion")
    return attempt_question.objects.filter(question_id=question_id).count()


def topic_question_counts(bank_id: int) -> QuerySet[Topic]:
    """The bank's topics with `total` and `active` question counts, by name."""
    return (
        Topic.objects.filter(bank_id=bank_id)
        .annotate(
            total=Count("questions"),
            active=Count("questions", filter=Q(questions__is_active=True)),
        )
        .order_by("name")
    )


def key_changes_for(question_id: int) -> QuerySet[KeyChange]:
    return KeyChange.objects.filter(question_id=question_id).select_related(
        "changed_by"
    )


def export_rows(questions: QuerySet[Question]) -> Iterator[tuple[str, ...]]:
    """One row per question in the layout of quizzes.layout.HEADERS.

    Two queries whatever the size: questions with their topic, then all their choices
    in (question, position) order.
    """
    rows = list(
        questions.order_by("pk").values_list(
            "pk",
            "topic__name",
            "topic__document_title",
            "text",
            "difficulty",
            "explanation",
        )
    )
    choices: dict[int, list[tuple[str, bool]]] = {}
    for question_id, text, is_correct in (
        Choice.objects.filter(question__in=questions.values("pk"))
        .order_by("question_id", "position")
        .values_list("question_id", "text", "is_correct")
        .iterator(chunk_size=5000)
    ):
        choices.setdefault(question_id, []).append((text, is_correct))
    for pk, topic, document, text, difficulty, explanation in rows:
        options = choices.get(pk, [])
        texts = [option for option, _ in options][: layout.MAX_CHOICES]
        correct = next(
            (layout.LETTERS[i] for i, (_, ok) in enumerate(options) if ok), ""
        )
        yield (
            topic or "",
            text,
            *texts,
            *[""] * (layout.MAX_CHOICES - len(texts)),
            correct,
            layout.DIFFICULTY_LABELS.get(difficulty, ""),
            explanation,
            document or "",
        )
