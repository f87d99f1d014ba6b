"""Admin forms for questions and their choices."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from . import layout
from .importing.checks import say
from .models import Question
from .services import ChoiceInput, validate_choices
from .text import clean_text, text_key

DUPLICATE_QUESTION = _("Ngân hàng “%(bank)s” đã có câu hỏi này (mã %(id)s).")
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

    def clean(self):
        cleaned = super().clean()
        bank, text = cleaned.get("bank"), cleaned.get("text")
        if bank and text:
            # text_key is not a form field, so the (bank, text_key) constraint is
            # checked here, with the same normalisation as the importer.
            other = (
                Question.objects.filter(bank=bank, text_key=text_key(text))
                .exclude(pk=self.instance.pk)
                .values_list("pk", flat=True)
                .first()
            )
            if other is not None:
                self.add_error(
                    "text", say(DUPLICATE_QUESTION, bank=bank.name, id=other)
                )
        return cleaned


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
        problems = validate_choices(choice_inputs(self))
        if problems:
            raise ValidationError(problems)
