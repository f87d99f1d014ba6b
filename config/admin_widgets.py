"""Admin plumbing shared by the apps: autocomplete fields that survive a bad id.

Django's autocomplete widget looks the submitted ids up again when it re-renders
a refused form. An id that is not a number ("abc", a NUL byte, 5,000 digits) made
that lookup raise, so a mistyped or forged parent id answered 500 instead of the
field's own "Hãy chọn một lựa chọn hợp lệ" error. These widgets leave such ids out
of the lookup; the field still refuses them, naming itself.
"""

from __future__ import annotations

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


class _ValidIdsOnly:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)

        def readable(raw) -> bool:
            try:
                target.to_python(raw)
            except (ValidationError, ValueError, TypeError):
                return False
            return True

        return super().optgroups(name, [v for v in value if readable(v)], attr)


class AutocompleteSelect(_ValidIdsOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_ValidIdsOnly, widgets.AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For a ModelAdmin or an inline with ``autocomplete_fields``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
