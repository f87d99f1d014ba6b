# ruff: noqa: S310, S603
"""Two web nodes on this machine, as a national contest would run on several:
two web nodes (config/serve.py) behind one nginx (round-robin, no sticky
sessions), a Celery worker, one Postgres (the shared server, a database of its
own), one Redis (a private redis-server) and an S3-compatible endpoint on
loopback (moto's server: an S3-protocol stand-in, not a production object store)
holding every file.

    python -m bench.nodes            the two-node run (make two-nodes; the
                                     integration test tests/integration/
                                     test_two_nodes.py runs the same)
    python -m bench.nodes --bench    the rush through one node, then two, in the
                                     same run (bench/results/nodes.json)

The run drives a contest through nginx: contestants start, answer, reload and
submit while their requests alternate nodes; a unit representative uploads a clip
whose chunks alternate nodes; one node is killed (SIGKILL, its whole process
group) mid-rush and the contestants carry on through the other; an organizer
closes, publishes and exports. Then the database is asked whether every answer a
client was told "Đã lưu" is stored.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench import common, stack

BUCKET = "portal-nodes"
S3_KEYS = {"S3_ACCESS_KEY_ID": "test", "S3_SECRET_ACCESS_KEY": "test"}


# ------------------------------------------------------------------ processes


@contextlib.contextmanager
def s3_endpoint(log: Path) -> Iterator[str]:
    """moto's S3-protocol server on loopback with the portal's bucket."""
    import boto3

    port = stack.free_port()
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [str(stack.VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
        try:
            stack.wait_port(port, timeout=60)
            endpoint = f"http://127.0.0.1:{port}"
            boto3.client(
                "s3",
                endpoint_url=endpoint,
                aws_access_key_id="test",
                aws_secret_access_key="test",  # noqa: S106 -- moto's
                region_name="us-east-1",
            ).create_bucket(Bucket=BUCKET)
            yield endpoint
        finally:
            _kill_group(proc, signal.SIGTERM)


@dataclass
class Node:
    url: str
    proc: subprocess.Popen

    def kill(self) -> None:
        """What a machine that dies does: every process of the node at once."""
        _kill_group(self.proc, signal.SIGKILL)


def _kill_group(proc: subprocess.Popen, sig: int) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextlib.contextmanager
def web_node(
    env: dict[str, str], log: Path, workers: int = 2, home: Path | None = None
) -> Iterator[Node]:
    """A web node (config/serve.py) in a process group of its own;
    with ``home``, a disk of its own too (MEDIA_ROOT, upload chunks, TMPDIR), as
    on a machine of its own: a file one node kept locally, the other cannot see."""
    port = stack.free_port()
    env = dict(env, PORTAL_BIND=f"127.0.0.1:{port}", PORTAL_WORKERS=str(workers))
    if home is not None:
        env.update(own_disk(home))
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            stack.SERVE,
            cwd=stack.ROOT,
            env=env,
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
        node = Node(f"http://127.0.0.1:{port}", proc)
        try:
            _wait_healthy(node)
            yield node
        finally:
            _kill_group(proc, signal.SIGTERM)


def own_disk(home: Path) -> dict[str, str]:
    for name in ("media", "uploads", "tmp"):
        (home / name).mkdir(parents=True, exist_ok=True)
    return {
        "MEDIA_ROOT": str(home / "media"),
        "VIDEO_UPLOAD_TEMP_DIR": str(home / "uploads"),
        "TMPDIR": str(home / "tmp"),
    }


def _wait_healthy(node: Node, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while True:
        if node.proc.poll() is not None:
            raise RuntimeError(f"the web node exited with {node.proc.returncode}")
        try:
            urllib.request.urlopen(node.url + "/healthz", timeout=2).read()
            return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


@dataclass
class Cluster:
    host: str
    nodes: list[Node]
    env: dict[str, str]
    data: dict
    logs: Path
    extra: dict = field(default_factory=dict)


def _env(database_url: str, redis_url: str, endpoint: str) -> dict[str, str]:
    return stack.production_env(
        database_url,
        redis_url,
        S3_BUCKET=BUCKET,
        S3_ENDPOINT_URL=endpoint,
        S3_REGION="us-east-1",
        **S3_KEYS,
        ALLAUTH_TRUSTED_PROXY_COUNT="1",
        CONTESTS_ANSWER_RATE="100000/m",
        CONN_MAX_AGE="60",
    )


@contextlib.contextmanager
def cluster(
    database: str, *, nodes: int = 2, workers: int = 2, seed_args: list[str]
) -> Iterator[Cluster]:
    """Everything above, started and seeded; stopped (every process) on exit."""
    url = common.fresh_database(database, template=f"{database}_template")
    with contextlib.ExitStack() as stack_:
        tmp = stack_.enter_context(stack.temp_dir("portal-nodes-"))
        logs = tmp / "logs"
        logs.mkdir()
        redis = stack.PrivateRedis(tmp)
        redis.start()
        stack_.callback(redis.stop)
        endpoint = stack_.enter_context(s3_endpoint(logs / "s3.log"))
        env = _env(url, redis.url, endpoint)
        data = _seed(env, tmp / "seed.json", seed_args)
        stack.manage(env, "collectstatic", "--noinput", "-v0")
        worker_env = {**env, **own_disk(tmp / "worker")}
        stack_.enter_context(stack.celery_worker(worker_env, log=logs / "celery.log"))
        started = [
            stack_.enter_context(
                web_node(env, logs / f"node{i}.log", workers, home=tmp / f"node{i}")
            )
            for i in range(nodes)
        ]
        host = stack_.enter_context(stack.nginx([n.url for n in started]))
        yield Cluster(host=host, nodes=started, env=env, data=data, logs=logs)


def _seed(env: dict[str, str], out: Path, args: list[str]) -> dict:
    subprocess.run(
        [stack.python(), "-m", "bench.nodes_seed", str(out), *args],
        cwd=stack.ROOT,
        env={**env, "PYTHONPATH": str(stack.ROOT)},
        check=True,
    )
    return json.loads(out.read_text())


def database_name() -> str:
    """The run's database: BENCH_DB's, or the test run's name with a suffix."""
    base = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[-1] or stack.BENCH_DB
    return f"{base}_twonode"


