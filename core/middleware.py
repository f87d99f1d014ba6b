"""Failing cleanly when Postgres or Redis is away (a restart, a failover) or the
portal is past saturation: a short 503 with Retry-After and a Vietnamese reason,
never a 500 page or a hung request. The attempt page's script retries a 503 save
with back-off, so an answer is either acknowledged ("Đã lưu") and stored, or
retried until it is.

Exceptions raised inside views reach ``process_exception``; those raised in other
middleware (the session save, the cache) are marked by the ``got_request_exception``
signal and their 500 is turned into the same 503 on the way out. A NUL character
in a form field or query string (which Postgres cannot store) is a 400.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError, InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
MSG_BAD_CHARACTERS = (
    "Dữ liệu gửi lên chứa ký tự không hợp lệ (ký tự NUL). Vui lòng nhập lại."
)
MSG_SERVICE_BUSY = (
    "Hệ thống đang quá tải hoặc đang khởi động lại: yêu cầu CHƯA được thực hiện. "
    "Vui lòng thử lại sau vài giây."
)
_MARK = "_portal_service_unavailable"

try:  # redis-py: the cache and the Celery broker
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    _REDIS_ERRORS: tuple[type[BaseException], ...] = (
        RedisConnectionError,
        RedisTimeoutError,
    )
except ImportError:  # pragma: no cover - redis is a runtime requirement
    _REDIS_ERRORS = ()


def is_unavailable_error(exc: BaseException) -> bool:
    """True for "a backing service is away" errors, as opposed to bugs: lost or
    refused database connections and Redis connection errors or timeouts. A
    DatabaseError whose connection is gone (psycopg2 reports a server restart as
    a plain DatabaseError on some paths) counts too. The cache client wraps
    redis-py's errors (django-redis raises ConnectionInterrupted ``from`` them),
    so an error caused by one counts as well."""
    seen = 0
    while exc is not None and seen < 5:  # a short chain; never loop on a cycle
        if isinstance(exc, (OperationalError, InterfaceError, *_REDIS_ERRORS)):
            return True
        if isinstance(exc, DatabaseError):
            text = str(exc).lower()
            return "connection" in text or "server closed" in text or "terminat" in text
        exc, seen = exc.__cause__, seen + 1
    return False


def is_null_character_error(exc: BaseException) -> bool:
    """psycopg2 refuses a string holding U+0000 before it reaches the server."""
    return isinstance(exc, ValueError) and "NUL (0x00)" in str(exc)


def unavailable_response() -> HttpResponse:
    response = HttpResponse(
        f'<span class="text-danger" data-ok="0">{MSG_SERVICE_BUSY}</span>',
        status=503,
        content_type="text/html; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def shed_after_ms() -> int:
    return int(getattr(settings, "PORTAL_SHED_AFTER_MS", 0) or 0)


def queued_too_long(header: str, now: float | None = None) -> bool:
    """True when the load balancer stamped the request (``X-Request-Start:
    t=<epoch seconds>``, nginx's ``t=${msec}``) longer than PORTAL_SHED_AFTER_MS
    ago: the request waited in a queue past saturation and is refused with a 503
    before it costs a database query. 0 or no header: never."""
    limit = shed_after_ms()
    if not limit or not header:
        return False
    try:
        stamp = float(header.removeprefix("t=").strip())
    except ValueError:
        return False
    if stamp > 1e11:  # milliseconds or microseconds since the epoch
        stamp /= 1000 if stamp < 1e14 else 1_000_000
    waited_ms = ((now if now is not None else time.time()) - stamp) * 1000
    return waited_ms > limit


@receiver(got_request_exception)
def _mark_unavailable(sender, request=None, **kwargs) -> None:
    import sys

    exc = sys.exc_info()[1]
    if request is not None and exc is not None and is_unavailable_error(exc):
        setattr(request, _MARK, True)


class ServiceUnavailableMiddleware:
    """First in MIDDLEWARE: turns a database or Redis outage into a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if queued_too_long(request.META.get("HTTP_X_REQUEST_START", "")):
            # Past saturation: answer at once rather than let the queue time out.
            return unavailable_response()
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            log.warning("503 instead of 500: a backing service is unavailable")
            return unavailable_response()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_null_character_error(exception):
            # A NUL byte in a query string or form field reached a query:
            # Postgres cannot store it. Bad input, not a server error.
            return HttpResponseBadRequest(
                MSG_BAD_CHARACTERS, content_type="text/html; charset=utf-8"
            )
        if is_unavailable_error(exception):
            log.warning("503: %s: %s", exception.__class__.__name__, exception)
            return unavailable_response()
        return None
