"""Template helpers: Bootstrap widgets for Django fields, and personal data shown
in full only to the person and to staff allowed to see it."""

from __future__ import annotations

from django import forms, template
from django.utils.formats import date_format

from .. import privacy
from ..phones import format_national

register = template.Library()


@register.simple_tag
def bs_widget(field: forms.BoundField):
    """Render a field's widget with Bootstrap classes and accessible error hints."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    classes = [widget.attrs.get("class", ""), css]
    attrs = {}
    if field.errors:
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
    if field.help_text or field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}_help"
    attrs["class"] = " ".join(c for c in classes if c)
    return field.as_widget(attrs=attrs)


@register.filter
def widget_type(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def phone_national(value) -> str:
    return format_national(str(value)) if value else ""


@register.filter
def mask_cccd(value) -> str:
    return privacy.mask_cccd(value)


@register.filter
def mask_phone(value) -> str:
    return privacy.mask_phone(value)


@register.filter
def mask_birth_date(value) -> str:
    return privacy.mask_birth_date(value)


@register.simple_tag
def personal(viewer, subject, field_name: str) -> str:
    """{% personal request.user person "cccd" %}: in full for the person and for
    holders of accounts.view_personal_data, masked for everyone else."""
    value = getattr(subject, field_name, None)
    if not value:
        return ""
    full = privacy.can_view_personal_data(viewer, subject)
    if field_name == "phone":
        return format_national(str(value)) if full else privacy.mask_phone(value)
    if field_name == "cccd":
        return value if full else privacy.mask_cccd(value)
    if field_name == "birth_date":
        return date_format(value, "d/m/Y") if full else privacy.mask_birth_date(value)
    raise template.TemplateSyntaxError(f"not a personal field: {field_name}")