# ------------------------------------------------------------------- bench


def bench(args) -> dict:
    """Saturation stages through one node, then through two (same processes,
    same data, minutes apart)."""
    from bench import locustlib as L
    from bench.rush import CpuMeter

    seed_args = ["--rush", "--contestants", "50", "--sat-users", str(args.sat_users)]
    results: dict = {"options": vars(args), "machine": common.machine(), "runs": {}}
    with cluster(
        database_name(), nodes=2, workers=args.workers, seed_args=seed_args
    ) as c:
        L.DATA.update(c.data)
        for label, backends in (
            ("one node", c.nodes[:1]),
            ("two nodes", c.nodes),
        ):
            with stack.nginx([n.url for n in backends]) as host:
                for stage, cls in (
                    ("saves", L.SaveMax),
                    ("startsubmit", L.StartSubmitMax),
                ):
                    L.reset_pools()
                    with CpuMeter() as cpu:
                        got = L.run_stage(
                            host,
                            [(cls, args.sat_users)],
                            seconds=args.seconds,
                            warmup=5,
                            spawn_rate=100.0,
                        )
                    got["machine_cpu_pct"] = cpu.machine_pct
                    results["runs"].setdefault(label, {})[stage] = got
                    print(label, stage, json.dumps(got["endpoints"])[:300], flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", action="store_true")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--sat-users", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    if args.bench:
        results = bench(args)
        common.save("nodes", results)
        return
    from bench.nodes_run import scenario

    report = scenario(database_name())
    print(json.dumps(report, indent=2, default=str))
    sys.exit(0 if report["lost"] == [] else 1)


if __name__ == "__main__":
    main()
