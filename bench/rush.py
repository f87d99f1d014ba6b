"""Contest rush: the portal as in production (config/serve.py: granian,
Postgres, Redis, a Celery worker, DEBUG=0) under locust on loopback.

    .venv/bin/python -m bench.rush [--rate 10] [--seconds 60] [--stages ...]

Stages (each bounded in users and time):
  steady      contestants arrive at --rate a second (open model); each saves 20
              answers with --think seconds between them: 20 x rate saves/s
  saves       answer saves at saturation (closed loop, --sat-users, no think time)
  reference   the bare reference view at saturation, same users, same stack
  startsubmit start + submit at saturation (practice round: unlimited attempts)
  overload    --overload-users each sending a save every second: past saturation
  pages       steady rush plus 100 readers (see bench/pages.py)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import time

from bench import common, stack

ALL_STAGES = "steady,reference,saves,startsubmit,overload"


def cpu_times() -> tuple[float, float]:
    with open("/proc/stat") as f:
        parts = [float(x) for x in f.readline().split()[1:]]
    idle = parts[3] + parts[4]
    return sum(parts), idle


# Which program a process is, for the per-program CPU split of a stage.
_PROGRAMS = (
    ("config.serve", "portal (web server)"),
    ("postgres", "postgres"),
    ("redis", "redis"),
    ("nginx", "nginx"),
    ("celery", "celery"),
)


def _program(pid: str) -> str | None:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return None
    for needle, name in _PROGRAMS:
        if needle in cmd:
            return name
    return None


def program_cpu() -> dict[str, float]:
    """Seconds of CPU (user + system) spent so far by each program's processes,
    read from /proc. A process's own time plus that of its children it has reaped:
    a web worker replaced or a Postgres backend closed within a stage moves
    its time into its parent's count, which stays in the sum."""
    tick = os.sysconf("SC_CLK_TCK")
    own = str(os.getpid())
    seconds: dict[str, float] = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid == own:
            continue
        name = _program(pid)
        if name is None:
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[name] = (
            seconds.get(name, 0.0)
            + (int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14]))
            / tick
        )
    return seconds


class CpuMeter:
    """The machine's CPU over a stage, the load generator's own cores, and the
    cores each program used (``programs``: the profile of where the CPU went)."""

    def __enter__(self):
        self.total, self.idle = cpu_times()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.own = usage.ru_utime + usage.ru_stime
        self.wall = time.time()
        self.before = program_cpu()
        return self

    def __exit__(self, *exc):
        total, idle = cpu_times()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        after = program_cpu()
        wall = time.time() - self.wall
        busy = (total - self.total) - (idle - self.idle)
        self.machine_pct = round(100 * busy / max(1.0, total - self.total), 1)
        self.loadgen_cores = round(
            (usage.ru_utime + usage.ru_stime - self.own) / max(0.1, wall), 2
        )
        self.programs = {
            name: round((after[name] - self.before.get(name, 0.0)) / max(0.1, wall), 2)
            for name in sorted(after)
        }
        self.programs["load generator"] = self.loadgen_cores


def seed(url: str, contestants: int, sat_users: int, readers: int) -> dict:
    out = common.RESULTS / "rush-seed.tmp"
    subprocess.run(  # noqa: S603
        [
            stack.python(),
            "-m",
            "bench.load",
            url,
            str(out),
            "--contestants",
            str(contestants),
            "--saturation-users",
            str(sat_users),
            "--readers",
            str(readers),
        ],
        cwd=stack.ROOT,
        check=True,
        env={**os.environ, "PYTHONPATH": str(stack.ROOT)},
    )
    data = json.loads(out.read_text())
    out.unlink()
    return data


def collectstatic(env: dict[str, str]) -> None:
    stack.manage(env, "collectstatic", "--noinput", "-v0")


