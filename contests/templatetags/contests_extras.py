from django import template

register = template.Library()


@register.filter
def duration_ms(value: int | None) -> str:
    """12345678 → "205 phút 45,678 giây"; shorter forms under an hour / minute."""
    if value is None:
        return "—"
    minutes, rest = divmod(int(value), 60_000)
    seconds, millis = divmod(rest, 1000)
    text = f"{seconds},{millis:03d} giây"
    return f"{minutes} phút {text}" if minutes else text


@register.filter
def vnd(value: int | None) -> str:
    """1000000 → "1.000.000" (Vietnamese grouping; Django's vi locale has none)."""
    if value is None:
        return ""
    return f"{int(value):,}".replace(",", ".")
