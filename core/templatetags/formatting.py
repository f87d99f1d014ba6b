"""The portal's one formatting library: {% load formatting %}. Thin wrappers of
core.formatting; an empty value shows as nothing, or "—" where a table needs a
mark."""

from __future__ import annotations

from django import template

from core import formatting

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1000000 → "1.000.000 đồng"; empty for None."""
    if value is None or value == "":
        return ""
    return formatting.money(int(value))


@register.filter
def number(value) -> str:
    """12345 → "12.345"; "—" when unknown."""
    if value is None or value == "":
        return formatting.NONE
    return formatting.number(int(value))


@register.filter
def percent(value) -> str:
    """A rate (Fraction or float, 0..1) → "12,3%"; "—" when unknown (None, or the
    empty string a template gives for a missing value, e.g. no week before)."""
    if value is None or value == "":
        return formatting.NONE
    return formatting.percent(value)


@register.filter
def duration_ms(value) -> str:
    """12345678 → "205 phút 45,678 giây"; "—" when unknown."""
    if value is None:
        return formatting.NONE
    return formatting.duration(int(value))


@register.filter
def local_datetime(value) -> str:
    """A moment as "08:00 10/06/2024" in the portal's time zone; empty for None."""
    if not value:
        return ""
    return formatting.local_datetime(value)


@register.filter
def ascii_fold(value) -> str:
    """ "Đà Nẵng" → "da nang": for data-search attributes matched without accents."""
    return formatting.ascii_fold(str(value or ""))


def _signed(value, spell) -> str:
    if value is None or value == "":
        return formatting.NONE
    text = spell(abs(value))
    return f"+{text}" if value > 0 else f"-{text}" if value < 0 else text


@register.filter
def signed(value) -> str:
    """A change: 3 → "+3", -1200 → "-1.200", 0 → "0"; "—" when unknown."""
    return _signed(value, lambda n: formatting.number(int(n)))


@register.filter
def signed_percent(value) -> str:
    """A change of a rate: 1/80 → "+1,3%", -1/80 → "-1,3%"; "—" when unknown."""
    return _signed(value, formatting.percent)