def run(args) -> dict:
    stages = args.stages.split(",")
    contestants = int(args.rate * (args.warmup + args.seconds) * 1.3) + 50
    url = common.fresh_database(f"{stack.BENCH_DB}_rush")
    data = seed(url, contestants, args.sat_users, args.readers)
    env = stack.production_env(
        url,
        common.redis_url(),
        DJANGO_SETTINGS_MODULE="bench.settings",
        # The limiter runs on every save; its limit is raised so that the closed-
        # loop stages (a few users saving without pause) measure the server.
        CONTESTS_ANSWER_RATE=args.answer_rate,
        # nginx in front, as in docker-compose.yml: one proxy writes the address.
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
    )
    collectstatic(env)
    results: dict = {
        "options": {k: v for k, v in vars(args).items()},
        "server": {"workers": args.workers, "threads": args.threads},
        "stages": {},
    }
    logs = common.RESULTS / "rush-server.log.tmp"
    with (
        stack.celery_worker(env, log=logs),
        stack.portal(
            env, workers=args.workers, threads=args.threads, log=logs
        ) as backend,
        stack.nginx(backend) as host,
    ):
        from bench import locustlib as L

        L.DATA.update(data)
        L.OPTIONS.update(think=args.think, login_fraction=args.login_fraction)

        def stage(name, classes, seconds, warmup, spawn=100.0):
            L.reset_pools()
            with CpuMeter() as cpu:
                got = L.run_stage(
                    host, classes, seconds=seconds, warmup=warmup, spawn_rate=spawn
                )
            got["machine_cpu_pct"] = cpu.machine_pct
            got["loadgen_cores"] = cpu.loadgen_cores
            got["program_cores"] = cpu.programs
            got["load"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
            results["stages"][name] = got
            print(f"stage {name}: {json.dumps(got['endpoints'])[:600]}", flush=True)

        period = L.OPTIONS["period"]
        steady_users = max(1, round(args.rate * period))
        plans = {
            "steady": lambda: stage(
                "steady",
                [(L.Contestant, steady_users)],
                args.seconds,
                args.warmup,
                spawn=args.rate,
            ),
            "pages": lambda: stage(
                "pages",
                [
                    (L.Contestant, steady_users),
                    (L.PublicReader, args.readers // 2),
                    (L.UnitReader, args.readers - args.readers // 2),
                ],
                args.seconds,
                args.warmup,
                spawn=args.rate + 10,
            ),
            "saves": lambda: stage(
                "saves", [(L.SaveMax, args.sat_users)], args.sat_seconds, 5
            ),
            "reference": lambda: stage(
                "reference", [(L.ReferenceMax, args.sat_users)], args.sat_seconds, 5
            ),
            "startsubmit": lambda: stage(
                "startsubmit",
                [(L.StartSubmitMax, args.sat_users)],
                args.sat_seconds,
                5,
            ),
            "overload": lambda: stage(
                "overload",
                [(L.SaveOpen, args.overload_users)],
                args.overload_seconds,
                5,
                spawn=100,
            ),
        }
        for name in stages:  # in the order given
            plans[name]()
    return results


def summarise(results: dict) -> None:
    rows = []
    for stage, got in results["stages"].items():
        for name, e in got["endpoints"].items():
            codes = ",".join(f"{k}:{v}" for k, v in sorted(e["codes"].items()))
            rows.append(
                [
                    stage,
                    name,
                    e["requests"],
                    e["per_s"],
                    e["p50_ms"],
                    e["p95_ms"],
                    e["p99_ms"],
                    e["max_ms"],
                    codes,
                    got["machine_cpu_pct"],
                    got["loadgen_cores"],
                ]
            )
    common.print_table(
        "Contest rush (granian + Postgres + Redis + Celery, DEBUG=0, loopback)",
        [
            "stage",
            "endpoint",
            "requests",
            "per s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "status codes",
            "cpu %",
            "locust cores",
        ],
        rows,
    )


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser()
    p.add_argument("--rate", type=float, default=10.0, help="contestants a second")
    p.add_argument("--think", type=float, default=1.0)
    p.add_argument("--login-fraction", type=float, default=0.1)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--warmup", type=float, default=30)
    p.add_argument("--sat-users", type=int, default=48)
    p.add_argument("--sat-seconds", type=float, default=20)
    p.add_argument("--overload-users", type=int, default=600)
    p.add_argument("--overload-seconds", type=float, default=30)
    p.add_argument("--readers", type=int, default=100)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--answer-rate", default="100000/m")
    p.add_argument("--stages", default=ALL_STAGES)
    p.add_argument("--name", default="rush")
    return p


def main() -> None:
    args = parser().parse_args()
    args.workers = args.workers or 2 * os.cpu_count()
    args.threads = args.threads or 4
    results = run(args)
    common.save(args.name, results)
    summarise(results)


if __name__ == "__main__":
    main()
