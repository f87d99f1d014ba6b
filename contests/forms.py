"""Forms: the admin's contest settings (JSON fields as plain inputs) and the round
schedule form."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ParticipantGroup

from .models import UNIT_RANKING_KEYS, Contest, RankingGroup
from .models.contest import MSG_PRACTICE_BANK_REQUIRED

MSG_ORDER_UNKNOWN = _("Tiêu chí không hợp lệ: %(keys)s. Dùng: %(valid)s.")
# A schedule reaching the year 9999 overflowed Python's dates (a 500); contests are
# run in this century.
SCHEDULE_YEARS = (2000, 2100)
MSG_START_OUT_OF_RANGE = _(
    "Ngày bắt đầu %(day)s không hợp lệ: chọn một ngày từ năm %(first)s đến năm "
    "%(last)s."
)
MSG_WEIGHT_FORMAT = _(
    "Trọng số viết dạng tiêu_chí=số, cách nhau bởi dấu phẩy, ví dụ: rate=70, prizes=30."
)


class ContestAdminForm(forms.ModelForm):
    allowed_groups = forms.MultipleChoiceField(
        label=_("Đối tượng được dự thi"),
        choices=ParticipantGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Không chọn: mọi đối tượng."),
    )
    collective_order = forms.CharField(
        label=_("Thứ tự tiêu chí xếp hạng tập thể"),
        required=False,
        help_text=_(
            "Các tiêu chí cách nhau bởi dấu phẩy, theo thứ tự ưu tiên: "
            "rate (tỷ lệ tham gia), prizes (số giải cá nhân), contestants (số thí "
            "sinh), avg_score (điểm trung bình)."
        ),
    )
    collective_weights = forms.CharField(
        label=_("Trọng số tiêu chí tập thể"),
        required=False,
        help_text=_("Ví dụ: rate=70, prizes=30. Để trống: xếp theo thứ tự tiêu chí."),
    )

    class Meta:
        model = Contest
        fields = (
            "title",
            "slug",
            "organizer_name",
            "is_published",
            "description",
            "rules",
            "min_age",
            "allowed_groups",
            "unit_root",
            "allow_no_unit",
            "bank",
            "practice_bank",
            "questions_per_attempt",
            "time_limit_minutes",
            "attempts_per_round",
            "counting",
            "shuffle_choices",
            "prediction_enabled",
            "prediction_target",
            "prediction_question",
            "review_after_close",
            "min_seconds_per_question",
            "one_individual_prize_per_person",
            "collective_unit_kind",
            "collective_min_participation_pct",
            "collective_order",
            "collective_weights",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "min_seconds_per_question" in self.fields:
            self.fields["min_seconds_per_question"].required = False
        if self.instance.pk or not self.is_bound:
            self.initial["collective_order"] = ", ".join(
                self.instance.collective_order or []
            )
            self.initial["collective_weights"] = ", ".join(
                f"{k}={v}" for k, v in (self.instance.collective_weights or {}).items()
            )

    def clean_min_seconds_per_question(self) -> int:
        """Empty means the model's default (2 seconds a question)."""
        value = self.cleaned_data.get("min_seconds_per_question")
        if value is None:
            return Contest._meta.get_field("min_seconds_per_question").default
        return value

    def clean_collective_order(self) -> list[str]:
        keys = [k.strip() for k in self.cleaned_data["collective_order"].split(",")]
        keys = [k for k in keys if k]
        unknown = [k for k in keys if k not in UNIT_RANKING_KEYS]
        if unknown:
            raise forms.ValidationError(
                MSG_ORDER_UNKNOWN
                % {"keys": ", ".join(unknown), "valid": ", ".join(UNIT_RANKING_KEYS)}
            )
        return keys

    def clean_collective_weights(self) -> dict[str, int]:
        weights: dict[str, int] = {}
        for part in self.cleaned_data["collective_weights"].split(","):
            if not part.strip():
                continue
            key, sep, value = part.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or key not in UNIT_RANKING_KEYS or not value.isdigit():
                raise forms.ValidationError(MSG_WEIGHT_FORMAT)
            weights[key] = int(value)
        return weights


class RankingGroupForm(forms.ModelForm):
    participant_groups = forms.MultipleChoiceField(
        label=_("Gồm các đối tượng"),
        choices=ParticipantGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RankingGroup
        fields = ("position", "name", "description", "participant_groups")


class RankingGroupFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            for group in form.cleaned_data.get("participant_groups", []):
                if group in seen:
                    raise forms.ValidationError(
                        _("Đối tượng «%(g)s» nằm trong cả hai nhóm %(a)s và %(b)s.")
                        % {
                            "g": ParticipantGroup(group).label,
                            "a": seen[group],
                            "b": form.cleaned_data.get("name"),
                        }
                    )
                seen[group] = form.cleaned_data.get("name")


class RoundFormSet(forms.BaseInlineFormSet):
    """A practice round needs the contest's own practice bank (Contest.practice_bank
    says why): without one it could only draw from the graded bank."""

    def clean(self) -> None:
        super().clean()
        if self.instance.practice_bank_id is not None:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data and not data.get("DELETE") and data.get("is_practice"):
                title = data.get("title") or _("Đợt %(n)s") % {"n": data.get("number")}
                raise forms.ValidationError(
                    MSG_PRACTICE_BANK_REQUIRED % {"round": title}
                )


class TopicQuotaFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        total = 0
        bank = self.instance.bank_id
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            topic = data.get("topic")
            if topic is not None and bank is not None and topic.bank_id != bank:
                raise forms.ValidationError(
                    _("Chủ đề «%(t)s» không thuộc ngân hàng câu hỏi của cuộc thi.")
                    % {"t": topic}
                )
            total += data.get("count") or 0
        if total > (self.instance.questions_per_attempt or 0):
            raise forms.ValidationError(
                _("Tổng số câu theo chủ đề (%(t)s) vượt số câu mỗi lượt thi (%(n)s).")
                % {"t": total, "n": self.instance.questions_per_attempt}
            )


class RoundScheduleForm(forms.Form):
    KIND_CHOICES = [
        ("weekly", _("Theo tuần: thứ Hai 08:00 → 24:00 Chủ nhật")),
        ("period", _("Theo kỳ: mỗi kỳ D ngày liên tiếp")),
    ]
    kind = forms.ChoiceField(label=_("Kiểu lịch"), choices=KIND_CHOICES)
    start = forms.DateField(
        label=_("Ngày bắt đầu"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy. Lịch theo tuần phải bắt đầu vào thứ Hai."),
    )
    count = forms.IntegerField(label=_("Số đợt"), min_value=1, max_value=52)
    days = forms.IntegerField(
        label=_("Số ngày mỗi kỳ"), min_value=1, max_value=366, required=False
    )
    opens_at = forms.TimeField(
        label=_("Giờ mở đợt đầu"),
        initial=datetime.time(8, 0),
        help_text=_("Lịch theo tuần: giờ mở mỗi thứ Hai."),
    )

    def clean_start(self) -> datetime.date:
        start = self.cleaned_data["start"]
        first, last = SCHEDULE_YEARS
        if not first <= start.year <= last:
            raise forms.ValidationError(
                MSG_START_OUT_OF_RANGE
                % {
                    "day": f"{start.day:02}/{start.month:02}/{start.year:04}",
                    "first": first,
                    "last": last,
                }
            )
        return start

    def clean(self):
        data = super().clean()
        if data.get("kind") == "period" and not data.get("days"):
            self.add_error("days", _("Nhập số ngày mỗi kỳ."))
        return data
