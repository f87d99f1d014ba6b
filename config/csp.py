"""The Content-Security-Policy header on every response.

Django 5.2 has none built in; Django 6.0 reads the same SECURE_CSP setting with its
own `django.middleware.csp.ContentSecurityPolicyMiddleware`, which replaces this one.
Directives map to lists of sources ("'self'", "data:", an origin) or to True for a
directive without sources. A view that needs another policy sets the header itself.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def build_policy(directives: dict[str, list[str] | bool]) -> str:
    """{"default-src": ["'self'"], "upgrade-insecure-requests": True} ->
    "default-src 'self'; upgrade-insecure-requests"."""
    parts = []
    for name, sources in directives.items():
        if sources is True:
            parts.append(name)
        elif sources:
            parts.append(" ".join([name, *sources]))
    return "; ".join(parts)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._built: tuple[int, str] | None = None

    def _policy(self) -> str:
        directives = getattr(settings, "SECURE_CSP", None) or {}
        # Built once per settings object (tests may swap it), not per response.
        if self._built is None or self._built[0] != id(directives):
            self._built = (id(directives), build_policy(directives))
        return self._built[1]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = self._policy()
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response
