"""Public sharing pages: the short link's redirect and the printable page with
the contest's QR code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from .models import Contest, ContestShortLink
from .sharing import qr_svg, short_code_for


def short_link(request: HttpRequest, code: str) -> HttpResponse:
    link = get_object_or_404(
        ContestShortLink.objects.select_related("contest"),
        code=code.lower(),
        contest__is_published=True,
    )
    return redirect(link.contest.get_absolute_url())


def share_page(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_object_or_404(Contest, slug=slug, is_published=True)
    code = short_code_for(contest)
    url = request.build_absolute_uri(reverse("short_link", args=[code]))
    return render(
        request,
        "contests/share.html",
        {
            "contest": contest,
            "short_url": url,
            # segno's own SVG of a URL we built: nothing from the request is in it
            # but the host, which the QR encodes as data, not markup.
            "qr": mark_safe(qr_svg(url)),  # noqa: S308
        },
    )
