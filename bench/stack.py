# ruff: noqa: S103, S310, S603, S607, SIM115
"""The portal as in production, on this machine, for benchmarks and fault tests:
the web server (config/serve.py: granian) and a Celery worker with DEBUG=0 and
production variables, on the shared Postgres/Redis or on private instances started
in a temp directory (for restart tests: never restart the shared servers).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
SHARED_PG = "postgres://postgres@127.0.0.1:5432"
SHARED_REDIS = "redis://127.0.0.1:6379"
BENCH_DB = os.environ.get("BENCH_DB", "portal_bench")
BENCH_REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "6"))
SECRET = "bench-only-secret-key-" + "x" * 40
# The production web server (granian through config/serve.py).
SERVE = [str(VENV_BIN / "python"), "-m", "config.serve"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")


def production_env(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """DEBUG=0 with every production variable set (plain HTTP on loopback)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "GRANIAN_"))
        and k not in ("PORTAL_WORKERS", "PORTAL_THREADS", "PORTAL_BIND")
    }
    env.update(
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str, check: bool = True) -> str:
    out = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if check and out.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)}: {out.stderr[-2000:]}")
    return out.stdout


def _stop(proc: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 15) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ------------------------------------------------------------------- portal


@contextlib.contextmanager
def portal(
    env: dict[str, str],
    *,
    port: int | None = None,
    workers: int | None = None,
    threads: int | None = None,
    log: Path | None = None,
) -> Iterator[str]:
    """The web server as in production (config/serve.py); yields the base URL."""
    port = port or free_port()
    env = dict(env, PORTAL_BIND=f"127.0.0.1:{port}", PORTAL_SERVER_LOG_LEVEL="warning")
    if workers:
        env["PORTAL_WORKERS"] = str(workers)
    if threads:
        env["PORTAL_THREADS"] = str(threads)
    out = open(log, "ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        SERVE,
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=out,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        end = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the web server exited with {proc.returncode}")
            try:
                urllib.request.urlopen(url + "/healthz", timeout=2).read()
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > end:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        _stop(proc)
        if log:
            out.close()


@contextlib.contextmanager
def celery_worker(
    env: dict[str, str], *, log: Path | None = None
) -> Iterator[subprocess.Popen]:
    out = open(log, "ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--loglevel=WARNING",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=out,
    )
    try:
        yield proc
    finally:
        _stop(proc, timeout=20)
        if log:
            out.close()


# -------------------------------------------------------------------- nginx

NGINX = "/usr/sbin/nginx"
NGINX_SITE = ROOT / "deploy" / "nginx" / "portal.conf"
# The compose-only parts of deploy/nginx/portal.conf and what they become on
# loopback; each must still be found in the file (a drifted template fails loudly).
_SITE_REPLACEMENTS = (
    ("resolver 127.0.0.11 valid=10s ipv6=off;", ""),
    ("    listen 443 ssl default_server;", "    listen 127.0.0.1:{listen};"),
    ("    listen [::]:443 ssl default_server;", ""),
    ("/var/lib/nginx/portal-cache", "{tmp}/cache"),
    ("/app/var/staticfiles/", "{static}/"),
    ("/app/var/media/", "{media}/"),
    ("http://web:8000", "http://127.0.0.1:{upstream}"),
    ("http://live:8001", "http://127.0.0.1:{upstream}"),
)


def bench_site(template: str, **where: object) -> str:
    """deploy/nginx/portal.conf for loopback: plain HTTP on ``listen`` in front of
    the web server on ``upstream``, the redirect server and TLS lines dropped, cache,
    static and media under the given paths; everything else as in production."""
    head, sep, rest = template.partition("server {")
    redirect, sep2, site = rest.partition("server {")
    if not (sep and sep2 and "return 301" in redirect):
        raise ValueError("portal.conf: expected the port-80 redirect server first")
    text = head + "server {" + site
    for old, new in _SITE_REPLACEMENTS:
        if old not in text:
            raise ValueError(f"portal.conf no longer contains {old!r}")
        text = text.replace(old, new.format(**where))
    return "\n".join(
        line for line in text.splitlines() if not line.strip().startswith("ssl_")
    )


def nginx_main_config(tmp: Path, site: Path) -> str:
    """A main nginx.conf like Debian's (mime types, http { include site }) with
    its pid, logs and temp files under ``tmp``: no root needed."""
    user = ""
    if os.geteuid() == 0:
        import pwd

        user = f"user {pwd.getpwuid(0).pw_name};\n"
    temps = "".join(
        f"  {name}_temp_path {tmp}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/error.log warn;\n"
        "events { worker_connections 4096; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n{temps}"
        f"  include {site};\n}}\n"
    )


def several_nodes(site: str, ports: list[int]) -> str:
    """The site in front of several web nodes: an upstream group, plain
    round-robin (no sticky sessions: any node serves any request), each response
    naming the node that answered (X-Portal-Node)."""
    group = "".join(f"    server 127.0.0.1:{port};\n" for port in ports)
    site = site.replace(f"http://127.0.0.1:{ports[0]}", "http://portal_nodes")
    head = (
        f"upstream portal_nodes {{\n{group}}}\n"
        "add_header X-Portal-Node $upstream_addr always;\n"
    )
    return head + site


@contextlib.contextmanager
def nginx(backend_url: str | list[str], *, media: str | None = None) -> Iterator[str]:
    """Debian's nginx with deploy/nginx/portal.conf in front of ``backend_url``
    (the web server on loopback; a list: several nodes, round-robin); yields nginx's
    base URL."""
    backends = [backend_url] if isinstance(backend_url, str) else backend_url
    ports = [int(url.rsplit(":", 1)[1].strip("/")) for url in backends]
    listen = free_port()
    with temp_dir("bench-nginx-") as tmp:
        site = tmp / "portal.conf"
        text = bench_site(
            NGINX_SITE.read_text(),
            listen=listen,
            upstream=ports[0],
            tmp=tmp,
            static=ROOT / "var" / "staticfiles",
            media=media or ROOT / "var" / "media",
        )
        site.write_text(several_nodes(text, ports) if len(ports) > 1 else text)
        main = tmp / "nginx.conf"
        main.write_text(nginx_main_config(tmp, site))
        proc = subprocess.Popen(
            [NGINX, "-c", str(main), "-p", str(tmp), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=open(tmp / "stderr.log", "wb"),
        )
        try:
            wait_port(listen)
            yield f"http://127.0.0.1:{listen}"
        finally:
            _stop(proc, signal.SIGQUIT)


# ------------------------------------------------------------ private servers


class PrivateRedis:
    """redis-server on its own port in a temp dir, without persistence (so a
    restart loses everything it held: the worst case)."""

    def __init__(self, tmp: Path, port: int | None = None):
        self.port = port or free_port()
        self.dir = tmp
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_port(self.port)

    def stop(self) -> None:
        if self.proc:
            _stop(self.proc, signal.SIGKILL)
            self.proc = None

    def restart(self, down_seconds: float = 0.0) -> None:
        self.stop()
        time.sleep(down_seconds)
        self.start()


class PrivatePostgres:
    """A throw-away Postgres 15 cluster (initdb as the postgres user) on its own
    port in a temp dir; stop() and start() simulate a restart or failover."""

    def __init__(self, tmp: Path, port: int | None = None):
        self.port = port or free_port()
        self.dir = tmp / "pgdata"
        self.sock = tmp

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *cmd], check=True, capture_output=True)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.sock, "postgres", "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.dir),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()

    def start(self) -> None:
        opts = (
            f"-p {self.port} -k {self.sock} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off -c max_connections=50"
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.dir),
            "-o",
            opts,
            "-w",
            "-s",
            "-l",
            str(self.sock / "pg.log"),
            "start",
        )

    def stop(self) -> None:
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.dir),
            "-m",
            "immediate",
            "-w",
            "-s",
            "stop",
        )


@contextlib.contextmanager
def temp_dir(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    os.chmod(path, 0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def python() -> str:
    return (
        str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
    )
