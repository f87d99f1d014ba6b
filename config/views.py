"""Site-wide pages: the home page and the health endpoints for load balancers."""

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from contests import selectors as contest_selectors


def home(request: HttpRequest) -> HttpResponse:
    """Published contests, and the rounds open right now at the top."""
    contests = contest_selectors.published_contests().order_by("-created_at")[:20]
    open_rounds = list(contest_selectors.open_rounds()[:20])
    return render(
        request, "home.html", {"contests": contests, "open_rounds": open_rounds}
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Alive: the process answers. Never touches the database or Redis."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready: the database answers SELECT 1 and the cache round-trips a key."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "error: no round-trip"
    except Exception as exc:
        checks["cache"] = f"error: {exc.__class__.__name__}"
    ok = all(v == "ok" for v in checks.values())
    return JsonResponse(checks, status=200 if ok else 503)
