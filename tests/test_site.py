import pytest
from django.urls import reverse

from contests.models import Contest


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
    client.force_login(contestant_a)
    response = client.get(reverse("awards:manage", args=["bat-ky"]))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    response = client.get("/ket-qua/khong-co-cuoc-thi-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
