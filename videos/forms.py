"""Forms of the video part: parse input, leave the rules to the services."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import UnitChoiceField

from . import messages as msg
from .models import COUNT_MAX, Criterion, VideoClip, VideoPart

_POINTS_RE = re.compile(r"(\d{1,4})(?:[.,](\d))?")


def parse_points(text: str) -> int | None:
    """ "8", "8.5" or "8,5" -> tenths (80, 85); None when it is not such a number."""
    match = _POINTS_RE.fullmatch((text or "").strip())
    if not match:
        return None
    return int(match.group(1)) * 10 + int(match.group(2) or 0)


class SubmitForm(forms.Form):
    title = forms.CharField(label=_("Tên video"), max_length=200)
    description = forms.CharField(
        label=_("Mô tả"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    external_url = forms.CharField(
        label=_("Hoặc đường dẫn công khai (Facebook, YouTube, TikTok)"),
        max_length=500,
        required=False,
        widget=forms.URLInput(
            attrs={"placeholder": "https://www.youtube.com/watch?v=…"}
        ),
    )
    upload_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    replace = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ScoreForm(forms.Form):
    """One text field per criterion (points, one decimal allowed) and a comment."""

    comment = forms.CharField(
        label=_("Nhận xét"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, criteria: list[Criterion], initial_points=None, **kw):
        super().__init__(*args, **kw)
        self.criteria = criteria
        initial_points = initial_points or {}
        fields = {}
        for c in criteria:
            tenths = initial_points.get(c.pk)
            fields[f"criterion_{c.pk}"] = forms.CharField(
                label=f"{c.name} (0-{c.max_points})",
                required=False,
                initial=_tenths_text(tenths) if tenths is not None else "",
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off"}
                ),
            )
        # Criteria first, comment last.
        self.fields = {**fields, "comment": self.fields["comment"]}

    def clean(self):
        data = super().clean()
        points: dict[int, int | None] = {}
        for c in self.criteria:
            key = f"criterion_{c.pk}"
            raw = (data.get(key) or "").strip()
            if not raw:
                points[c.pk] = None
                continue
            value = parse_points(raw)
            if value is None:
                self.add_error(
                    key,
                    ValidationError(
                        msg.SCORE_NOT_A_NUMBER % {"criterion": c.name, "value": raw}
                    ),
                )
            points[c.pk] = value
        data["points"] = points
        return data

    def criterion_fields(self):
        return [self[f"criterion_{c.pk}"] for c in self.criteria]


def _tenths_text(tenths: int) -> str:
    whole, tenth = divmod(tenths, 10)
    return f"{whole}" if tenth == 0 else f"{whole},{tenth}"


class AssignForm(forms.Form):
    judge = forms.ModelChoiceField(label=_("Giám khảo"), queryset=None)
    clips = forms.ModelMultipleChoiceField(
        label=_("Video (để trống: tất cả)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, part: VideoPart, judges, **kw):
        super().__init__(*args, **kw)
        self.fields["judge"].queryset = judges.select_related("unit")
        self.fields["judge"].label_from_instance = lambda u: (
            f"{u.full_name or u.username} — {u.unit or '—'}"
        )
        self.fields["clips"].queryset = VideoClip.objects.filter(
            part=part
        ).select_related("unit")
        self.fields["clips"].label_from_instance = lambda c: f"{c.unit} — {c.title}"


class AffiliationForm(forms.Form):
    """The organizers record the unit a judge works for (empty: clear it)."""

    judge = forms.ModelChoiceField(
        label=_("Giám khảo"),
        queryset=None,
        error_messages={
            "required": _("Hãy chọn giám khảo."),
            "invalid_choice": msg.AFFILIATION_NOT_A_JUDGE,
        },
    )
    unit = UnitChoiceField(
        label=_("Đơn vị công tác"),
        empty_label=_("— Chưa ghi —"),
        error_messages={"invalid_choice": msg.AFFILIATION_UNKNOWN_UNIT},
        help_text=_(
            "Giám khảo không chấm video của đơn vị này và của đơn vị cấp trên "
            "chứa nó, dù hồ sơ cá nhân ghi đơn vị nào."
        ),
    )

    def __init__(self, *args, judges, **kw):
        super().__init__(*args, **kw)
        self.fields["judge"].queryset = judges
        self.fields["judge"].label_from_instance = lambda u: u.full_name or u.username
        raw = self.data.get(self.add_prefix("unit")) if self.is_bound else None
        try:
            selected = int(raw) if raw else None
        except (TypeError, ValueError):
            selected = None
        self.fields["unit"].load_choices(selected)


class InteractionForm(forms.Form):
    reactions = forms.IntegerField(
        label=_("Bày tỏ cảm xúc"), min_value=0, max_value=COUNT_MAX
    )
    shares = forms.IntegerField(label=_("Chia sẻ"), min_value=0, max_value=COUNT_MAX)
    comments = forms.IntegerField(
        label=_("Bình luận"), min_value=0, max_value=COUNT_MAX
    )


class InteractionImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))
