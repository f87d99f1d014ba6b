"""Admin: rounds with their closing state and the actions "close now", "publish",
"regrade", "export"; awards, closing records, regrade audit, exports (read-only).

Every list shows only the contests the person is staff of, and every action is
checked per contest (contests.permissions): an organizer of one contest never
closes, publishes, regrades or exports another's. Actions are thin: they check
the permission, enqueue the task after commit (a
close or regrade of a big round takes longer than a request) or call a cheap
service (publish), and report one message per round.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from contests.permissions import Action, ContestScopedAdminMixin, may, refusal
from contests.services import RoundRefused
from core.formatting import duration, local_datetime, money

from . import exports, services, tasks
from .models import (
    Award,
    ClosableRound,
    ContestClosing,
    ExportJob,
    RegradeRun,
    RoundClosing,
    Trigger,
    UnitResult,
)
from .views.staff import (
    MSG_CLOSE_QUEUED,
    MSG_CONTEST_QUEUED,
    MSG_REGRADE_QUEUED,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _label(round_) -> str:
    return f"«{round_.contest.title}» — {round_}"


CONTEST_FILTER = ("contest", admin.RelatedOnlyFieldListFilter)


@admin.register(ClosableRound)
class ClosableRoundAdmin(ContestScopedAdminMixin, ReadOnlyAdmin):
    list_display = (
        "__str__",
        "contest",
        "closes_at",
        "state",
        "ranked",
        "prizes",
        "published",
    )
    list_filter = (CONTEST_FILTER,)
    list_select_related = ("contest", "closing")
    ordering = ("contest", "number")
    search_fields = ("contest__title", "title")
    actions = (
        "close_now",
        "publish_results",
        "regrade_rounds",
        "export_awards",
        "compute_contest_results",
    )

    # --- columns

    def _closing(self, obj):
        try:
            return obj.closing
        except RoundClosing.DoesNotExist:
            return None

    @admin.display(description=_("trạng thái"))
    def state(self, obj) -> str:
        closing = self._closing(obj)
        if obj.is_practice:
            return _("Thi thử")
        if closing is not None and closing.is_closed:
            return _("Đã đóng %(at)s (xếp hạng trong %(took)s)") % {
                "at": local_datetime(closing.closed_at),
                "took": duration(closing.duration_ms),
            }
        if obj.closes_at <= timezone.now():
            return _("Hết giờ, chờ đóng")
        return _("Chưa kết thúc")

    @admin.display(description=_("xếp hạng"))
    def ranked(self, obj):
        closing = self._closing(obj)
        return closing.ranked if closing and closing.is_closed else "—"

    @admin.display(description=_("giải"))
    def prizes(self, obj):
        closing = self._closing(obj)
        if not closing or not closing.is_closed:
            return "—"
        return f"{closing.awards_count} / {money(closing.prize_total_vnd)}"

    @admin.display(description=_("công bố"), boolean=True)
    def published(self, obj) -> bool:
        closing = self._closing(obj)
        return bool(closing and closing.is_published)

    # --- permissions of the actions

    def has_close_permission(self, request) -> bool:
        return request.user.has_perm("awards.close_round")

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm("awards.publish_results")

    def has_regrade_permission(self, request) -> bool:
        return request.user.has_perm("awards.regrade_round")

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("awards.export_awards")

    # --- actions

    def _allowed(self, request, rounds, action: Action) -> list:
        """The rounds of contests where the person may do `action`; a refusal
        message for each other contest (the global permission let the action run,
        the contest's own staff list decides)."""
        allowed, refused = [], {}
        for round_ in rounds:
            if may(request.user, action, round_.contest):
                allowed.append(round_)
            else:
                refused[round_.contest_id] = round_.contest
        for contest in refused.values():
            self.message_user(request, refusal(action, contest), messages.ERROR)
        return allowed

    @admin.action(description=_("Đóng đợt thi ngay"), permissions=["close"])
    def close_now(self, request, queryset):
        """Close rounds whose time is up; a running round is ended now and closed,
        after a confirmation page that says how many attempts are in progress."""
        now = timezone.now()
        rounds = self._allowed(
            request, queryset.select_related("contest"), Action.CLOSE
        )
        running = [
            r for r in rounds if not r.is_practice and r.opens_at < now < r.closes_at
        ]
        if running and request.POST.get("confirm") != "1":
            return TemplateResponse(
                request,
                "admin/awards/close_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Đóng đợt thi ngay?"),
                    "opts": self.model._meta,
                    "rounds": rounds,
                    "warnings": [
                        services.confirm_end_message(r, label=_label(r), now=now)
                        for r in running
                    ],
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for round_ in rounds:
            if round_.is_practice:
                self.message_user(
                    request,
                    services.MSG_PRACTICE.format(round=_label(round_)),
                    messages.WARNING,
                )
            elif round_.closes_at > now:
                try:
                    message = services.end_and_close(
                        round_,
                        label=_label(round_),
                        trigger=Trigger.ADMIN,
                        user_id=request.user.id,
                    )
                except RoundRefused as refused:
                    self.message_user(
                        request, f"{_label(round_)}: {refused.message}", messages.ERROR
                    )
                else:
                    self.message_user(request, message)
            else:
                tasks.close_round.delay_on_commit(
                    round_.id, Trigger.ADMIN, request.user.id
                )
                self.message_user(
                    request, MSG_CLOSE_QUEUED.format(round=_label(round_))
                )

    @admin.action(description=_("Công bố kết quả"), permissions=["publish"])
    def publish_results(self, request, queryset):
        rounds = queryset.select_related("contest")
        for round_ in self._allowed(request, rounds, Action.PUBLISH):
            try:
                self.message_user(
                    request, services.publish_round(round_.id, user=request.user)
                )
            except services.ResultsRefused as refused:
                self.message_user(request, refused.message, messages.ERROR)

    @admin.action(description=_("Chấm lại đợt thi"), permissions=["regrade"])
    def regrade_rounds(self, request, queryset):
        rounds = queryset.select_related("contest")
        for round_ in self._allowed(request, rounds, Action.REGRADE):
            closing = RoundClosing.objects.filter(pk=round_.pk).first()
            if closing is None or not closing.is_closed:
                self.message_user(
                    request,
                    services.MSG_NOT_CLOSED.format(round=_label(round_)),
                    messages.ERROR,
                )
                continue
            tasks.regrade_round.delay_on_commit(
                round_.id, request.user.id, Trigger.ADMIN, ""
            )
            self.message_user(request, MSG_REGRADE_QUEUED.format(round=_label(round_)))

    @admin.action(
        description=_("Xuất danh sách đạt giải (Excel)"), permissions=["export"]
    )
    def export_awards(self, request, queryset):
        rounds = self._allowed(
            request, queryset.select_related("contest"), Action.EXPORT
        )
        with transaction.atomic():
            jobs = [
                exports.request_export(
                    ExportJob.Kind.ROUND,
                    round_.contest,
                    requested_by=request.user,
                    round_=round_,
                )
                for round_ in rounds
            ]
        if not jobs:
            return None
        if len(jobs) == 1:
            return redirect("awards:export_job", job_id=jobs[0].pk)
        self.message_user(
            request,
            format_html(
                "{} {}",
                _("Đang xuất:"),
                format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    (
                        (reverse("awards:export_job", args=[j.pk]), str(j.round))
                        for j in jobs
                    ),
                ),
            ),
        )
        return None

    @admin.action(
        description=_("Tính (lại) kết quả toàn cuộc thi"), permissions=["close"]
    )
    def compute_contest_results(self, request, queryset):
        rounds = self._allowed(
            request, queryset.select_related("contest"), Action.CLOSE
        )
        for contest_id in {round_.contest_id for round_ in rounds}:
            tasks.close_contest.delay_on_commit(
                contest_id, Trigger.ADMIN, request.user.id, True
            )
        if rounds:
            self.message_user(request, MSG_CONTEST_QUEUED)


