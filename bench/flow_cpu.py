"""Python CPU per request of one contestant's flow, in-process (no server, no
load generator): Django's test client on the rush seed with DEBUG=0 and the
production settings, ``time.process_time`` around each request. Postgres and
Redis work in their own processes and is not counted; what is counted is what a
web server worker would spend in Python. Robust on a shared machine, where wall
times are not.

    .venv/bin/python -m bench.flow_cpu [--contestants 120] [--roots DIR,DIR]
    .venv/bin/python -m bench.flow_cpu --profile save   # cProfile of one endpoint

Each contestant opens the contest page, starts, opens the attempt page, saves 20
answers (htmx, CSRF header), submits and reads the result, as bench/locustlib.py
does; a few log in with the form (the password hasher). With ``--roots`` the same
seed is measured by each code tree in turn, interleaved, each on its own
contestants (for old-vs-new comparisons in one run).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from urllib.parse import urlencode

from bench import common, stack

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LOGINS = 8
FORM = "application/x-www-form-urlencoded"


class Meter:
    def __init__(self, profile: str | None):
        self.cpu: dict[str, list[float]] = defaultdict(list)
        self.profile = profile
        # CPU time, not wall: waits on Postgres/Redis are not the worker's CPU.
        self.profiler = cProfile.Profile(time.process_time) if profile else None
        self.counting = False

    def __call__(self, name: str, call, *args, **kwargs):
        profiled = self.counting and self.profile == name
        if profiled:
            self.profiler.enable()
        start = time.process_time()
        response = call(*args, **kwargs)
        spent = time.process_time() - start
        if profiled:
            self.profiler.disable()
        if self.counting:
            self.cpu[name].append(spent * 1000)
        if response.status_code not in (200, 302):
            raise RuntimeError(f"{name}: {response.status_code}")
        return response


def form(client, path: str, data: dict, **kwargs):
    """A urlencoded POST, as browsers and htmx send (not the test client's
    default multipart, which costs more to parse)."""
    return client.post(path, urlencode(data), content_type=FORM, **kwargs)


def token(response) -> str:
    return CSRF.search(response.content.decode()).group(1)


def flow(client, meter: Meter, data: dict, session: str) -> None:
    client.cookies.clear()
    client.cookies["sessionid"] = session
    slug = data["contest"]
    page = meter("contest page", client.get, f"/cuoc-thi/{slug}/")
    csrf = token(page)
    start = meter(
        "start",
        form,
        client,
        f"/cuoc-thi/{slug}/dot/{data['round']}/bat-dau/",
        {"csrfmiddlewaretoken": csrf},
    )
    attempt = start["Location"].rstrip("/").split("/")[-1]
    page = meter("attempt page", client.get, f"/cuoc-thi/bai-thi/{attempt}/")
    csrf = token(page)
    for position in range(20):
        meter(
            "save",
            form,
            client,
            f"/cuoc-thi/bai-thi/{attempt}/tra-loi/",
            {"position": position, f"q{position}": position % 4},
            headers={"X-CSRFToken": csrf, "HX-Request": "true"},
        )
    meter(
        "submit",
        form,
        client,
        f"/cuoc-thi/bai-thi/{attempt}/nop-bai/",
        {"csrfmiddlewaretoken": csrf, "prediction": "1234", "confirm": "1"},
    )
    meter("result page", client.get, f"/cuoc-thi/bai-thi/{attempt}/ket-qua/")


def log_in(client, meter: Meter, phone: str, password: str) -> None:
    client.cookies.clear()
    page = meter("login page", client.get, "/tai-khoan/login/")
    meter(
        "login",
        form,
        client,
        "/tai-khoan/login/",
        {"login": phone, "password": password, "csrfmiddlewaretoken": token(page)},
    )


def one(url: str, data_path: str, first: int, count: int, profile: str | None):
    """Child process, run in the code tree being measured."""
    common.setup_django(url, ALLOWED_HOSTS="testserver")
    from django.test import Client

    with open(data_path) as f:
        data = json.load(f)
    people = data["contestants"][first : first + count]
    client = Client(enforce_csrf_checks=True)
    meter = Meter(profile)
    warm = 10
    for index, (_user, session, phone) in enumerate(people):
        meter.counting = index >= warm
        if index >= count - LOGINS:
            log_in(client, meter, phone, data["password"])
            continue
        flow(client, meter, data, session)
    out = {
        name: {
            "n": len(v),
            "median_ms": round(statistics.median(v), 2),
            "mean_ms": round(statistics.fmean(v), 2),
        }
        for name, v in meter.cpu.items()
    }
    print(json.dumps({"root": os.getcwd(), "cpu": out}))
    if meter.profiler:
        meter.profiler.dump_stats(common.RESULTS / "flow-cpu.prof.tmp")
        stats = pstats.Stats(meter.profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)


def per_contestant(cpu: dict, login_fraction: float = 0.1) -> float:
    """Python CPU ms of one complete contestant (20 saves, 10 % form logins)."""
    steps = ("contest page", "start", "attempt page", "submit", "result page")
    total = sum(cpu[s]["mean_ms"] for s in steps) + 20 * cpu["save"]["mean_ms"]
    login = cpu.get("login", {}).get("mean_ms", 0) + cpu.get("login page", {}).get(
        "mean_ms", 0
    )
    return round(total + login_fraction * login, 1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contestants", type=int, default=120)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--roots", default=str(stack.ROOT))
    parser.add_argument("--profile", default=None)
    parser.add_argument("--reuse", action="store_true", help="keep the seed")
    parser.add_argument("--first", type=int, default=0, help="with --reuse: skip")
    parser.add_argument("--seed", type=int, default=0, help="contestants to seed")
    parser.add_argument("--one", nargs=4, metavar=("URL", "DATA", "FIRST", "COUNT"))
    args = parser.parse_args()
    if args.one:
        url, data_path, first, count = args.one
        one(url, data_path, int(first), int(count), args.profile)
        return
    from bench import rush

    roots = args.roots.split(",")
    name = f"{stack.BENCH_DB}_flowcpu"
    data_path = common.RESULTS / "flow-cpu-seed.tmp"
    url = f"{stack.SHARED_PG}/{name}"
    runs = len(roots) * args.rounds
    if not (args.reuse and data_path.exists()):
        url = common.fresh_database(name)
        data = rush.seed(url, max(args.seed, args.contestants * runs), 4, 4)
        data_path.write_text(json.dumps(data))
    env = stack.production_env(url, common.redis_url())
    for root in roots:  # the manifest of hashed static names each tree renders
        subprocess.run(  # noqa: S603
            [stack.python(), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=root,
            env=env,
            check=True,
        )
    print(f"load average {os.getloadavg()}", flush=True)
    first = args.first
    results = []
    for _ in range(args.rounds):
        for root in roots:
            out = subprocess.run(  # noqa: S603
                [stack.python(), "-m", "bench.flow_cpu", "--one", url,
                 str(data_path), str(first), str(args.contestants)]
                + (["--profile", args.profile] if args.profile else []),
                cwd=root,
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "PYTHONPATH": root},
            )  # fmt: skip
            if args.profile:
                print(out.stderr)
            first += args.contestants
            print(f"(next --first {first})", flush=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(result)
            cpu = result["cpu"]
            line = ", ".join(
                f"{k} {v['mean_ms']} (median {v['median_ms']})"
                for k, v in sorted(cpu.items())
            )
            total = per_contestant(cpu)
            print(f"{root}: {line}; per contestant {total} ms", flush=True)
    print(f"load average {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    main()
