"""Who sees and downloads which certificate, walking the cast; the public
verification page shows the certificate without personal numbers, answers 404
for unknown codes and is rate-limited per address."""

import pytest
from django.urls import reverse

from awards.models import Award
from certificates.models import Certificate
from certificates.services import reconcile_contest
from tests.factories import UserFactory
from tests.factories.contests import ContestFactory, staff_on

from .conftest import certificate_of


def download(client, user, certificate):
    if user is not None:
        client.force_login(user)
    return client.get(reverse("certificates:download", args=[certificate.code]))


@pytest.fixture
def unit_prize(closed, unit_a):
    """A collective prize of the round for unit_a (whose representative is the
    cast's unit_rep), re-matched as after any rewrite."""
    Award.objects.create(
        contest=closed.contest, round=closed, part=Award.Part.COLLECTIVE,
        tier_name="Giải Nhất tập thể", tier_index=0, rank=1, winner_unit=unit_a,
    )  # fmt: skip
    reconcile_contest(closed.contest_id)
    return Certificate.objects.get(winner_unit=unit_a)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organizer", 200),
        ("secretary", 200),
        ("contestant_a", 404),  # the winner, before the results are published
        ("contestant_b", 404),
        ("judge", 404),
        ("unit_rep", 404),
    ],
)
def test_before_publication_only_the_contest_staff_download(
    closed, contestant_a, client, request, who, status
):
    response = download(
        client, request.getfixturevalue(who), certificate_of(contestant_a)
    )

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("organizer", 200),
        ("secretary", 200),
        ("contestant_a", 200),  # the winner
        ("contestant_b", 404),  # another winner
        ("judge", 404),
        ("unit_rep", 404),  # represents the winner's unit: not the person's paper
    ],
)
def test_once_published_the_winner_downloads_their_own(
    published, contestant_a, client, request, who, status
):
    response = download(
        client, request.getfixturevalue(who), certificate_of(contestant_a)
    )

    assert response.status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("unit_rep", 200), ("contestant_a", 404), ("secretary", 200), ("judge", 404)],
)
def test_a_unit_prize_is_downloaded_by_the_units_representative(
    published, unit_prize, client, request, who, status
):
    assert download(client, request.getfixturevalue(who), unit_prize).status_code == (
        status
    )


def test_an_anonymous_visitor_is_sent_to_log_in(published, contestant_a, client):
    response = download(client, None, certificate_of(contestant_a))

    assert response.status_code == 302
    assert "/tai-khoan/login/" in response["Location"]


def test_another_contests_organizer_may_not_download(
    published, contestant_a, client, organizer
):
    other = UserFactory(username="btc-khac", is_staff=True)
    other.groups.set(organizer.groups.all())
    staff_on(ContestFactory(slug="cuoc-thi-khac"), organizer=other)

    assert download(client, other, certificate_of(contestant_a)).status_code == 404


def test_a_revoked_certificate_is_downloaded_by_nobody(
    published, contestant_a, client, organizer
):
    Award.objects.filter(winner_user=contestant_a).delete()
    reconcile_contest(published.contest_id)

    assert (
        download(client, contestant_a, certificate_of(contestant_a)).status_code == 404
    )
    assert download(client, organizer, certificate_of(contestant_a)).status_code == 404


def test_my_certificates_lists_mine_once_published(closed, contestant_a, client):
    client.force_login(contestant_a)
    url = reverse("certificates:mine")
    certificate = certificate_of(contestant_a)
    assert certificate.code not in client.get(url).content.decode()

    from awards import services

    services.publish_round(closed.id, user=None)
    page = client.get(url).content.decode()

    assert reverse("certificates:download", args=[certificate.code]) in page
    assert "Giải Nhất" in page
    attempts = client.get(reverse("contests:my_attempts")).content.decode()
    assert url in attempts


