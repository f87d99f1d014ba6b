import re
from pathlib import Path

import pytest
from django.urls import reverse

from contests.models import Contest
from tests.factories.contests import ContestFactory


@pytest.mark.django_db
def test_home_lists_published_contests_only(client):
    Contest.objects.create(
        title="Cuộc thi công khai",
        slug="cong-khai",
        organizer_name="LĐLĐ",
        is_published=True,
    )
    Contest.objects.create(title="Cuộc thi nháp", slug="nhap", organizer_name="LĐLĐ")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Cuộc thi công khai" in response.content.decode()
    assert "Cuộc thi nháp" not in response.content.decode()


def test_healthz_answers_without_database(client):
    assert client.get("/healthz").content == b"ok"


@pytest.mark.django_db
def test_readyz_checks_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_pages_are_vietnamese_by_default(client):
    response = client.get(reverse("home"))
    assert '<html lang="vi">' in response.content.decode()
    assert response.headers["Content-Language"] == "vi"


@pytest.mark.django_db
def test_a_refusal_is_explained_in_vietnamese(client, contestant_a):
    ContestFactory(slug="bat-ky")
    client.force_login(contestant_a)
    response = client.get(reverse("awards:manage", args=["bat-ky"]))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    response = client.get("/ket-qua/khong-co-cuoc-thi-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


# --- Content-Security-Policy (config/csp.py) ---------------------------------------
STRICT_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/tai-khoan/login/", "/healthz", "/khong-co/"])
def test_every_response_carries_the_strict_policy(client, path):
    assert client.get(path).headers["Content-Security-Policy"] == STRICT_POLICY


@pytest.mark.django_db
def test_object_storage_origins_may_serve_clips_and_posters(client, settings):
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "media-src": ["'self'", "https://videos.example.vn"],
    }
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "media-src 'self' https://videos.example.vn;" in policy


def test_the_policy_reads_like_django_6():
    from config.csp import build_policy

    assert (
        build_policy(
            {
                "default-src": ["'self'"],
                "img-src": ["'self'", "data:"],
                "upgrade-insecure-requests": True,
                "report-uri": [],
            }
        )
        == "default-src 'self'; img-src 'self' data:; upgrade-insecure-requests"
    )


INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"  # inline script
    r"|<style\b"  # style element
    r"|\sstyle=[\"']"  # style attribute
    r"|\son[a-z]+=[\"']"  # event handler attribute
    r"|javascript:",
    re.IGNORECASE,
)


def test_no_template_carries_inline_script_style_or_handler():
    """What the policy would block, caught before a browser test has to open the
    page. Our templates and the ones we override (admin, allauth) alike."""
    root = Path(__file__).resolve().parent.parent
    offenders = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in sorted((root / "templates").rglob("*.html"))
        for match in INLINE_CODE.finditer(path.read_text())
    ]
    assert offenders == []
