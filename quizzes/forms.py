"""Admin forms for questions and their choices."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from . import layout
from .importing.checks import say
from .models import Question
from .services import ChoiceInput, validate_choices
from .text import clean_text, content_key, text_key

DUPLICATE_QUESTION = _(
    "Ngân hàng “%(bank)s” đã có câu hỏi này với cùng các đáp án (mã %(id)s)."
)
QUESTION_TOO_LONG = _("Câu hỏi dài %(length)s ký tự, tối đa %(limit)s.")
EXPLANATION_TOO_LONG = _("Giải thích dài %(length)s ký tự, tối đa %(limit)s.")


class QuestionAdminForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["bank", "topic", "text", "difficulty", "explanation", "is_active"]

    def clean_text(self) -> str:
        text = clean_text(self.cleaned_data["text"])
        if len(text) > layout.MAX_QUESTION_CHARS:
            limit = layout.MAX_QUESTION_CHARS
            raise ValidationError(say(QUESTION_TOO_LONG, length=len(text), limit=limit))
        return text

    def clean_explanation(self) -> str:
        explanation = clean_text(self.cleaned_data.get("explanation"))
        if len(explanation) > layout.MAX_EXPLANATION_CHARS:
            raise ValidationError(
                say(
                    EXPLANATION_TOO_LONG,
                    length=len(explanation),
                    limit=layout.MAX_EXPLANATION_CHARS,
                )
            )
        return explanation


def choice_inputs(formset) -> list[ChoiceInput]:
    """The choices a formset submits, in display order, without deleted or blank
    extra forms."""
    items = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        items.append(
            ChoiceInput(
                text=data.get("text") or "",
                is_correct=bool(data.get("is_correct")),
                id=form.instance.pk,
            )
        )
    return items


class ChoiceInlineFormSet(BaseInlineFormSet):
    """2-6 non-empty choices, exactly one correct: the same rule as the importer."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        items = choice_inputs(self)
        problems = validate_choices(items)
        if problems:
            raise ValidationError(problems)
        other = duplicate_of(self.instance, [item.text for item in items])
        if other is not None:
            raise ValidationError(
                say(DUPLICATE_QUESTION, bank=self.instance.bank.name, id=other)
            )


def duplicate_of(question: Question, choices: list[str]) -> int | None:
    """Another question of the bank with the same text and the same options (the
    same text with other options is another question); its id, or None.
    `question` carries the text being saved (the admin builds it before the
    choice formset is checked)."""
    if not question.bank_id or not question.text:
        return None
    wanted = content_key(question.text, choices)
    others = (
        Question.objects.filter(
            bank_id=question.bank_id, text_key=text_key(question.text)
        )
        .exclude(pk=question.pk)
        .prefetch_related("choices")
    )
    for other in others:
        if content_key(other.text, [c.text for c in other.choices.all()]) == wanted:
            return other.pk
    return None
