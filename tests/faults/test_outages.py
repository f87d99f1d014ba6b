"""Postgres and Redis restarts under a running portal (the web server, DEBUG=0).

Each test starts PRIVATE servers in a temp dir on their own ports (never the
shared 5432/6379 other people's tests use), points a web server subprocess at them,
restarts them, and checks what a contestant would see.
"""

import subprocess
import threading
import time
import uuid

import pytest
import requests
from django.conf import settings
from django.test import override_settings

from bench import stack
from contests import rules, services
from contests.models import AttemptQuestion
from core.middleware import MSG_SERVICE_BUSY
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

pytestmark = pytest.mark.usefixtures("collected_static")


def _get(url: str, **kwargs) -> requests.Response:
    return requests.get(url, timeout=10, allow_redirects=False, **kwargs)


def test_a_postgres_restart_answers_503_then_recovers_without_restarting_the_portal(
    django_db_setup, django_db_blocker
):
    test_db = settings.DATABASES["default"]["NAME"]
    with stack.temp_dir("pgfault-") as tmp:
        pg = stack.PrivatePostgres(tmp)
        pg.init()
        try:
            subprocess.run(
                [
                    "psql",
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(pg.port),
                    "-U",
                    "postgres",
                    "-c",
                    "CREATE DATABASE portal",
                ],
                check=True,
                capture_output=True,
            )
            schema = subprocess.run(
                ["pg_dump", "-s", "-h", "127.0.0.1", "-U", "postgres", test_db],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(
                [
                    "psql",
                    "-q",
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(pg.port),
                    "-U",
                    "postgres",
                    "portal",
                ],
                input=schema,
                check=True,
                capture_output=True,
            )
            env = stack.production_env(
                f"postgres://postgres@127.0.0.1:{pg.port}/portal",
                f"{stack.SHARED_REDIS}/6",
            )
            with stack.portal(env, workers=1, threads=2) as url:
                assert _get(url + "/").status_code == 200

                pg.stop()
                started = time.monotonic()
                down = _get(url + "/")
                took = time.monotonic() - started
                assert down.status_code == 503
                assert MSG_SERVICE_BUSY in down.text
                assert down.headers["Retry-After"].isdigit()
                assert took < 3, f"the 503 took {took:.1f} s"
                assert _get(url + "/readyz").status_code == 503

                pg.start()
                codes = []
                for _ in range(50):
                    codes.append(_get(url + "/").status_code)
                    if codes[-1] == 200:
                        break
                    time.sleep(0.2)
                assert codes[-1] == 200, codes
                assert set(codes) <= {200, 503}, codes
                assert _get(url + "/readyz").status_code == 200
        finally:
            pg.stop()


@pytest.mark.django_db(transaction=True)
def test_a_redis_restart_loses_no_acknowledged_answer_and_no_session(
    client, contestant_a
):
    contest = ContestFactory(bank=make_bank(25), questions_per_attempt=20)
    round_ = RoundFactory(contest=contest)
    attempt = services.start_attempt(contestant_a, round_)
    with override_settings(SECRET_KEY=stack.SECRET):  # the portal's key signs it
        client.force_login(contestant_a)
    cookies = {
        settings.SESSION_COOKIE_NAME: client.cookies[
            settings.SESSION_COOKIE_NAME
        ].value,
        settings.CSRF_COOKIE_NAME: uuid.uuid4().hex,
    }
    headers = {"X-CSRFToken": cookies[settings.CSRF_COOKIE_NAME], "HX-Request": "true"}
    db = settings.DATABASES["default"]
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    with stack.temp_dir("redisfault-") as tmp:
        redis = stack.PrivateRedis(tmp)
        redis.start()
        try:
            env = stack.production_env(
                database_url, redis.url, CONTESTS_ANSWER_RATE="100000/m"
            )
            with stack.portal(env, workers=1, threads=4) as url:
                answer_url = f"{url}/cuoc-thi/bai-thi/{attempt.id}/tra-loi/"
                acked: set[int] = set()
                codes: list[int] = []
                stop = threading.Event()

                def contestant():
                    with requests.Session() as http:
                        http.cookies.update(cookies)
                        n = 0
                        while not stop.is_set():
                            position = n % 20
                            n += 1
                            try:
                                r = http.post(
                                    answer_url,
                                    {"position": position, "choice": position % 4},
                                    headers=headers,
                                    timeout=5,
                                )
                            except requests.RequestException:
                                codes.append(0)
                                continue
                            codes.append(r.status_code)
                            if r.status_code == 200 and rules.MSG_SAVED in r.text:
                                acked.add(position)

                worker = threading.Thread(target=contestant)
                worker.start()
                time.sleep(1.0)
                redis.restart(down_seconds=1.0)
                time.sleep(1.0)
                redis.restart(down_seconds=0.5)
                time.sleep(1.5)
                stop.set()
                worker.join(10)

                page = _get(f"{url}/cuoc-thi/bai-thi/{attempt.id}/", cookies=cookies)
                assert page.status_code == 200, page.headers.get("Location")
        finally:
            redis.stop()

    assert 500 not in codes
    assert set(codes) <= {200, 503}, set(codes)
    assert len(acked) == 20
    stored = {
        aq.position: aq.answer for aq in AttemptQuestion.objects.filter(attempt=attempt)
    }
    for aq in AttemptQuestion.objects.filter(attempt=attempt, position__in=acked):
        assert stored[aq.position] == int(aq.order[aq.position % 4])
