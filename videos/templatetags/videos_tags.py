"""Template helpers of the video part."""

from django import template

from contests.templatetags import contests_extras
from videos.models import VideoClip

register = template.Library()


# One money format for the portal: contests' filter (4000000 → "4.000.000").
register.filter("vnd", contests_extras.vnd)


@register.filter
def clip_src(clip: VideoClip) -> str:
    return clip.file_url()


@register.filter
def poster_src(clip: VideoClip) -> str:
    return clip.poster_url()
