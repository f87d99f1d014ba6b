"""Display helpers of the results pages: money, counts and rates, Vietnamese style."""

from fractions import Fraction

from django import template

register = template.Library()


@register.filter
def vnd(value) -> str:
    """1000000 → "1.000.000 đồng"; empty for None."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".") + " đồng"


@register.filter
def number(value) -> str:
    """12345 → "12.345"."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}".replace(",", ".")


@register.filter
def percent(value) -> str:
    """A rate (Fraction or float, 0..1) → "12,3%"; "—" when unknown."""
    if value is None:
        return "—"
    tenths = int(Fraction(value) * 1000 + Fraction(1, 2))
    return f"{tenths // 10},{tenths % 10}%"


@register.filter
def unit_rate(row) -> str:
    """A UnitResult's participation rate (contestants / staff count)."""
    if not row.staff_count:
        return "—"
    return percent(Fraction(row.contestants, row.staff_count))


@register.filter
def milli(value) -> str:
    """An average x 1000 → "17,25"."""
    if value is None:
        return "—"
    return f"{value / 1000:.2f}".replace(".", ",")
