"""Display helpers of the results pages that know awards' rows; money, counts,
rates and durations are core's ({% load formatting %})."""

from fractions import Fraction

from django import template

from core import formatting

register = template.Library()


@register.filter
def unit_rate(row) -> str:
    """A UnitResult's participation rate (contestants / staff count)."""
    if not row.staff_count:
        return formatting.NONE
    return formatting.percent(Fraction(row.contestants, row.staff_count))


@register.filter
def milli(value) -> str:
    """An average x 1000 → "17,25"."""
    if value is None:
        return formatting.NONE
    return f"{value / 1000:.2f}".replace(".", ",")