@admin.register(Award)
class AwardAdmin(ContestScopedAdminMixin, ReadOnlyAdmin):
    list_display = (
        "tier_name",
        "part",
        "contest",
        "round",
        "group",
        "rank",
        "winner_user",
        "winner_unit",
        "unit",
        "amount_vnd",
    )
    list_filter = ("part", CONTEST_FILTER)
    list_select_related = ("contest", "round", "winner_user", "winner_unit", "unit")
    search_fields = ("winner_user__full_name", "winner_unit__name", "tier_name")


@admin.register(RoundClosing)
class RoundClosingAdmin(ContestScopedAdminMixin, ReadOnlyAdmin):
    contest_field = "round__contest_id"
    list_display = (
        "round",
        "status",
        "closed_at",
        "ranking_took",
        "participants",
        "ranked",
        "true_answer",
        "awards_count",
        "published_at",
        "trigger",
    )
    list_filter = ("status", ("round__contest", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("round__contest",)

    @admin.display(description=_("thời gian xếp hạng"), ordering="duration_ms")
    def ranking_took(self, obj: RoundClosing) -> str:
        return duration(obj.duration_ms)


@admin.register(ContestClosing)
class ContestClosingAdmin(ContestScopedAdminMixin, ReadOnlyAdmin):
    list_display = (
        "contest",
        "status",
        "computed_at",
        "rounds_included",
        "rounds_total",
        "awards_count",
        "published_at",
    )


@admin.register(UnitResult)
class UnitResultAdmin(ContestScopedAdminMixin, ReadOnlyAdmin):
    list_display = (
        "unit",
        "contest",
        "round",
        "unit_kind",
        "rule",
        "rank",
        "contestants",
        "staff_count",
        "prizes",
        "reason",
    )
    list_filter = (CONTEST_FILTER, "unit_kind")
    list_select_related = ("unit", "contest", "round")


@admin.register(RegradeRun)
class RegradeRunAdmin(ContestScopedAdminMixin, ReadOnlyAdmin):
    list_display = (
        "round",
        "run_at",
        "run_by",
        "scores_changed",
        "ranks_changed",
        "was_published",
    )
    list_filter = (CONTEST_FILTER,)
    readonly_fields = ("summary",)
    fields = ("contest", "round", "run_by", "run_at", "trigger", "note", "summary")

    @admin.display(description=_("thay đổi"))
    def summary(self, obj) -> str:
        return format_html_join(
            "", "<div>{}</div>", ((line,) for line in services.regrade_summary(obj))
        )


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    list_display = ("kind", "contest", "round", "unit", "status", "created_at", "link")
    list_filter = ("kind", "status")

    def get_queryset(self, request):
        # Files carry personal data: each person sees only their own exports.
        return super().get_queryset(request).filter(requested_by=request.user)

    @admin.display(description=_("tệp"))
    def link(self, obj) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("awards:export_job", args=[obj.pk]), _("Mở")
        )
