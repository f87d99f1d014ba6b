"""Forms: parse the request; the services check and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import Complaint

RESULT = "ket-qua"
MSG_ABOUT_INVALID = _("Khiếu nại về: chọn kết quả hoặc một câu hỏi của bài thi.")


class ComplaintForm(forms.Form):
    """A contestant's complaint: about the result or one question of the attempt."""

    # A select of the attempt's questions; which positions exist is the
    # service's check (a refusal naming the question), not the form's.
    about = forms.CharField(label=_("Khiếu nại về"), max_length=10, widget=forms.Select)
    text = forms.CharField(
        label=rules.FIELD_TEXT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": rules.MAX_TEXT_CHARS}),
        # Length and emptiness are the service's (messages naming the field).
        required=False,
        strip=False,
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(RESULT, _("Kết quả của tôi (điểm, thứ hạng, giải thưởng)"))]
        choices += [
            (str(position), _("Câu %(n)s: %(text)s") % {"n": position + 1, "text": t})
            for position, t in questions
        ]
        self.fields["about"].widget.choices = choices

    def clean_about(self) -> str:
        about = self.cleaned_data["about"]
        if about != RESULT and not about.isdigit():
            raise forms.ValidationError(MSG_ABOUT_INVALID)
        return about

    def position(self) -> int | None:
        about = self.cleaned_data["about"]
        return None if about == RESULT else int(about)


class AnswerForm(forms.Form):
    """An organizer's answer to one complaint or to all open ones on a question."""

    decision = forms.ChoiceField(
        label=_("Quyết định"),
        choices=[
            (Complaint.Status.ACCEPTED, _("Chấp nhận")),
            (Complaint.Status.REJECTED, _("Không chấp nhận")),
        ],
    )
    reply = forms.CharField(
        label=rules.FIELD_REPLY,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": rules.MAX_TEXT_CHARS}),
        required=False,
        strip=False,
    )
    complaint = forms.IntegerField(required=False, widget=forms.HiddenInput)
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)
