"""Stored figures: the dashboard and the Monday report read these rows, never the
attempts table (a province's round holds hundreds of thousands of attempts).

Both hold counts only (no personal data) as JSON of plain integers, so a page or
an Excel file is a read of one row plus the unit tree."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from contests.models import Contest


class DailySnapshot(models.Model):
    """A contest's dashboard figures as of the end of ``day`` (or of
    ``computed_at`` for today): refreshed by the beat sweep
    (insights.refresh_due_dashboards), final once computed after the day ended.
    The daily public participation table reads one row per day."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="daily_snapshots",
    )
    day = models.DateField(_("ngày"))
    computed_at = models.DateTimeField(_("tính lúc"))
    # Figures up to this moment: min(computed_at, the day's end).
    until = models.DateTimeField(_("số liệu đến"))
    data = models.JSONField(_("số liệu"))

    class Meta:
        verbose_name = _("số liệu theo ngày")
        verbose_name_plural = _("số liệu theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "day"], name="insights_snapshot_one_per_day"
            )
        ]
        # The dashboard reads a contest's latest row; the public table one day.
        ordering = ["contest", "-day"]

    def __str__(self) -> str:
        return f"{self.contest} — {self.day:%d/%m/%Y}"

    @property
    def is_final(self) -> bool:
        return self.until < self.computed_at


class WeeklyReport(models.Model):
    """The figures of one contest's week (Monday to Sunday, Asia/Ho_Chi_Minh) for
    every unit of its tree, so any subtree's report (Bắc Sơn district's) is a
    slice of this row. Stored once the week has closed; ``mailed_at`` records the
    one Monday mail to the contest's organizers."""

    contest = models.ForeignKey(
        Contest,
        verbose_name=_("cuộc thi"),
        on_delete=models.CASCADE,
        related_name="weekly_reports",
    )
    week_start = models.DateField(_("tuần bắt đầu từ"))
    computed_at = models.DateTimeField(_("tính lúc"))
    data = models.JSONField(_("số liệu"))
    mailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)
    mailed_to = models.TextField(_("đã gửi tới"), blank=True)

    class Meta:
        verbose_name = _("báo cáo tuần")
        verbose_name_plural = _("báo cáo tuần")
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "week_start"], name="insights_report_one_per_week"
            )
        ]
        ordering = ["contest", "-week_start"]

    def __str__(self) -> str:
        return f"{self.contest} — {self.week_start:%d/%m/%Y}"
