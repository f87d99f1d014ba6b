"""Sections other apps add to the contestant's pages without contests importing
them (imports flow the other way): an app registers a function from its
AppConfig.ready(), the page renders what each returns, in registration order.

Places: "result" (a finished attempt's result page; called with the request and
the attempt) and "my_attempts" ("Bài thi của tôi"; called with the request).
A panel returns safe HTML (a rendered template) or "" when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.safestring import SafeString

PLACES = ("result", "my_attempts")

Panel = Callable[..., str]
_panels: dict[str, list[Panel]] = {place: [] for place in PLACES}


def register_panel(place: str, panel: Panel) -> None:
    """Add ``panel`` to the pages of ``place`` (idempotent)."""
    if panel not in _panels[place]:
        _panels[place].append(panel)


def render_panels(place: str, request, *args) -> list[SafeString]:
    """Every registered panel of ``place`` rendered for this request; empty
    answers are left out."""
    return [html for panel in _panels[place] if (html := panel(request, *args))]
