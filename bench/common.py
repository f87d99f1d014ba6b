"""What every benchmark shares: a bench database of its own (copied from a migrated
template), Django configured as in production (DEBUG=0), COPY seeding, the result
files and the table printed at the end."""

# ruff: noqa: S603, S607, S608
from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import platform
import resource
import subprocess
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench import stack

RESULTS = stack.ROOT / "bench" / "results"
TEMPLATE_DB = f"{stack.BENCH_DB}_template"


def _psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-Atqc", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def _migrations_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(stack.ROOT.glob("*/migrations/0*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_template(template: str = TEMPLATE_DB) -> None:
    """A migrated template database, rebuilt when a migration file changes."""
    digest = _migrations_digest()
    comment = _psql(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        f"WHERE datname = '{template}'"
    )
    if comment == digest:
        return
    _psql(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
    _psql(f"CREATE DATABASE {template}")
    env = stack.production_env(
        f"{stack.SHARED_PG}/{template}", redis_url(), CONN_MAX_AGE="0"
    )
    stack.manage(env, "migrate", "--noinput", "-v0")
    _psql(f"COMMENT ON DATABASE {template} IS '{digest}'")


def fresh_database(name: str, template: str = TEMPLATE_DB) -> str:
    """Drop and recreate ``name`` from the migrated template; its URL."""
    ensure_template(template)
    _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _psql(f"CREATE DATABASE {name} TEMPLATE {template}")
    return f"{stack.SHARED_PG}/{name}"


def redis_url() -> str:
    return f"{stack.SHARED_REDIS}/{stack.BENCH_REDIS_DB}"


def setup_django(database_url: str, **extra: str) -> dict[str, str]:
    """Configure this process as a production process on ``database_url``."""
    env = stack.production_env(database_url, redis_url(), **extra)
    os.environ.update(env)
    import django

    django.setup()
    return env


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY rows into a table in chunks (psycopg2 copy_expert, not the ORM)."""
    from django.db import connection

    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    buffer = io.StringIO()
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for row in rows:
            buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
            count += 1
            if count % 200_000 == 0:
                buffer.seek(0)
                raw.copy_expert(sql, buffer)
                buffer = io.StringIO()
        buffer.seek(0)
        raw.copy_expert(sql, buffer)
    return count


def reset_sequence(table: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        )


def cpu_probe_ms() -> int:
    """Milliseconds this machine takes for a fixed pure-Python loop right now: the
    machine is a shared VM whose speed moves by up to 2x within an hour, so each
    result carries it (lower is faster; ~300 ms on a quiet day here)."""
    started = time.perf_counter()
    total = 0
    for i in range(2_000_000):
        total += i
    return round((time.perf_counter() - started) * 1000)


def machine() -> dict:
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "cpu_probe_ms": cpu_probe_ms(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: Linux carries
    the parent's peak over into an exec'd child's ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def save(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, "machine": machine(), **data}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    return path


def print_table(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    rows = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    print(f"\n{title}")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
