"""Template helpers of the video part."""

from django import template

from videos.models import VideoClip

register = template.Library()


@register.filter
def vnd(value) -> str:
    """4000000 -> "4.000.000" (Vietnamese grouping; the vi locale has none)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{number:,}".replace(",", ".")


@register.filter
def clip_src(clip: VideoClip) -> str:
    return clip.file_url()


@register.filter
def poster_src(clip: VideoClip) -> str:
    return clip.poster_url()
