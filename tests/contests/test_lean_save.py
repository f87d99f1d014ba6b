"""The answer save's lean check of who is saving (contests/session_user.py): after
one full check the user row is not read again, yet nothing Django's session check
would refuse gets through."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contests import services
from contests.models import AttemptQuestion

HX = {"HX-Request": "true"}
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def saving(client, open_round, contestant_a):
    client.force_login(contestant_a)
    attempt = services.start_attempt(contestant_a, open_round)
    url = reverse("contests:answer", args=[attempt.id])
    first = client.post(url, {"position": 0, "q0": 1}, headers=HX)
    assert first.status_code == 200
    return attempt, url


def _answer(attempt, position):
    return AttemptQuestion.objects.get(attempt=attempt, position=position).answer


def test_a_repeat_save_is_one_update_and_reads_no_user_row(client, saving):
    attempt, url = saving
    with CaptureQueriesContext(connection) as ctx:
        response = client.post(url, {"position": 4, "q4": 2}, headers=HX)
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert len(sqls) == 1, sqls
    assert sqls[0].lstrip().startswith("UPDATE")
    aq = AttemptQuestion.objects.get(attempt=attempt, position=4)
    assert aq.answer == int(aq.order[2])


def test_a_changed_password_ends_the_old_session_saves(client, saving, contestant_a):
    attempt, url = saving
    contestant_a.set_password("mat-khau-moi-2026")
    contestant_a.save()
    response = client.post(url, {"position": 5, "q5": 1}, headers=HX)
    assert response.status_code == 302
    assert "/tai-khoan/login/" in response["Location"]
    assert _answer(attempt, 5) is None


def test_a_deactivated_account_cannot_save(client, saving, contestant_a):
    attempt, url = saving
    contestant_a.is_active = False
    contestant_a.save()
    response = client.post(url, {"position": 6, "q6": 1}, headers=HX)
    assert response.status_code == 302
    assert _answer(attempt, 6) is None


def test_after_logout_the_session_cannot_save(client, saving):
    attempt, url = saving
    client.logout()
    response = client.post(url, {"position": 7, "q7": 1}, headers=HX)
    assert response.status_code == 302
    assert _answer(attempt, 7) is None


def test_another_users_attempt_is_still_refused(client, saving, contestant_b):
    attempt, url = saving
    client.force_login(contestant_b)
    client.post(url, {"position": 0, "q0": 3}, headers=HX)  # verified once
    response = client.post(url, {"position": 8, "q8": 1}, headers=HX)
    assert response.status_code == 404
    assert _answer(attempt, 8) is None
