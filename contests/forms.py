"""Forms: the admin's contest settings (JSON fields as plain inputs) and the round
schedule form."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import ParticipantGroup

from .models import UNIT_RANKING_KEYS, Contest, RankingGroup
from .models.contest import MSG_PRACTICE_BANK_REQUIRED
from .slugs import slug_from

MSG_ORDER_UNKNOWN = _("Tiêu chí không hợp lệ: %(value)s.")
# A schedule reaching the year 9999 overflowed Python's dates (a 500); contests are
# run in this century.
SCHEDULE_YEARS = (2000, 2100)
MSG_START_OUT_OF_RANGE = _(
    "Ngày bắt đầu %(day)s không hợp lệ: chọn một ngày từ năm %(first)s đến năm "
    "%(last)s."
)
MSG_SLUG_EMPTY = _(
    "Không tạo được đường dẫn từ tên cuộc thi: nhập đường dẫn, ví dụ cuoc-thi-2025."
)
MSG_ORDER_TWICE = _("Mỗi tiêu chí chỉ chọn một lần.")
MSG_WEIGHT_FORMAT = _("Trọng số là một số nguyên không âm, ví dụ 70.")


MAX_SLUG = Contest._meta.get_field("slug").max_length
KEY_CHOICES = [("", _("— không dùng —")), *UNIT_RANKING_KEYS.items()]
PLACES = len(UNIT_RANKING_KEYS)


class LabelledInputs(forms.MultiWidget):
    """Several inputs of one setting, each with its visible label."""

    template_name = "contests/widgets/labelled_inputs.html"

    def __init__(self, labels, make_widget):
        self.labels = list(labels)
        super().__init__([make_widget({"aria-label": label}) for label in self.labels])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["labelled"] = list(
            zip(self.labels, context["widget"]["subwidgets"], strict=True)
        )
        return context


class CollectiveOrderWidget(LabelledInputs):
    def __init__(self):
        super().__init__(
            [_("Xét thứ %(n)s") % {"n": n} for n in range(1, PLACES + 1)],
            lambda attrs: forms.Select(attrs=attrs, choices=KEY_CHOICES),
        )

    def decompress(self, value):
        keys = list(value or [])
        return keys + [""] * (PLACES - len(keys))

    def value_from_datadict(self, data, files, name):
        if f"{name}_0" not in data and name in data:
            # The earlier form's one text box ("rate, prizes"), as scripts send it.
            return [k.strip() for k in data[name].split(",") if k.strip()]
        return super().value_from_datadict(data, files, name)


class CollectiveOrderField(forms.MultiValueField):
    """The collective ranking's keys in order, chosen from UNIT_RANKING_KEYS;
    stored as before: a list such as ["rate", "prizes"]."""

    def __init__(self, **kwargs):
        places = [
            forms.ChoiceField(
                choices=KEY_CHOICES,
                required=False,
                error_messages={"invalid_choice": MSG_ORDER_UNKNOWN},
            )
            for _ in range(PLACES)
        ]
        super().__init__(
            places,
            widget=CollectiveOrderWidget(),
            required=False,
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list) -> list[str]:
        keys = [key for key in data_list or [] if key]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError(MSG_ORDER_TWICE)
        return keys


class CollectiveWeightsWidget(LabelledInputs):
    def __init__(self):
        super().__init__(
            UNIT_RANKING_KEYS.values(),
            lambda attrs: forms.NumberInput(attrs={**attrs, "min": 0}),
        )

    def decompress(self, value):
        value = value or {}
        return [value.get(key) for key in UNIT_RANKING_KEYS]

    def value_from_datadict(self, data, files, name):
        if f"{name}_0" not in data and name in data:
            # The earlier form's one text box ("rate=70, prizes=30").
            pairs = dict(
                part.partition("=")[::2] for part in data[name].split(",") if part
            )
            pairs = {k.strip(): v.strip() for k, v in pairs.items()}
            if set(pairs) - set(UNIT_RANKING_KEYS):
                return ["?"] * PLACES
            return [pairs.get(key, "") for key in UNIT_RANKING_KEYS]
        return super().value_from_datadict(data, files, name)


class CollectiveWeightsField(forms.MultiValueField):
    """A weight per ranking key (empty: not weighted); stored as before: a dict
    such as {"rate": 70, "prizes": 30}."""

    def __init__(self, **kwargs):
        weights = [
            forms.IntegerField(
                min_value=0,
                required=False,
                error_messages={"invalid": MSG_WEIGHT_FORMAT},
            )
            for _ in UNIT_RANKING_KEYS
        ]
        super().__init__(
            weights,
            widget=CollectiveWeightsWidget(),
            required=False,
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list) -> dict[str, int]:
        pairs = zip(UNIT_RANKING_KEYS, data_list or [], strict=False)
        return {key: weight for key, weight in pairs if weight}


class ContestAdminForm(forms.ModelForm):
    allowed_groups = forms.MultipleChoiceField(
        label=_("Đối tượng được dự thi"),
        choices=ParticipantGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Không chọn: mọi đối tượng."),
    )
    slug = forms.CharField(
        label=_("Đường dẫn"),
        max_length=MAX_SLUG,
        required=False,
        help_text=_(
            "Phần cuối địa chỉ trang cuộc thi, tự điền từ tên cuộc thi (chữ không "
            "dấu, nối bằng dấu gạch ngang). Để trống: lấy theo tên."
        ),
    )
    collective_order = CollectiveOrderField(
        label=_("Thứ tự tiêu chí xếp hạng tập thể"),
        help_text=_(
            "Chọn tiêu chí xét trước ở ô thứ nhất; đơn vị bằng nhau ở tiêu chí trước "
            "thì xét tiếp tiêu chí sau. Ô để trống: không dùng."
        ),
    )
    collective_weights = CollectiveWeightsField(
        label=_("Trọng số tiêu chí tập thể (tuỳ chọn)"),
        help_text=_(
            "Chỉ dùng khi kế hoạch tính điểm tổng hợp, ví dụ tỷ lệ tham gia 70 và số "
            "giải 30. Để trống cả: xếp theo thứ tự tiêu chí ở trên."
        ),
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

    def clean_min_seconds_per_question(self) -> int:
        """Empty means the model's default (2 seconds a question)."""
        value = self.cleaned_data.get("min_seconds_per_question")
        if value is None:
            return Contest._meta.get_field("min_seconds_per_question").default
        return value

    def clean_slug(self) -> str:
        """The slug as the server makes it (contests.slugs): typed or taken from
        the title, Vietnamese letters folded to ASCII."""
        typed = self.cleaned_data.get("slug") or self.cleaned_data.get("title") or ""
        slug = slug_from(typed)
        if not slug:
            raise forms.ValidationError(MSG_SLUG_EMPTY)
        return slug


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
