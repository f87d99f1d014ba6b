import pytest

from core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound, TooMany
from core.http import status_for


class _Closed(Conflict):
    pass


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (Invalid("x"), 400),
        (NotAllowed("x"), 403),
        (NotFound("x"), 404),
        (Conflict("x"), 409),
        (TooMany("x", retry_after=3), 429),
        (_Closed("x"), 409),
        (DomainError("x"), 400),
    ],
)
def test_each_kind_of_refusal_answers_its_status(error, status):
    assert status_for(error) == status


def test_the_message_is_kept_for_the_page():
    error = NotAllowed("Bạn không có quyền.")
    assert error.message == "Bạn không có quyền."
    assert str(error) == "Bạn không có quyền."
