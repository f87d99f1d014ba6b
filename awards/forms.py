"""Forms of the staff results pages: an export request and a regrade note."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from contests.models import Contest

from .models import ExportJob

MSG_ROUND_REQUIRED = _("Chọn đợt thi cho loại danh sách này.")
MSG_ROUND_UNKNOWN = _("Cuộc thi không có đợt thi số %(n)s.")
MSG_UNIT_REQUIRED = _("Nhập mã đơn vị cho báo cáo tham gia.")
MSG_UNIT_UNKNOWN = _("Không có đơn vị mã «%(code)s».")


class ExportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại danh sách"), choices=ExportJob.Kind.choices)
    round = forms.IntegerField(label=_("Đợt thi số"), required=False, min_value=0)
    unit = forms.CharField(label=_("Mã đơn vị"), required=False, max_length=50)

    def __init__(self, *args, contest: Contest, **kwargs):
        super().__init__(*args, **kwargs)
        self.contest = contest
        self.round_obj = None
        self.unit_obj = None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in (ExportJob.Kind.ROUND, ExportJob.Kind.RANKING):
            number = data.get("round")
            if number is None:
                self.add_error("round", MSG_ROUND_REQUIRED)
            else:
                self.round_obj = self.contest.rounds.filter(number=number).first()
                if self.round_obj is None:
                    self.add_error("round", MSG_ROUND_UNKNOWN % {"n": number})
        if kind == ExportJob.Kind.PARTICIPATION:
            code = (data.get("unit") or "").strip()
            if not code:
                self.add_error("unit", MSG_UNIT_REQUIRED)
            else:
                self.unit_obj = Unit.objects.filter(code=code).first()
                if self.unit_obj is None:
                    self.add_error("unit", MSG_UNIT_UNKNOWN % {"code": code})
        return data


class RegradeForm(forms.Form):
    note = forms.CharField(
        label=_("Lý do chấm lại"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: sửa đáp án câu 12")}),
    )
