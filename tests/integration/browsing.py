"""Small steps the browser tests share."""

from django.urls import reverse

from tests.conftest import PASSWORD
from tests.integration.test_browser_quiz import login_identifier


def log_in(page, live_server, user) -> None:
    """Logs `user` in through the login form; the page ends on the home page."""
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.fill('input[name="login"]', login_identifier(user))
    page.fill('input[name="password"]', PASSWORD)
    page.locator('input[name="password"]').press("Enter")
    page.wait_for_url(live_server.url + "/")
