"""The load generator (locust 2.47 as a library; FastHttpUser). Imported only by
the load process: locust patches the standard library with gevent.

Stages:
- open model: contestants arrive at a fixed rate (constant pacing: each locust
  user starts a new contestant every PERIOD seconds, whatever the server does);
  each logs in or brings a session, opens the contest, starts, saves 20 answers
  with think time, predicts and submits, then reads the result;
- closed loop at saturation: answer saves, the bare reference view, start+submit;
- readers: the public results page and the unit participation table.
"""

from __future__ import annotations

import collections
import http.cookiejar
import itertools
import random
import re
import time
from urllib.parse import urlencode

import gevent
from locust import FastHttpUser, constant, constant_pacing, task
from locust.env import Environment

CSRF_RE = re.compile(
    r'"X-CSRFToken": "([^"]+)"|name="csrfmiddlewaretoken" value="([^"]+)"'
)
ATTEMPT_RE = re.compile(r"/bai-thi/(\d+)/")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

DATA: dict = {}
OPTIONS = {"think": 1.0, "login_fraction": 0.1, "period": 30.0, "stamp": True}


def csrf(text: str) -> str:
    match = CSRF_RE.search(text or "")
    if not match:
        raise ValueError("no CSRF token in the page")
    return match.group(1) or match.group(2)


def page_csrf(response) -> str | None:
    """The page's CSRF token, or None when the portal refused the page (a 503
    under overload has none): the user gives up this round instead of crashing."""
    if response.status_code != 200:
        return None
    try:
        return csrf(response.text)
    except ValueError:
        return None


def attempt_of(start) -> str | None:
    """The attempt id a start redirected to; None when it was refused (503, or a
    redirect back to the contest page with the reason)."""
    match = ATTEMPT_RE.search(start.headers.get("Location", "") or "")
    return match.group(1) if match else None


def set_cookie(user: FastHttpUser, name: str, value: str) -> None:
    user.client.cookiejar.set_cookie(
        http.cookiejar.Cookie(
            0,
            name,
            value,
            None,
            False,
            "127.0.0.1",
            False,
            False,
            "/",
            True,
            False,
            None,
            True,
            None,
            None,
            {},
            False,
        )
    )


def headers(token: str | None = None, htmx: bool = False) -> dict:
    out = dict(FORM)
    if token:
        out["X-CSRFToken"] = token
    if htmx:
        out["HX-Request"] = "true"
    if OPTIONS["stamp"]:
        # What nginx's `X-Request-Start: t=${msec}` would say: the arrival time.
        out["X-Request-Start"] = f"t={time.time():.3f}"
    return out


class Pools:
    contestants = iter(())
    saturation = iter(())
    readers = iter(())


def reset_pools() -> None:
    Pools.contestants = iter(DATA["contestants"])
    Pools.saturation = itertools.cycle(DATA["saturation"])
    Pools.readers = itertools.cycle(DATA["readers"])


class Contestant(FastHttpUser):
    """One complete attempt per PERIOD seconds (open model)."""

    abstract = True

    def wait_time(self):
        return constant_pacing(OPTIONS["period"])(self)

    def log_in(self, phone: str) -> bool:
        """The login form, as 10 % of the crowd does (Argon2id); False if refused."""
        page = self.client.get("/tai-khoan/login/", name="login page")
        token = page_csrf(page)
        if token is None:
            return False
        self.client.post(
            "/tai-khoan/login/",
            data=urlencode(
                {
                    "login": phone,
                    "password": DATA["password"],
                    "csrfmiddlewaretoken": token,
                }
            ),
            headers=headers(),
            allow_redirects=False,
            name="login",
        )
        return True

    @task
    def attempt(self) -> None:
        try:
            _user_id, session, phone = next(Pools.contestants)
        except StopIteration:
            gevent.sleep(1)
            return
        client = self.client
        client.cookiejar.clear()
        think = OPTIONS["think"]
        if random.random() < OPTIONS["login_fraction"]:
            if not self.log_in(phone):
                return
        else:
            set_cookie(self, "sessionid", session)
        slug = DATA["contest"]
        page = client.get(f"/cuoc-thi/{slug}/", name="contest page")
        token = page_csrf(page)
        if token is None:
            return
        start = client.post(
            f"/cuoc-thi/{slug}/dot/{DATA['round']}/bat-dau/",
            data=urlencode({"csrfmiddlewaretoken": token}),
            headers=headers(),
            allow_redirects=False,
            name="start",
        )
        attempt = attempt_of(start)
        if attempt is None:
            return
        page = client.get(f"/cuoc-thi/bai-thi/{attempt}/", name="attempt page")
        token = page_csrf(page)
        if token is None:
            return
        for position in range(20):
            gevent.sleep(random.uniform(0.5 * think, 1.5 * think))
            client.post(
                f"/cuoc-thi/bai-thi/{attempt}/tra-loi/",
                data=urlencode(
                    {"position": position, f"q{position}": random.randint(0, 3)}
                ),
                headers=headers(token, htmx=True),
                name="save",
            )
        gevent.sleep(think)
        client.post(
            f"/cuoc-thi/bai-thi/{attempt}/nop-bai/",
            data=urlencode(
                {"csrfmiddlewaretoken": token, "prediction": "1234", "confirm": "1"}
            ),
            headers=headers(),
            allow_redirects=False,
            name="submit",
        )
        client.get(f"/cuoc-thi/bai-thi/{attempt}/ket-qua/", name="result page")


