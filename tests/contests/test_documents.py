"""A contest's reference documents open for every visitor: a link goes where it
points, a file is served by the portal (inline for a PDF, downloaded otherwise),
and an unpublished contest's files stay hidden."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from contests.models import ReferenceDocument
from tests.factories.contests import ContestFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% Quyet dinh 749\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def add_file(contest, title: str, name: str, content: bytes) -> ReferenceDocument:
    doc = ReferenceDocument(contest=contest, title=title)
    doc.file.save(name, ContentFile(content), save=True)
    return doc


def test_a_linked_and_an_uploaded_document_both_open_from_the_contest_page(
    client, media
):
    contest = ContestFactory(slug="tai-lieu")
    ReferenceDocument.objects.create(
        contest=contest,
        title="Luật Giao dịch điện tử 2023",
        url="https://vbpl.vn/luat-giao-dich-dien-tu",
        position=1,
    )
    doc = add_file(contest, "Quyết định 749/QĐ-TTg", "qd-749.pdf", PDF)
    page = client.get(contest.get_absolute_url()).content.decode()
    assert 'href="https://vbpl.vn/luat-giao-dich-dien-tu"' in page
    served = reverse("contests:document", args=[doc.id])
    assert f'href="{served}"' in page

    response = client.get(served)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content) == PDF


def test_an_uploaded_page_is_downloaded_never_shown_on_the_portal(client, media):
    doc = add_file(
        ContestFactory(), "Hướng dẫn", "huong-dan.html", b"<script>alert(1)</script>"
    )
    response = client.get(reverse("contests:document", args=[doc.id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_an_unpublished_contests_document_and_a_missing_file_are_not_found(
    client, media
):
    hidden = add_file(ContestFactory(is_published=False), "Nháp", "nhap.pdf", PDF)
    assert client.get(reverse("contests:document", args=[hidden.id])).status_code == 404
    gone = add_file(ContestFactory(), "Đã xóa", "da-xoa.pdf", PDF)
    (media / gone.file.name).unlink()
    assert client.get(reverse("contests:document", args=[gone.id])).status_code == 404
    link = ReferenceDocument.objects.create(
        contest=ContestFactory(), title="Liên kết", url="https://example.vn/"
    )
    assert client.get(reverse("contests:document", args=[link.id])).status_code == 404
