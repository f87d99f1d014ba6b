from django import forms
from django.utils.translation import gettext_lazy as _


class JoinForm(forms.Form):
    number = forms.IntegerField(
        label=_("Số báo danh"),
        min_value=1,
        max_value=99999,
        error_messages={"invalid": _("Số báo danh là một số, ví dụ 12.")},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    pin = forms.CharField(
        label=_("Mã PIN"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "class": "pin"}
        ),
    )
