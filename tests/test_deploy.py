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
