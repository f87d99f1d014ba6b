"""In Chromium: typing a contest's title in the admin fills the slug as the
server makes it (contests.slugs), Vietnamese letters kept as ASCII."""

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.contests.test_contest_form import SLUGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_fills_the_slug_like_the_server(live_server, browser, admin_user):
    client = Client()
    client.force_login(admin_user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="vi-VN")
    context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    for title, slug in SLUGS:
        page.goto(live_server.url + reverse("admin:contests_contest_add"))
        page.fill("#id_title", title)
        page.locator("#id_title").dispatch_event("keyup")
        assert page.input_value("#id_slug") == slug, title
    context.close()
