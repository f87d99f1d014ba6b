"""core.middleware: which errors mean "a backing service is away" (503)."""

import pytest
import redis
from django.db import DatabaseError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django_redis.exceptions import ConnectionInterrupted

from core import middleware


def _interrupted(cause: BaseException) -> ConnectionInterrupted:
    try:
        raise ConnectionInterrupted(connection=None) from cause
    except ConnectionInterrupted as error:
        return error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (OperationalError("could not connect to server"), True),
        (DatabaseError("server closed the connection unexpectedly"), True),
        (DatabaseError("duplicate key value"), False),
        (redis.exceptions.ConnectionError("Connection refused"), True),
        (redis.exceptions.TimeoutError("Timeout reading"), True),
        (_interrupted(redis.exceptions.ConnectionError("refused")), True),
        (_interrupted(redis.exceptions.ResponseError("WRONGTYPE")), False),
        (ValueError("a bug"), False),
    ],
)
def test_only_outages_count_as_unavailable(error, unavailable):
    assert middleware.is_unavailable_error(error) is unavailable


def test_the_cache_client_being_away_answers_503_with_retry_after():
    def view(request):
        raise _interrupted(redis.exceptions.ConnectionError("refused"))

    handler = middleware.ServiceUnavailableMiddleware(view)
    request = RequestFactory().get("/")
    try:
        view(request)
    except ConnectionInterrupted as error:
        response = handler.process_exception(request, error)
    assert response.status_code == 503
    assert response["Retry-After"] == str(middleware.RETRY_AFTER_SECONDS)
    assert middleware.MSG_SERVICE_BUSY in response.content.decode()


def test_a_bug_is_left_to_django():
    handler = middleware.ServiceUnavailableMiddleware(lambda r: HttpResponse())
    assert handler.process_exception(RequestFactory().get("/"), KeyError("x")) is None
