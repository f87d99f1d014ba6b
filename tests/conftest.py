"""The fixed cast every test can call on (healthchecks' hc/test.py habit)."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from tests.factories import UnitFactory, UserFactory

PASSWORD = "matkhau-an-toan-2024"


@pytest.fixture(autouse=True)
def _no_prepared_data():
    """Contests keep prepared data in the process and make it stale after a write
    commits; a test's writes never commit (they roll back, and ids and slugs come
    again), so each test starts with none."""
    from contests.services import prepared

    prepared.forget()


@pytest.fixture
def province(db):
    return UnitFactory(
        code="LDLD",
        name="Liên đoàn Lao động tỉnh Bến Tre",
        kind="province",
        staff_count=None,
    )


@pytest.fixture
def unit_a(province):
    return UnitFactory(
        code="CDA",
        name="Công đoàn ngành Giáo dục",
        kind="upper",
        parent=province,
        staff_count=200,
    )


@pytest.fixture
def unit_b(province):
    return UnitFactory(
        code="CDB",
        name="Công đoàn ngành Y tế",
        kind="upper",
        parent=province,
        staff_count=150,
    )


def _with_group(user, name):
    group, _ = Group.objects.get_or_create(name=name)
    user.groups.add(group)
    return user


@pytest.fixture
def organizer(db, province):
    return _with_group(
        UserFactory(username="btc", unit=province, is_staff=True), roles.ORGANIZER
    )


@pytest.fixture
def judge(db, unit_b):
    return _with_group(
        UserFactory(username="giamkhao", unit=unit_b, is_staff=True), roles.JUDGE
    )


@pytest.fixture
def secretary(db, province):
    return _with_group(
        UserFactory(username="thuky", unit=province, is_staff=True), roles.SECRETARY
    )


@pytest.fixture
def unit_rep(db, unit_a):
    return _with_group(
        UserFactory(username="daidien", unit=unit_a, represented_unit=unit_a),
        roles.UNIT_REPRESENTATIVE,
    )


@pytest.fixture
def contestant_a(db, unit_a):
    return UserFactory(username="thisinh_a", unit=unit_a)


@pytest.fixture
def contestant_b(db, unit_b):
    return UserFactory(username="thisinh_b", unit=unit_b)


@pytest.fixture
def visitor(client):
    """An anonymous visitor: the plain test client."""
    return client


# --- Browser tests: Playwright drives Debian's Chromium, never a downloaded one ---
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
    }


# Every page a browser test opens runs under the portal's Content-Security-Policy
# (config/csp.py, served by live_server like any response): a violation, or an HTML
# page served without the header, fails the test that caused it. Open pages with the
# `page`, `context` or `new_context` fixtures: `browser.new_context()` is not watched.
CSP_LISTENER = """
window.addEventListener("securitypolicyviolation", (e) => {
  window.__reportCspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} ` +
    `at ${e.sourceFile}:${e.lineNumber} ${e.sample || ""}`
  );
});
"""


def watch_csp(context, problems: list[str]) -> None:
    """Collects into `problems` every CSP violation in `context`'s pages (their
    `securitypolicyviolation` events and Chromium's console reports) and every HTML
    document that came without a Content-Security-Policy header."""
    context.expose_binding(
        "__reportCspViolation",
        lambda source, text: problems.append(f"{source['page'].url}: {text}"),
    )
    context.add_init_script(CSP_LISTENER)

    def on_console(message) -> None:
        if "Content Security Policy" in message.text:
            problems.append(f"console: {message.text}")

    def on_response(response) -> None:
        if response.request.resource_type != "document":
            return
        if response.status < 300 and "content-security-policy" not in (
            response.headers
        ):
            problems.append(f"{response.url}: no Content-Security-Policy header")

    context.on("console", on_console)
    context.on("response", on_response)


@pytest.fixture
def csp_problems() -> list[str]:
    return []


@pytest.fixture
def new_context(new_context, csp_problems):
    """pytest-playwright's context factory (behind `context` and `page`), with every
    context watched for CSP violations; asserted when the test ends."""

    def make(**kwargs):
        context = new_context(**kwargs)
        watch_csp(context, csp_problems)
        return context

    yield make
    assert csp_problems == [], "\n".join(csp_problems)
