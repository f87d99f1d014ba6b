"""The Content-Security-Policy in Chromium: the browser tests' watch (tests/conftest.py)
catches what the policy blocks, and the admin's pages work under it."""

import io
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
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


# Pages a crawl does not open: the admin (above), files to download, the logout.
SKIPPED = ("/admin/", "/tai-khoan/logout/", "/static/", "/media/")
PAGES_PER_PERSON = 40


def _crawl(page, live_server) -> list[str]:
    """Opens the site's pages reachable by links from the home page (breadth
    first, at most PAGES_PER_PERSON); returns the paths opened."""
    queue, seen, opened = ["/"], {"/"}, []
    while queue and len(opened) < PAGES_PER_PERSON:
        path = queue.pop(0)
        try:
            response = page.goto(live_server.url + path)
        except Exception as error:  # a download is not a page
            if "Download is starting" in str(error):
                continue
            raise
        assert response.status < 500, path
        opened.append(path)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in page.locator("a[href]").evaluate_all(
            "links => links.map(a => a.href)"
        ):
            url = urlsplit(urldefrag(href).url)
            if url.netloc != urlsplit(live_server.url).netloc:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in seen and not target.startswith(SKIPPED):
                seen.add(target)
                queue.append(target)
    return opened


def test_every_demo_page_works_under_the_policy(live_server, new_context):
    """The demo data (`seed_demo`), crawled as a visitor, a contestant and the
    administrator: every page opens, and no violation (the fixture asserts it)."""
    call_command("seed_demo", stdout=io.StringIO())
    opened = {}
    for who, phone in (
        ("visitor", None),
        ("contestant", "+84912000001"),
        ("admin", "+84900000001"),
    ):
        context = new_context()
        if phone:
            _login(context, live_server, User.objects.get(phone=phone))
        opened[who] = _crawl(context.new_page(), live_server)
        context.close()
    assert all(len(paths) >= 5 for paths in opened.values()), opened


def test_an_export_progress_bar_moves_without_inline_styles(
    live_server, page, context, unit_a
):
    """The bar's width comes from data-width-percent (static/js/site.js), on load
    and after every htmx refresh of the fragment."""
    from awards.models import ExportJob

    person = UserFactory(is_staff=True, unit=unit_a)
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.CONTEST,
        contest=ContestFactory(),
        requested_by=person,
        status=ExportJob.Status.RUNNING,
        rows_done=40,
        rows_total=100,
    )
    _login(context, live_server, person)
    page.goto(live_server.url + reverse("awards:export_job", args=[job.pk]))
    # Bootstrap animates the width: wait until it arrives.
    reaches = """share => {
        const bar = document.querySelector(".progress-bar");
        const now = bar.offsetWidth / bar.parentElement.offsetWidth;
        return Math.abs(now - share) < 0.02;
    }"""
    page.wait_for_function(reaches, arg=0.4, timeout=5000)
    ExportJob.objects.filter(pk=job.pk).update(rows_done=70)
    page.get_by_text("70%").wait_for()
    page.wait_for_function(reaches, arg=0.7, timeout=5000)
