import pytest

from contests.models import Contest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_chromium_with_local_assets(live_server, page):
    Contest.objects.create(
        title="Cuộc thi tìm hiểu về Chuyển đổi số năm 2024",
        slug="ben-tre-2024",
        organizer_name="Liên đoàn Lao động tỉnh Bến Tre",
        is_published=True,
    )
    external = []
    page.on(
        "request",
        lambda r: (
            external.append(r.url) if not r.url.startswith(live_server.url) else None
        ),
    )
    page.goto(live_server.url + "/")
    assert page.get_by_text("Cuộc thi tìm hiểu về Chuyển đổi số năm 2024").is_visible()
    # Bootstrap came from static/vendor (the navbar is styled); nothing left the host.
    assert (
        page.locator("nav.navbar").evaluate("e => getComputedStyle(e).display")
        == "flex"
    )
    assert external == []