def test_a_representative_lists_the_units_certificates(
    published, unit_prize, unit_rep, contestant_a, client
):
    client.force_login(unit_rep)

    page = client.get(reverse("certificates:mine")).content.decode()

    assert unit_prize.code in page
    assert certificate_of(contestant_a).code not in page


def test_the_verification_page_shows_name_unit_and_prize_but_no_personal_numbers(
    published, contestant_a, client, unit_a
):
    certificate = certificate_of(contestant_a)

    page = client.get(reverse("certificates:verify", args=[certificate.code]))

    html = page.content.decode()
    assert page.status_code == 200
    for shown in ("Nguyễn Thị Hằng Đắk", unit_a.name, "Giải Nhất", certificate.number):
        assert shown in html
    contestant_a.refresh_from_db()
    for hidden in (
        contestant_a.cccd,
        str(contestant_a.phone),
        str(contestant_a.phone)[3:],
        contestant_a.birth_date.strftime("%d/%m/%Y"),
        contestant_a.email,
    ):
        assert hidden not in html


def test_an_unknown_code_is_not_found(client, db):
    assert (
        client.get(reverse("certificates:verify", args=["khong-co"])).status_code == 404
    )


def test_the_verification_page_is_rate_limited_per_address(
    published, contestant_a, client, settings
):
    settings.CERTIFICATES_VERIFY_RATE = "2/m"
    url = reverse("certificates:verify", args=[certificate_of(contestant_a).code])

    answers = [client.get(url, REMOTE_ADDR="203.0.113.9") for _ in range(3)]
    elsewhere = client.get(url, REMOTE_ADDR="198.51.100.7")

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Bạn đã mở quá nhiều trang xác minh" in answers[2].content.decode()
    assert elsewhere.status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("organizer", 200), ("secretary", 200), ("judge", 403), ("contestant_a", 403)],
)
def test_the_desk_is_for_the_contests_staff(closed, client, request, who, status):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("certificates:desk", args=[closed.contest.slug]))

    assert response.status_code == status


def test_the_results_desk_links_the_certificates(closed, client, organizer):
    client.force_login(organizer)

    page = client.get(reverse("awards:manage", args=[closed.contest.slug]))

    assert (
        reverse("certificates:desk", args=[closed.contest.slug])
        in page.content.decode()
    )


def test_the_winners_result_on_the_round_page_links_the_certificates(
    published, contestant_a, client
):
    client.force_login(contestant_a)

    page = client.get(reverse("awards:round", args=[published.contest.slug, 1]))

    assert 'id="my-certificate-link"' in page.content.decode()
    assert reverse("certificates:mine") in page.content.decode()


def test_the_desk_lists_a_revoked_certificate_with_its_reason(
    closed, contestant_b, client, secretary
):
    Award.objects.filter(winner_user=contestant_b).delete()
    client.force_login(secretary)

    page = client.get(reverse("certificates:desk", args=[closed.contest.slug]))

    html = page.content.decode()
    revoked = certificate_of(contestant_b)
    assert not revoked.is_valid  # opening the desk re-matched
    assert "Đã thu hồi:" in html
    assert revoked.revoked_reason in html
    assert reverse("certificates:download", args=[revoked.code]) not in html


def test_the_command_rematches_a_contest(closed, contestant_b):
    from io import StringIO

    from django.core.management import call_command

    Award.objects.filter(winner_user=contestant_b).delete()
    out = StringIO()

    call_command("reconcile_certificates", "--contest", closed.contest.slug, stdout=out)

    assert out.getvalue().strip() == (
        f"{closed.contest.slug}: cấp 0, thu hồi 1, cấp lại 0"
    )
    assert not certificate_of(contestant_b).is_valid


def test_the_unit_report_links_a_representative_to_the_units_certificates(
    closed, unit_rep, client
):
    client.force_login(unit_rep)

    page = client.get(reverse("awards:unit_report", args=[closed.contest.slug]))

    assert page.status_code == 200
    assert 'id="unit-certificates-link"' in page.content.decode()
