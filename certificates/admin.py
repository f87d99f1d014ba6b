"""Certificates in the admin: read-only (they follow the awards), scoped to the
contests a person is staff of."""

from django.contrib import admin

from contests.permissions import ContestScopedAdminMixin

from .models import Certificate


@admin.register(Certificate)
class CertificateAdmin(ContestScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "contest", "scope", "status", "issued_on")
    list_filter = ("status", "part", "contest")
    search_fields = ("winner_name", "unit_name", "code")
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
