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
    assert "gunicorn" in services["web"]["command"]
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
    """A client must not reach gunicorn with its own X-Forwarded-For: only nginx
    publishes ports, and the app trusts one proxy, in compose and .env.example."""
    services = _compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"nginx"}
    mounts = services["nginx"]["volumes"]
    assert "./deploy/nginx/portal.conf:/etc/nginx/conf.d/default.conf:ro" in mounts
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
    site = tmp_path / "default.conf"
    site.write_text(NGINX_CONF.read_text().replace("/etc/nginx/tls/", f"{tls}/"))
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"error_log stderr;\npid {tmp_path}/nginx.pid;\nevents {{}}\n"
        f"http {{\n  include {site};\n}}\n"
    )
    result = subprocess.run(
        [_nginx(), "-t", "-c", str(main), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


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
