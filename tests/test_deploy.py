"""The production shape: settings refuse bad environments; docker-compose.yml parses."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT_UNDER_TEST = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def _manage(
    env_overrides: dict[str, str], *args: str, timeout: int = 60
) -> subprocess.CompletedProcess:
    # A clean environment: the test run's own variables (DEBUG, the test database,
    # DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests) must not leak into it.
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_UNDER_TEST}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _django_check(
    env_overrides: dict[str, str], *args: str
) -> subprocess.CompletedProcess:
    return _manage(env_overrides, "check", *args)


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "production-test-" + "k9Q2wX7rT4" * 5,
    "ALLOWED_HOSTS": "thi.example.gov.vn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/portal",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]
)
def test_production_settings_refuse_to_start_without(missing):
    result = _django_check({k: v for k, v in PRODUCTION.items() if k != missing})
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = _django_check({**PRODUCTION, "SECRET_KEY": "short"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_settings_start_when_complete():
    result = _django_check(PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_deploy_check_is_clean_with_production_variables():
    result = _django_check(PRODUCTION, "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_embedded_mode_needs_nothing_configured(tmp_path):
    result = _django_check({"DEBUG": "1", "SQLITE_PATH": str(tmp_path / "db.sqlite3")})
    assert result.returncode == 0, result.stderr


def test_compose_file_describes_the_production_stack():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert "config.serve" in services["web"]["command"]
    for name in ("web", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert "--appendonly" in services["redis"]["command"]


@pytest.mark.skipif(
    shutil.which("docker-compose") is None,
    reason="docker-compose is installed by `make test`; absent here",
)
def test_compose_file_parses_with_docker_compose():
    result = subprocess.run(
        ["docker-compose", "config", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_env_example_lists_every_variable_the_settings_read():
    import re

    settings_text = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]+)"', settings_text))
    listed = set(
        re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    assert read, "the pattern no longer finds env() calls in settings.py"
    assert read - listed == set()


def test_the_web_server_takes_its_settings_from_the_environment(monkeypatch):
    from granian.constants import Interfaces

    from config import serve

    for name in ("PORTAL_BIND", "PORTAL_WORKERS", "PORTAL_THREADS"):
        monkeypatch.delenv(name, raising=False)
    defaults = serve.options()
    assert defaults["interface"] == Interfaces.WSGI
    assert defaults["target"] == "config.wsgi:application"
    assert (defaults["address"], defaults["port"]) == ("0.0.0.0", 8000)  # noqa: S104
    assert defaults["workers"] == 2 * (os.cpu_count() or 1)
    assert defaults["blocking_threads"] == 4
    assert defaults["respawn_failed_workers"] is True
    monkeypatch.setenv("PORTAL_BIND", "127.0.0.1:9001")
    monkeypatch.setenv("PORTAL_WORKERS", "3")
    monkeypatch.setenv("PORTAL_THREADS", "2")
    chosen = serve.options()
    assert (chosen["address"], chosen["port"]) == ("127.0.0.1", 9001)
    assert (chosen["workers"], chosen["blocking_threads"]) == (3, 2)


def _statement_timeout(extra: dict[str, str]) -> str:
    shared = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    }
    result = _manage(
        {**shared, **extra},
        "shell",
        "-c",
        "from django.db import connection\n"
        "with connection.cursor() as c:\n"
        "    c.execute('SHOW statement_timeout')\n"
        "    print('timeout', c.fetchone()[0])",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("timeout", 1)[1].strip()


def test_the_web_servers_statements_are_bounded_and_celerys_are_not():
    """granian has no request timeout: the web workers' connections carry Postgres'
    statement_timeout (config/serve.py sets DB_STATEMENT_TIMEOUT_MS), and a
    process without it (Celery's long closing and export jobs) has none."""
    assert _statement_timeout({"DB_STATEMENT_TIMEOUT_MS": "30000"}) == "30s"
    assert _statement_timeout({}) == "0"


def test_the_web_server_serves_the_portal_and_stops_on_sigterm(tmp_path):
    """The command docker-compose and the Dockerfile run (python -m config.serve)
    answers, and a deploy's SIGTERM stops it within its graceful time."""
    import signal
    import time
    import urllib.request

    from bench import stack

    port = stack.free_port()
    env = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT_UNDER_TEST}
    env.update(
        DEBUG="1",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        PORTAL_BIND=f"127.0.0.1:{port}",
        PORTAL_WORKERS="1",
        PORTAL_THREADS="2",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "config.serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        end = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/healthz", timeout=5
                ) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert server.poll() is None, "the web server exited"
                assert time.monotonic() < end, "the web server never answered"
                time.sleep(0.2)
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


