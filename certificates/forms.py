from django import forms
from django.utils.translation import gettext_lazy as _

from contests.models import Contest


class BatchForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Đợt thi"),
        queryset=None,
        required=False,
        empty_label=_("Cả cuộc thi"),
    )

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = contest.rounds.order_by("number")
