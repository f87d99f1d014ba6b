"""Admin: a contest with all its configuration as inlines, the round schedule
form, read-only attempts. A person sees only the contests they are staff of and
changes only those they organize (contests.permissions); whoever adds a contest
becomes its organizer."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from config.admin_widgets import SafeAutocompleteMixin

from . import rules, selectors, services
from .forms import (
    ContestAdminForm,
    RankingGroupForm,
    RankingGroupFormSet,
    RoundFormSet,
    RoundScheduleForm,
    TopicQuotaFormSet,
)
from .models import (
    Attempt,
    AttemptQuestion,
    Contest,
    ContestExclusion,
    ContestStaff,
    PrizeTier,
    RankingGroup,
    ReferenceDocument,
    Round,
    TopicQuota,
    VoidedQuestion,
)
from .permissions import ContestScopedAdminMixin
from .schedule import ScheduleError


class RoundInline(admin.TabularInline):
    model = Round
    verbose_name_plural = _("Bước 5 — Đợt thi (hoặc dùng “Tạo lịch đợt thi”)")
    formset = RoundFormSet
    extra = 0
    fields = ("number", "title", "opens_at", "closes_at", "is_practice")


class ReferenceDocumentInline(admin.TabularInline):
    model = ReferenceDocument
    verbose_name_plural = _("Bước 7 — Tài liệu tham khảo")
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ("position", "title", "url", "file")


class TopicQuotaInline(admin.TabularInline):
    model = TopicQuota
    classes = ("collapse",)
    formset = TopicQuotaFormSet
    extra = 0
    autocomplete_fields = ()
    raw_id_fields = ("topic",)


class RankingGroupInline(admin.TabularInline):
    model = RankingGroup
    verbose_name_plural = _("Nhóm xếp hạng riêng (nếu kế hoạch chia nhóm)")
    classes = ("collapse",)
    form = RankingGroupForm
    formset = RankingGroupFormSet
    extra = 0


class PrizeTierInline(admin.TabularInline):
    model = PrizeTier
    verbose_name_plural = _("Bước 6 — Giải thưởng")
    extra = 0
    fields = (
        "part",
        "scope",
        "round",
        "ranking_group",
        "position",
        "name",
        "count",
        "amount_vnd",
        "unit_kind",
        "rule",
        "note",
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this contest's rounds and groups.
        contest_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "round":
            kwargs["queryset"] = Round.objects.filter(contest_id=contest_id)
        if db_field.name == "ranking_group":
            kwargs["queryset"] = RankingGroup.objects.filter(contest_id=contest_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContestStaffInline(SafeAutocompleteMixin, admin.TabularInline):
    model = ContestStaff
    verbose_name_plural = _("Bước 8 — Ban tổ chức và giúp việc (không được dự thi)")
    extra = 0
    raw_id_fields = ("user",)
    autocomplete_fields = ("affiliation_unit",)
    fields = ("user", "role", "affiliation_unit")


class ContestExclusionInline(admin.TabularInline):
    model = ContestExclusion
    classes = ("collapse",)
    extra = 0
    raw_id_fields = ("user",)


class VoidedQuestionInline(admin.TabularInline):
    model = VoidedQuestion
    classes = ("collapse",)
    extra = 0
    raw_id_fields = ("question", "voided_by")


@admin.register(Contest)
class ContestAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    contest_field = "pk"
    form = ContestAdminForm
    list_display = (
        "title",
        "organizer_name",
        "is_published",
        "schedule_link",
        "too_fast_link",
    )
    list_filter = ("is_published",)
    search_fields = ("title", "slug", "organizer_name")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("unit_root", "bank", "practice_bank")
    actions = ("make_schedule",)
    inlines = (
        RoundInline,
        RankingGroupInline,
        PrizeTierInline,
        ReferenceDocumentInline,
        ContestStaffInline,
        ContestExclusionInline,
        TopicQuotaInline,
        VoidedQuestionInline,
    )
    # The organizer's path through a contest, step by step; rarely used settings
    # start folded. The tables (inlines) follow in the same order.
    fieldsets = (
        (
            _("Bước 1 — Thông tin chung"),
            {
                "description": _(
                    "Tên, đơn vị tổ chức, giới thiệu và thể lệ như trong kế hoạch. "
                    "Chỉ khi chọn “Công khai”, thí sinh mới thấy cuộc thi."
                ),
                "fields": (
                    "title",
                    "slug",
                    "organizer_name",
                    "description",
                    "rules",
                    "is_published",
                ),
            },
        ),
        (
            _("Bước 2 — Bài thi"),
            {
                "description": _(
                    "Ngân hàng câu hỏi, số câu mỗi lượt, thời gian và số lượt thi. "
                    "Đợt thi thử dùng ngân hàng câu hỏi thi thử riêng, không trùng "
                    "câu hỏi nào (kể cả cùng nội dung ở ngân hàng khác) với đợt thi "
                    "chính thức: thi thử không giới hạn lượt và cho xem điểm, đáp án "
                    "ngay, nên câu hỏi chung sẽ làm lộ đáp án chính thức."
                ),
                "fields": (
                    "bank",
                    "practice_bank",
                    "questions_per_attempt",
                    "time_limit_minutes",
                    "attempts_per_round",
                    "counting",
                ),
            },
        ),
        (
            _("Bước 3 — Đối tượng dự thi"),
            {
                "description": _(
                    "Ai được dự thi. Thành viên Ban Tổ chức, Ban Giám khảo, Tổ thư "
                    "ký, Tổ giúp việc (bảng “Ban tổ chức và giúp việc” bên dưới) "
                    "tự động không được dự thi."
                ),
                "fields": ("min_age", "allowed_groups", "unit_root", "allow_no_unit"),
            },
        ),
        (
            _("Câu hỏi dự đoán, xáo trộn, xem lại bài"),
            {
                "classes": ("collapse",),
                "description": _(
                    "Câu hỏi phụ dự đoán dùng để phân định thứ hạng khi bằng điểm."
                ),
                "fields": (
                    "prediction_enabled",
                    "prediction_target",
                    "prediction_question",
                    "shuffle_choices",
                    "review_after_close",
                    "min_seconds_per_question",
                ),
            },
        ),
        (
            _("Bước 4 — Giải thưởng và xếp hạng tập thể"),
            {
                "description": _(
                    "Các giải (số lượng, số tiền) nhập ở bảng “Giải thưởng” bên "
                    "dưới. Ở đây: mỗi người nhận tối đa một giải cá nhân hay không, "
                    "và cách xếp hạng các đơn vị cho giải tập thể."
                ),
                "fields": (
                    "one_individual_prize_per_person",
                    "collective_unit_kind",
                    "collective_min_participation_pct",
                    "collective_order",
                    "collective_weights",
                ),
            },
        ),
    )

    class Media:
        # After Django's urlify.js: the slug keeps Vietnamese letters as ASCII.
        js = ("admin/js/urlify.js", "contests/admin/slug.js")
        css = {"all": ("contests/admin/contest_form.css",)}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and not request.user.is_superuser:
            # Rights are per contest: without this row its author could not
            # open the contest they just added.
            ContestStaff.objects.get_or_create(
                contest=obj, user=request.user, role=ContestStaff.Role.ORGANIZER
            )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Round:
            # An organizer who moves a close earlier expects open attempts to end
            # then (SPEC §4: the deadline is capped by the round's close).
            for round_form in formset.forms:
                round_ = round_form.instance
                if round_.pk and "closes_at" in round_form.changed_data:
                    services.cap_open_deadlines(round_)

    @admin.display(description=_("Lượt thi quá nhanh"))
    def too_fast_link(self, obj: Contest) -> str:
        count = selectors.too_fast_attempts(contest_id=obj.pk).count()
        url = (
            reverse("admin:contests_attempt_changelist")
            + f"?qua_nhanh=1&round__contest__id__exact={obj.pk}"
        )
        return format_html('<a href="{}">{}</a>', url, count)

    @admin.display(description=_("Lịch thi"))
    def schedule_link(self, obj: Contest) -> str:
        url = reverse("admin:contests_contest_schedule", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Tạo lịch đợt thi"))

    @admin.action(description=_("Tạo lịch đợt thi cho cuộc thi đã chọn"))
    def make_schedule(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Chọn đúng một cuộc thi để tạo lịch."), messages.ERROR
            )
            return None
        return redirect("admin:contests_contest_schedule", queryset.get().pk)

    def get_urls(self):
        urls = super().get_urls()
        return [
            path(
                "<int:contest_id>/lich-dot-thi/",
                self.admin_site.admin_view(self.schedule_view),
                name="contests_contest_schedule",
            ),
            *urls,
        ]

    def schedule_view(self, request, contest_id: int):
        contest = get_object_or_404(Contest, pk=contest_id)
        if not self.has_change_permission(request, contest):
            raise PermissionDenied
        form = RoundScheduleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                rounds = services.create_round_schedule(
                    contest,
                    kind=data["kind"],
                    start=data["start"],
                    count=data["count"],
                    days=data.get("days"),
                    opens_at=data["opens_at"],
                )
            except ScheduleError as error:
                form.add_error("start", str(error))
            else:
                self.message_user(
                    request,
                    _("Đã tạo/cập nhật %(n)s đợt thi.") % {"n": len(rounds)},
                    messages.SUCCESS,
                )
                return redirect("admin:contests_contest_change", contest.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tạo lịch đợt thi — %(c)s") % {"c": contest},
            "contest": contest,
            "form": form,
            "opts": self.model._meta,
        }
        # A refused form answers 400 (the errors are on the page).
        status = 400 if request.method == "POST" else 200
        return render(request, "contests/admin_schedule.html", context, status=status)


class AttemptQuestionInline(admin.TabularInline):
    model = AttemptQuestion
    extra = 0
    can_delete = False
    fields = ("position", "question", "order", "answer", "answered_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class TooFastFilter(admin.SimpleListFilter):
    """Attempts finished faster than the contest's minimum seconds per question:
    organizers review them (and exclude the person if needed) before confirming
    prizes."""

    title = _("làm bài quá nhanh")
    parameter_name = "qua_nhanh"

    def lookups(self, request, model_admin):
        return (("1", _("Làm bài quá nhanh")), ("0", _("Bình thường")))

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(selectors.too_fast_filter())
        if self.value() == "0":
            return queryset.exclude(selectors.too_fast_filter())
        return queryset


@admin.register(Attempt)
class AttemptAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    contest_field = "round__contest_id"
    list_display = (
        "user",
        "round",
        "number",
        "status",
        "score",
        "duration_ms",
        "too_fast",
        "prediction",
        "is_counted",
        "started_at",
    )
    list_filter = (
        TooFastFilter,
        "status",
        "is_counted",
        ("round__contest", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("user", "round__contest")
    search_fields = ("user__username", "user__full_name")
    raw_id_fields = ("round", "user", "ranking_group", "unit")
    readonly_fields = (
        "round",
        "user",
        "number",
        "status",
        "started_at",
        "deadline",
        "submitted_at",
        "question_count",
        "score",
        "duration_ms",
        "prediction",
        "is_counted",
        "ranking_group",
        "unit",
    )
    inlines = (AttemptQuestionInline,)
    # A round may hold a million rows: never count the whole table per page.
    show_full_result_count = False

    @admin.display(description=_("Quá nhanh"), boolean=True)
    def too_fast(self, obj: Attempt) -> bool:
        return rules.is_too_fast(
            obj.duration_ms,
            obj.question_count,
            obj.round.contest.min_seconds_per_question,
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
