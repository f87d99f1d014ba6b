"""The back office of complaints, scoped per contest (ContestScopedAdminMixin):
the window per contest, editable by its organizers; the complaints themselves
read-only here (answered on the complaints page, which records who and when)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from contests.permissions import Action, ContestScopedAdminMixin, contests_where

from .models import Complaint, ComplaintSettings

CONTEST_FILTER = ("contest", admin.RelatedOnlyFieldListFilter)


@admin.register(ComplaintSettings)
class ComplaintSettingsAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    list_display = ["contest", "is_open", "window_days", "complaints_page"]
    fields = ["contest", "is_open", "window_days"]

    def get_readonly_fields(self, request, obj=None):
        return ["contest"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "contest":
            kwargs["queryset"] = contests_where(request.user, Action.MANAGE)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("trang khiếu nại"))
    def complaints_page(self, obj: ComplaintSettings) -> str:
        return _page_link(obj.contest.slug)


def _page_link(slug: str) -> str:
    return format_html(
        '<a href="{}">{}</a>',
        reverse("complaints:manage", args=[slug]),
        _("Xem và trả lời"),
    )


@admin.register(Complaint)
class ComplaintAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "user",
        "contest",
        "round",
        "kind",
        "number",
        "status",
        "answered_at",
        "answer_link",
    ]
    list_filter = ["status", "kind", CONTEST_FILTER]
    list_select_related = ["user", "contest", "round"]
    search_fields = ["user__full_name", "user__username", "text"]
    date_hierarchy = "created_at"
    fields = [
        "contest",
        "round",
        "attempt",
        "user",
        "kind",
        "position",
        "text",
        "status",
        "reply",
        "answered_by",
        "answered_at",
        "key_change",
        "notified_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("câu"), ordering="position")
    def number(self, obj: Complaint) -> int | str:
        return obj.number or "—"

    @admin.display(description=_("trả lời"))
    def answer_link(self, obj: Complaint) -> str:
        return format_html(
            '<a href="{}#khieu-nai-{}">{}</a>',
            reverse("complaints:manage", args=[obj.contest.slug]),
            obj.pk,
            _("Xem và trả lời"),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