EMBEDDED_SMOKE = """
from accounts.models import Unit, User
from awards import selectors as awards_selectors
from contests import selectors, services
from contests.models import Contest, Round

contest = Contest.objects.exclude(unit_root=None).filter(is_published=True).first()
person = User.objects.filter(unit__isnull=False, is_staff=False).first()
who = selectors.person_in_contest(contest.id, person.id, person.unit_id)
assert who.unit_path and who.unit_path[0] == person.unit_id, who
nobody = selectors.person_in_contest(contest.id, person.id, None)
assert nobody.unit_path == () and nobody.unit_name is None, nobody
report = awards_selectors.participation_report(contest, contest.unit_root)
assert report.lines, "no participation lines"
print("embedded ok", len(report.lines))
"""


def test_the_embedded_run_seeds_the_demo_and_serves_its_queries(tmp_path):
    """`make run` without Postgres: the demo is seeded on SQLite and the raw SQL of
    the start check and of the participation report runs there too."""
    embedded = {"DEBUG": "1", "SQLITE_PATH": str(tmp_path / "db.sqlite3")}

    def manage(*args: str) -> subprocess.CompletedProcess:
        return _manage(embedded, *args, timeout=300)

    for args in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        result = manage(*args)
        assert result.returncode == 0, result.stderr[-2000:]
    result = manage("shell", "-c", EMBEDDED_SMOKE)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "embedded ok" in result.stdout


# --- The proxy in front: one door, and the settings trust exactly that one ---
NGINX_CONF = ROOT / "deploy" / "nginx" / "portal.conf"


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _env_example(name: str) -> str:
    import re

    text = (ROOT / ".env.example").read_text()
    return re.search(rf"^{name}=(.*)$", text, re.M).group(1).strip()


def test_only_nginx_is_published_and_the_settings_trust_exactly_it():
    """A client must not reach the web server with its own X-Forwarded-For: only nginx
    publishes ports, and the app trusts one proxy, in compose and .env.example."""
    services = _compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx"}
    mounts = services["nginx"]["volumes"]
    assert "./deploy/nginx/portal.conf:/etc/nginx/conf.d/portal.conf:ro" in mounts
    for name in ("web", "worker", "beat", "migrate"):
        assert services[name]["environment"]["ALLAUTH_TRUSTED_PROXY_COUNT"] == "1"
    assert _env_example("ALLAUTH_TRUSTED_PROXY_COUNT") == "1"


def test_nginx_replaces_the_client_headers_the_portal_trusts():
    lines = NGINX_CONF.read_text().splitlines()
    conf = "\n".join(line.split("#")[0].strip() for line in lines)
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert 'proxy_set_header X-Request-Start "t=${msec}";' in conf
    assert "proxy_pass $portal;" in conf
    assert "set $portal http://web:8000;" in conf
    # Never passed on from the client.
    assert "$proxy_add_x_forwarded_for" not in conf
    assert "$http_x_forwarded" not in conf


def _nginx() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None


