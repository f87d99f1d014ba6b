"""The secretariat's zip of every certificate: a job row, a Celery task after
commit, progress polled by htmx, the file in the storage API, only for whoever
asked, purged after a week."""

import datetime
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from awards.models import Award
from certificates.models import Certificate, CertificateBatch
from certificates.services import purge_old_batches, reconcile_contest


@pytest.fixture(autouse=True)
def _storage_in_memory(settings):
    """The zip goes through the storage API only: an in-memory backend (as S3
    would be) takes it, and nothing lands on this machine's disk."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.fixture
def eager_tasks():
    """Celery tasks run in this process when enqueued, for this test only (with
    the on-commit callbacks executed, a task enqueued after commit runs then)."""
    from config.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


def start(client, user, contest, round_=None):
    client.force_login(user)
    data = {"round": round_.pk} if round_ else {}
    return client.post(reverse("certificates:batch_start", args=[contest.slug]), data)


def test_the_zip_is_made_after_commit_with_every_valid_certificate(
    closed, secretary, contestant_b, client, eager_tasks,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    Award.objects.filter(winner_user=contestant_b).delete()
    reconcile_contest(closed.contest_id)  # one revoked: not in the zip

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = start(client, secretary, closed.contest)
    batch = CertificateBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:batch", args=[batch.pk])
    assert batch.status == CertificateBatch.Status.QUEUED  # nothing ran yet
    queued = client.get(response["Location"]).content.decode()
    assert "Đang chờ đến lượt" in queued
    assert "hx-get" in queued
    for callback in callbacks:
        callback()

    batch.refresh_from_db()
    assert batch.status == CertificateBatch.Status.DONE, batch.error
    assert (batch.done, batch.total, batch.percent) == (2, 2, 100)
    assert default_storage.exists(batch.file.name)
    progress = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert "Đã tạo xong 2 giấy chứng nhận." in progress.content.decode()
    assert "hx-get" not in progress.content.decode()  # polling stops
    download = client.get(reverse("certificates:batch_download", args=[batch.pk]))
    assert download["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    valid = Certificate.objects.filter(status="valid").order_by("tier_index")
    assert sorted(archive.namelist()) == sorted(
        f"{c.pk:06d}-{name}.pdf"
        for c, name in zip(
            valid, ("giai-nhat-nguyen-thi-hang-dak", "giai-ba-tran-thi-anh-nguyet"),
            strict=True,
        )
    )  # fmt: skip
    assert all(archive.read(n).startswith(b"%PDF") for n in archive.namelist())
    assert batch.filename == "giay-chung-nhan-chuyen-doi-so-ben-tre.zip"


def test_only_whoever_asked_sees_and_downloads_the_zip(
    closed, secretary, organizer, client, eager_tasks,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        start(client, secretary, closed.contest, closed)
    batch = CertificateBatch.objects.get()
    assert batch.round == closed
    assert batch.status == "done"

    client.force_login(organizer)
    assert client.get(reverse("certificates:batch", args=[batch.pk])).status_code == 404
    assert (
        client.get(reverse("certificates:batch_download", args=[batch.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["judge", "contestant_a", "unit_rep"])
def test_people_outside_the_contests_staff_may_not_ask_for_a_zip(
    closed, client, request, who
):
    response = start(client, request.getfixturevalue(who), closed.contest)

    assert response.status_code == 403
    assert not CertificateBatch.objects.exists()


def test_old_zips_are_purged_with_their_files(
    closed, secretary, client, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(client, secretary, closed.contest)
    batch = CertificateBatch.objects.get()
    name = batch.file.name

    assert purge_old_batches(now=timezone.now()) == 0
    assert purge_old_batches(now=timezone.now() + datetime.timedelta(days=8)) == 1

    assert not CertificateBatch.objects.exists()
    assert not default_storage.exists(name)
