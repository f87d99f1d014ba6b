"""The Content-Security-Policy in Chromium: the browser tests' watch (tests/conftest.py)
catches what the policy blocks, and the admin's pages work under it."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from config.csp import build_policy
from tests.conftest import watch_csp
from tests.factories import ContestFactory, QuestionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INLINE = """<!doctype html><html><head><title>probe</title>
<style>body { color: red }</style></head>
<body><p style="color: blue" onclick="void 0">x</p>
<script>document.title = "inline ran";</script></body></html>"""


def test_the_watch_catches_what_the_policy_blocks(live_server, browser):
    """Inline script, <style>, style="" and an on* handler under the portal's own
    policy: each is blocked and reported."""
    problems: list[str] = []
    context = browser.new_context()
    watch_csp(context, problems)
    page = context.new_page()
    page.route(
        live_server.url + "/csp-probe",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={
                "Content-Security-Policy": build_policy(django_settings.SECURE_CSP)
            },
            body=INLINE,
        ),
    )
    page.goto(live_server.url + "/csp-probe")
    page.wait_for_timeout(200)
    assert page.title() == "probe"  # the inline script did not run
    directives = " ".join(problems)
    assert "script-src" in directives
    assert "style-src" in directives
    context.close()


def test_the_watch_notices_a_page_without_the_header(live_server, browser, settings):
    settings.SECURE_CSP = {}
    problems: list[str] = []
    context = browser.new_context()
    watch_csp(context, problems)
    context.new_page().goto(live_server.url + "/")
    assert problems == [f"{live_server.url}/: no Content-Security-Policy header"]
    context.close()


def _login(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )


def test_admin_pages_work_under_the_policy(live_server, page, context, unit_a):
    """Every admin list and add form an administrator opens, and the portal's own
    admin pages (imports, preview): no violation (the fixture asserts it)."""
    from django.contrib import admin
    from django.test import RequestFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True, unit=unit_a)
    _login(context, live_server, admin_user)
    request = RequestFactory().get(reverse("admin:index"))
    request.user = admin_user
    paths = [reverse("admin:index")]
    for app in admin.site.get_app_list(request):
        for model in app["models"]:
            paths += [url for url in (model["admin_url"], model["add_url"]) if url]
    question = QuestionFactory()
    contest = ContestFactory()
    paths += [
        reverse("admin:accounts_unit_import"),
        reverse("admin:accounts_unit_export"),
        reverse("admin:accounts_unit_change", args=[unit_a.pk]),
        reverse("admin:quizzes_question_import"),
        reverse("admin:quizzes_question_change", args=[question.pk]),
        reverse("admin:quizzes_question_preview", args=[question.pk]),
        reverse("admin:contests_contest_change", args=[contest.pk]),
    ]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status < 400, path
        assert response.headers["content-security-policy"].startswith(
            "default-src 'self'"
        )
