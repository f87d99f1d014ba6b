"""Sharing a contest: a short link made once, a printable QR code of it, and link
previews (Open Graph) that show the title, the organizer and an image."""

import re

import pytest
import segno
from django.urls import reverse

from contests.models import ContestShortLink
from contests.sharing import ALPHABET, qr_svg, short_code_for
from tests.factories import ContestFactory

pytestmark = pytest.mark.django_db


def test_the_short_code_is_made_once_and_kept():
    contest, other = ContestFactory(is_published=True), ContestFactory()
    code = short_code_for(contest)
    assert short_code_for(contest) == code
    assert ContestShortLink.objects.get(contest=contest).code == code
    assert short_code_for(other) != code
    assert set(code) <= set(ALPHABET)


def test_the_short_link_leads_to_the_contest(client):
    contest = ContestFactory(is_published=True)
    code = short_code_for(contest)
    response = client.get(f"/c/{code.upper()}/")
    assert response.status_code == 302
    assert response["Location"] == contest.get_absolute_url()
    assert client.get("/c/khongco/").status_code == 404
    hidden = ContestFactory(is_published=False)
    assert client.get(f"/c/{short_code_for(hidden)}/").status_code == 404


def test_the_printable_page_shows_the_qr_code_of_the_short_link(client):
    contest = ContestFactory(is_published=True, organizer_name="Sở Tư pháp")
    page = client.get(reverse("contests:share", args=[contest.slug]))
    html = page.content.decode()
    short_url = f"http://testserver/c/{contest.short_link.code}/"
    assert short_url in html
    assert "Sở Tư pháp" in html
    # The SVG on the page is the library's QR code of exactly that URL.
    assert qr_svg(short_url) in html
    assert qr_svg(short_url) != qr_svg(short_url + "x")
    assert segno.make(short_url, error="m").designator  # a real symbol was built
    assert "<script" not in html.split('id="share-qr"')[1].split("</div>")[0]


def test_the_contest_page_has_link_previews(client):
    contest = ContestFactory(
        is_published=True,
        title="Cuộc thi tìm hiểu luật",
        organizer_name="Sở Tư pháp tỉnh Bến Tre",
    )
    html = client.get(contest.get_absolute_url()).content.decode()

    def og(prop):
        found = re.search(rf'<meta property="og:{prop}" content="([^"]*)"', html)
        assert found, prop
        return found.group(1)

    assert og("title") == "Cuộc thi tìm hiểu luật"
    assert "Sở Tư pháp tỉnh Bến Tre" in og("description")
    assert og("url") == f"http://testserver{contest.get_absolute_url()}"
    assert og("image").startswith("http://testserver/static/")
    assert og("image").endswith(".png")
    assert reverse("contests:share", args=[contest.slug]) in html


def test_the_preview_image_is_served(client):
    from django.contrib.staticfiles import finders

    path = finders.find("img/og-contest.png")
    assert path is not None
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(header[16:20]), int.from_bytes(header[20:24])
    assert (width, height) == (1200, 630)