class _Saturating(FastHttpUser):
    """A logged-in contestant with an open practice attempt, no think time."""

    abstract = True
    wait_time = constant(0)

    def on_start(self) -> None:
        _user_id, session = next(Pools.saturation)
        set_cookie(self, "sessionid", session)
        self.attempt = None

    def open_attempt(self) -> bool:
        """Open the practice attempt; False (try again at the next task) when the
        portal refused the page or the start (503 under overload)."""
        slug = DATA["contest"]
        page = self.client.get(f"/cuoc-thi/{slug}/", name="contest page (setup)")
        token = page_csrf(page)
        if token is None:
            return False
        self.token = token
        start = self.client.post(
            f"/cuoc-thi/{slug}/dot/{DATA['practice']}/bat-dau/",
            data=urlencode({"csrfmiddlewaretoken": self.token}),
            headers=headers(),
            allow_redirects=False,
            name="start (setup)",
        )
        self.attempt = attempt_of(start)
        return self.attempt is not None

    def ready(self) -> bool:
        """An attempt is open; a refused setup waits a second, as a person would."""
        if self.attempt is None and not self.open_attempt():
            gevent.sleep(1)
        return self.attempt is not None


class SaveMax(_Saturating):
    abstract = True

    @task
    def save(self) -> None:
        if not self.ready():
            return
        position = random.randint(0, 19)
        self.client.post(
            f"/cuoc-thi/bai-thi/{self.attempt}/tra-loi/",
            data=urlencode(
                {"position": position, f"q{position}": random.randint(0, 3)}
            ),
            headers=headers(self.token, htmx=True),
            name="save",
        )


class ReferenceMax(_Saturating):
    abstract = True

    @task
    def upsert(self) -> None:
        if not self.ready():
            return
        self.client.post(
            "/bench/upsert/",
            data=urlencode(
                {"position": random.randint(0, 19), "choice": random.randint(0, 3)}
            ),
            headers=headers(self.token, htmx=True),
            name="reference upsert",
        )


class StartSubmitMax(_Saturating):
    abstract = True

    def on_start(self) -> None:
        _user_id, session = next(Pools.saturation)
        set_cookie(self, "sessionid", session)
        self.attempt = None

    @task
    def cycle(self) -> None:
        slug = DATA["contest"]
        if self.attempt is None:
            page = self.client.get(f"/cuoc-thi/{slug}/", name="contest page (setup)")
            token = page_csrf(page)
            if token is None:
                gevent.sleep(1)
                return
            self.token = token
        start = self.client.post(
            f"/cuoc-thi/{slug}/dot/{DATA['practice']}/bat-dau/",
            data=urlencode({"csrfmiddlewaretoken": self.token}),
            headers=headers(),
            allow_redirects=False,
            name="start",
        )
        attempt = attempt_of(start)
        if attempt is None:
            return
        self.attempt = attempt
        self.client.post(
            f"/cuoc-thi/bai-thi/{self.attempt}/nop-bai/",
            data=urlencode(
                {"csrfmiddlewaretoken": self.token, "prediction": "7", "confirm": "1"}
            ),
            headers=headers(),
            allow_redirects=False,
            name="submit",
        )


class SaveOpen(SaveMax):
    """Past saturation: each user sends a save every second whatever happens."""

    abstract = True
    wait_time = constant_pacing(1.0)


class PublicReader(FastHttpUser):
    abstract = True
    wait_time = constant(1.0)

    @task
    def results(self) -> None:
        self.client.get(
            f"/ket-qua/{DATA['results_contest']}/dot/{DATA['results_round']}/",
            headers=headers(),
            name="public results page",
        )


class UnitReader(FastHttpUser):
    abstract = True
    wait_time = constant(1.0)

    def on_start(self) -> None:
        _user_id, session = next(Pools.readers)
        set_cookie(self, "sessionid", session)

    @task
    def table(self) -> None:
        self.client.get(
            f"/ket-qua/{DATA['results_contest']}/don-vi/",
            headers=headers(),
            name="unit participation table",
        )


def concrete(cls, count: int):
    return type(cls.__name__, (cls,), {"abstract": False, "fixed_count": count})


def run_stage(
    host: str,
    classes: list[tuple[type, int]],
    *,
    seconds: float,
    warmup: float = 0.0,
    spawn_rate: float = 100.0,
) -> dict:
    """Run users for warmup + seconds; stats cover only the last ``seconds``."""
    users = [concrete(cls, n) for cls, n in classes]
    env = Environment(user_classes=users, host=host)
    codes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)

    def on_request(name, response=None, exception=None, **_kw):
        # A 4xx/5xx arrives with an exception too: count it by its status code;
        # "error" is only a failure without a response (refused, reset, timeout).
        code = getattr(response, "status_code", 0) if response is not None else 0
        codes[name][code or "error"] += 1

    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    total = sum(n for _, n in classes)
    runner.start(total, spawn_rate=spawn_rate)
    gevent.sleep(warmup)
    env.stats.reset_all()
    codes.clear()
    began = time.time()
    gevent.sleep(seconds)
    elapsed = time.time() - began
    snapshot = {}
    for (name, method), entry in env.stats.entries.items():
        if name.endswith("(setup)"):
            continue
        snapshot[name] = {
            "method": method,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "per_s": round(entry.num_requests / elapsed, 1),
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "max_ms": round(entry.max_response_time or 0),
            "codes": {str(k): v for k, v in codes[name].items()},
        }
    runner.quit()
    return {"seconds": round(elapsed, 1), "endpoints": snapshot}
