"""django-celery-beat's crontab admin, made safe for a mistyped schedule.

The library's admin renders `human_readable` as a read-only field; on a form refused
for a value such as minute "-1" it parsed the unsaved value again and answered 500
instead of the error, and its own errors are English ("No enumeration for Minutes").
Here each field is checked by celery's own parser and refused in Vietnamese, naming
the field and showing what is accepted; the description says "—" for a value celery
cannot read."""

from celery.schedules import crontab
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import CrontabScheduleAdmin
from django_celery_beat.models import CrontabSchedule

UNREADABLE = "—"
MSG_CRON_FIELD = _(
    "%(field)s: “%(value)s” không đọc được. Dùng *, một số từ %(low)s đến %(high)s, "
    "khoảng 1-5, danh sách 1,15 hoặc bước */15."
)
MSG_TIMEZONE = _("Múi giờ không hợp lệ; chọn một múi giờ trong danh sách.")

# field -> (label, lowest, highest)
CRON_FIELDS = {
    "minute": (_("Phút"), 0, 59),
    "hour": (_("Giờ"), 0, 23),
    "day_of_month": (_("Ngày trong tháng"), 1, 31),
    "month_of_year": (_("Tháng"), 1, 12),
    "day_of_week": (_("Thứ trong tuần"), 0, 6),
}


def _cron_error(field: str, value: str) -> forms.ValidationError:
    label, low, high = CRON_FIELDS[field]
    shown = value if len(value) <= 40 else value[:40] + "…"
    return forms.ValidationError(
        MSG_CRON_FIELD,
        code="invalid",
        params={"field": label, "value": shown, "low": low, "high": high},
    )


class CrontabScheduleForm(forms.ModelForm):
    class Meta:
        model = CrontabSchedule
        fields = (
            "minute",
            "hour",
            "day_of_month",
            "month_of_year",
            "day_of_week",
            "timezone",
        )
        error_messages = {"timezone": {"invalid_choice": MSG_TIMEZONE}}

    def _clean_cron(self, field: str) -> str:
        value = (self.cleaned_data.get(field) or "").strip()
        try:
            crontab(**{field: value})
        except Exception as error:  # celery's ParseException, ValueError, KeyError
            raise _cron_error(field, value) from error
        return value

    def clean_minute(self):
        return self._clean_cron("minute")

    def clean_hour(self):
        return self._clean_cron("hour")

    def clean_day_of_month(self):
        return self._clean_cron("day_of_month")

    def clean_month_of_year(self):
        return self._clean_cron("month_of_year")

    def clean_day_of_week(self):
        return self._clean_cron("day_of_week")


class ReadableCrontabScheduleAdmin(CrontabScheduleAdmin):
    form = CrontabScheduleForm
    list_display = ("__str__", "description")
    fields = (
        "description",
        "minute",
        "hour",
        "day_of_month",
        "month_of_year",
        "day_of_week",
        "timezone",
    )
    readonly_fields = ("description",)

    @admin.display(description=_("Mô tả"))
    def description(self, obj: CrontabSchedule) -> str:
        if obj.pk is None:
            return UNREADABLE
        try:
            return obj.human_readable
        except Exception:  # a row written outside this form with a bad value
            return UNREADABLE


admin.site.unregister(CrontabSchedule)
admin.site.register(CrontabSchedule, ReadableCrontabScheduleAdmin)
