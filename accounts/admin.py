"""Admin: units (Excel import/export with preview, effective staff counts) and
people (roles, personal data masked without accounts.view_personal_data)."""

from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm as AuthUserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ExportForm, ImportForm

from config.admin_widgets import SafeAutocompleteMixin

from . import roles, selectors, services, unit_excel, unit_import
from .models import Unit, UnitChange, User
from .phones import format_national, parse_vn_mobile
from .privacy import (
    VIEW_PERSONAL_DATA,
    mask_birth_date,
    mask_cccd,
    mask_phone,
)
from .resources import UnitResource, UnitXLSX

# Admin logins go through allauth's login page (rate limits, phone or email).
admin.site.login = secure_admin_login(admin.site.login)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_FILENAME = "mau-danh-sach-don-vi.xlsx"


class UnitImportForm(ImportForm):
    """Rejects a file that is not a readable .xlsx before anything is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            unit_excel.check_size(upload.size)
            data = b"".join(upload.chunks())
            upload.seek(0)
            unit_excel.check_xlsx(data)
        except unit_excel.NotAnXlsxFile as exc:
            raise ValidationError(
                _("Tệp “%(name)s”: %(error)s"),
                params={"name": upload.name, "error": exc},
                code="not_xlsx",
            ) from exc
        return upload


@admin.register(Unit)
class UnitAdmin(SafeAutocompleteMixin, ImportExportModelAdmin):
    resource_classes = [UnitResource]
    import_formats = [UnitXLSX]
    export_formats = [UnitXLSX]
    import_form_class = UnitImportForm
    export_form_class = ExportForm
    change_list_template = "accounts/admin/unit_change_list.html"
    import_template_name = "accounts/admin/unit_import.html"
    list_display = (
        "code",
        "name",
        "kind",
        "parent",
        "staff_count",
        "effective_staff_count",
    )
    list_filter = ("kind",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    ordering = ("code",)
    list_per_page = 100

    @admin.display(description=_("Tổng số tính cả đơn vị trực thuộc"))
    def effective_staff_count(self, obj: Unit):
        value = getattr(obj, "effective_staff", None)
        return "—" if value is None else value

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # One query for the whole tree, whatever the page size (no N+1).
        counts = selectors.effective_staff_counts()
        for unit in changelist.result_list:
            unit.effective_staff = counts.get(unit.pk)
        return changelist

    def get_search_results(self, request, queryset, search_term):
        found, may_duplicate = super().get_search_results(
            request, queryset, search_term
        )
        words = selectors.normalize_search(search_term).split()
        if words:
            accentless = Q()
            for word in words:
                accentless &= Q(name_ascii__contains=word)
            found = found | queryset.filter(accentless)
        return found, may_duplicate

    # --- permissions: import needs add + change; export needs view ---
    def has_import_permission(self, request) -> bool:
        return request.user.has_perms(["accounts.add_unit", "accounts.change_unit"])

    def has_export_permission(self, request) -> bool:
        return request.user.has_perm("accounts.view_unit")

    def get_urls(self):
        extra = [
            path(
                "mau-nhap/",
                self.admin_site.admin_view(self.template_view),
                name="accounts_unit_template",
            )
        ]
        return extra + super().get_urls()

    def template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        content = unit_excel.write_roster([], unit_import.kind_labels())
        response = HttpResponse(content, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_FILENAME}"'
        return response

    def process_result(self, result, request):
        report = getattr(result, "unit_report", None)
        if report is not None and report.errors:
            # The roster changed between the preview and the confirmation.
            messages.error(request, report.summary())
            for error in report.errors:
                messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:accounts_unit_import"))
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        report = getattr(result, "unit_report", None)
        if report is None:
            return super().add_success_message(result, request)
        messages.success(request, report.summary())
        return None


# --- people ---
class UserChangeForm(AuthUserChangeForm):
    def clean(self):
        data = super().clean()
        groups = data.get("groups")
        if (
            groups is not None
            and groups.filter(name=roles.UNIT_REPRESENTATIVE).exists()
            and not data.get("represented_unit")
        ):
            self.add_error(
                "represented_unit",
                _("Đại diện đơn vị phải gắn với một đơn vị: hãy chọn đơn vị đại diện."),
            )
        return data


PERSONAL_FIELDS = {
    "birth_date": "birth_date_masked",
    "phone": "phone_masked",
    "cccd": "cccd_masked",
}


@admin.register(User)
class UserAdmin(SafeAutocompleteMixin, DjangoUserAdmin):
    form = UserChangeForm
    list_filter = ("groups", "is_staff", "is_active", "group", "gender")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit", "represented_unit")
    ordering = ("full_name", "username")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Hồ sơ"),
            {
                "fields": (
                    "full_name",
                    "birth_date",
                    "gender",
                    "phone",
                    "phone_verified",
                    "cccd",
                    "group",
                    "unit",
                    "email",
                )
            },
        ),
        (
            _("Vai trò và quyền"),
            {
                "fields": (
                    "groups",
                    "represented_unit",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "user_permissions",
                )
            },
        ),
        (_("Thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "password1", "password2"),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def save_model(self, request, obj, form, change):
        # Organizers may move anyone (a judge included); the move is recorded.
        old_unit_id = form.initial.get("unit") if change else None
        super().save_model(request, obj, form, change)
        if change and "unit" in form.changed_data:
            services.record_unit_change(
                obj,
                old_unit_id=old_unit_id,
                new_unit_id=obj.unit_id,
                changed_by=request.user,
                source=UnitChange.Source.ADMIN,
            )

    @staticmethod
    def _sees_personal_data(request) -> bool:
        return request.user.has_perm(VIEW_PERSONAL_DATA)

    def get_list_display(self, request):
        phone = "phone_full" if self._sees_personal_data(request) else "phone_masked"
        return ("username", "full_name", phone, "email", "unit", "role_names")

    def get_search_fields(self, request):
        if self._sees_personal_data(request):
            return ("username", "full_name", "email", "cccd")
        return ("username", "full_name", "email")

    def get_search_results(self, request, queryset, search_term):
        found, may_duplicate = super().get_search_results(
            request, queryset, search_term
        )
        if self._sees_personal_data(request) and search_term:
            try:
                phone = parse_vn_mobile(search_term)
            except ValidationError:
                pass
            else:
                found = found | queryset.filter(phone=phone)
        return found, may_duplicate

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self._sees_personal_data(request):
            return fieldsets
        masked = []
        for name, opts in fieldsets:
            fields = [PERSONAL_FIELDS.get(f, f) for f in opts["fields"]]
            masked.append((name, {**opts, "fields": fields}))
        return tuple(masked)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self._sees_personal_data(request):
            readonly += list(PERSONAL_FIELDS.values())
        if not request.user.is_superuser:
            # Only a superuser grants superuser status or single permissions.
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("số điện thoại"))
    def phone_full(self, obj: User) -> str:
        return format_national(obj.phone.as_e164) if obj.phone else ""

    @admin.display(description=_("số điện thoại"))
    def phone_masked(self, obj: User) -> str:
        return mask_phone(obj.phone)

    @admin.display(description=_("số CCCD"))
    def cccd_masked(self, obj: User) -> str:
        return mask_cccd(obj.cccd)

    @admin.display(description=_("ngày sinh"))
    def birth_date_masked(self, obj: User) -> str:
        return mask_birth_date(obj.birth_date)

    @admin.display(description=_("vai trò"))
    def role_names(self, obj: User) -> str:
        return ", ".join(sorted(g.name for g in obj.groups.all()))


@admin.register(UnitChange)
class UnitChangeAdmin(admin.ModelAdmin):
    """Read-only history of unit changes, for organizers: who moved, when, from
    where, and what they were taking part in at the time."""

    list_display = (
        "changed_at",
        "user",
        "old_unit",
        "new_unit",
        "source",
        "changed_by",
    )
    list_filter = ("source", "changed_at")
    list_select_related = ("user", "old_unit", "new_unit", "changed_by")
    search_fields = ("user__full_name", "user__username")
    date_hierarchy = "changed_at"
    readonly_fields = (
        "user",
        "old_unit",
        "new_unit",
        "changed_by",
        "source",
        "changed_at",
        "note",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