@pytest.mark.skipif(
    _nginx() is None or shutil.which("openssl") is None,
    reason="nginx (and openssl) are installed by `make test`; absent here",
)
def test_nginx_accepts_the_config(tmp_path):
    """`nginx -t` on the file compose mounts, inside a main config like the image's
    (http { include conf.d/*.conf }), with a throwaway self-signed certificate where
    compose mounts the real one."""
    tls = tmp_path / "tls"
    tls.mkdir()
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(tls / "privkey.pem"),
            "-out",
            str(tls / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = tmp_path / "portal.conf"
    site.write_text(
        NGINX_CONF.read_text()
        .replace("/etc/nginx/tls/", f"{tls}/")
        .replace("/var/lib/nginx/portal-cache", f"{tmp_path}/cache")
    )
    _nginx_t(tmp_path, site)


def _nginx_t(tmp_path: Path, site: Path) -> None:
    from bench import stack

    main = tmp_path / "nginx.conf"
    main.write_text(stack.nginx_main_config(tmp_path, site))
    result = subprocess.run(
        [_nginx(), "-t", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.skipif(_nginx() is None, reason="nginx is installed by `make test`")
def test_the_benchmark_runs_the_same_nginx_config_on_loopback(tmp_path):
    from bench import stack

    text = stack.bench_site(
        NGINX_CONF.read_text(),
        listen=8765,
        upstream=8764,
        tmp=tmp_path,
        static=tmp_path / "static",
        media=tmp_path / "media",
    )
    assert "listen 127.0.0.1:8765;" in text
    assert "set $portal http://127.0.0.1:8764;" in text
    assert "ssl" not in text.replace("ssl_", "")
    assert "return 301" not in text
    # What the benchmark measures is production's: the micro-cache and the headers.
    for line in (
        "proxy_cache portal_pages;",
        'proxy_set_header X-Request-Start "t=${msec}";',
        "proxy_set_header X-Forwarded-For $remote_addr;",
        "proxy_request_buffering on;",
    ):
        assert line in text
    site = tmp_path / "portal.conf"
    site.write_text(text)
    _nginx_t(tmp_path, site)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("service", "address", "path"),
    [
        ("web", "http://127.0.0.1:8000", "/readyz"),
        ("live", "http://127.0.0.1:8001", "/healthz"),
    ],
)
def test_the_healthchecks_pass_the_production_host_and_https_checks(
    live_server, settings, service, address, path
):
    """nginx waits for web's and live's healthchecks: they must ask the way Django in
    production accepts (an allowed Host, HTTPS), not as 127.0.0.1 over HTTP."""
    settings.ALLOWED_HOSTS = ["thi.example.gov.vn"]
    settings.SECURE_SSL_REDIRECT = True
    command = _compose()["services"][service]["healthcheck"]["test"]
    assert command[:3] == ["CMD", "python", "-c"]
    assert f"{address}{path}" in command[3]
    script = command[3].replace(address, live_server.url)
    assert script != command[3]

    def run(code: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "ALLOWED_HOSTS": "thi.example.gov.vn,.example.gov.vn"},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    assert run(script).returncode == 0, run(script).stderr
    bare = f"import urllib.request as u; u.urlopen('{live_server.url}{path}')"
    assert run(bare).returncode != 0


def _get(url: str, cookie: str = "") -> tuple[int, dict, str]:
    import urllib.request

    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read().decode()


@pytest.mark.skipif(_nginx() is None, reason="nginx is installed by `make test`")
@pytest.mark.django_db(transaction=True)
def test_nginx_micro_caches_public_pages_for_anonymous_readers_only(
    live_server, client, contestant_a
):
    """A crowd reading a contest page costs one render per few seconds; a logged-in
    person always gets their own page; no cookie is shared through the cache."""
    from bench import stack
    from tests.factories.contests import ContestFactory

    contest = ContestFactory(title="Cuộc thi đọc đông người")
    client.force_login(contestant_a)
    session = client.cookies["sessionid"].value
    with stack.nginx(live_server.url) as proxy:
        page = f"{proxy}/cuoc-thi/{contest.slug}/"
        status, first, body = _get(page)
        assert status == 200
        assert contest.title in body
        assert first["X-Cache-Status"] in {"MISS", "EXPIRED"}
        assert "Set-Cookie" not in first
        _status, second, _ = _get(page)
        assert second["X-Cache-Status"] == "HIT"
        # Logged in: straight to the portal, never from (or into) the cache.
        status, mine, body = _get(page, f"sessionid={session}")
        assert status == 200
        assert "X-Cache-Status" not in mine
        assert contestant_a.username in body or "dang-xuat" in body or "logout" in body
        # A page rendered with someone's own CSRF cookie is never stored.
        _get(f"{page}?x=1", "csrftoken=" + "a" * 32)
        _s, after, _ = _get(f"{page}?x=1")
        assert after["X-Cache-Status"] != "HIT"
