"""Template helpers of the video part."""

from django import template

from videos.models import VideoClip

register = template.Library()


@register.filter
def clip_src(clip: VideoClip) -> str:
    return clip.file_url()


@register.filter
def poster_src(clip: VideoClip) -> str:
    return clip.poster_url()
