"""Who may read the dashboard and the Monday report, walking the cast: the
contest's organizer and secretariat everything; an organizer of another contest
nothing; a unit representative their own subtree's report only; contestants and
visitors nothing; the daily public table anyone, for published contests."""

import pytest
from django.urls import reverse

from insights import services
from tests.factories.contests import ContestFactory, staff_on

from .conftest import at

pytestmark = pytest.mark.django_db

SLUG = "bac-son-2026"


def dashboard(client):
    return client.get(reverse("insights:dashboard", args=[SLUG]))


def weekly(client, unit=""):
    params = {"tuan": "2026-11-30"}
    if unit:
        params["don_vi"] = unit
    return client.get(reverse("insights:weekly", args=[SLUG]), params)


@pytest.mark.parametrize("who", ["organizer", "secretary"])
def test_the_contests_staff_read_the_dashboard_and_any_report(
    client, weeks, organizer, secretary, who
):
    staff_on(weeks["contest"], organizer=organizer, secretary=secretary)
    services.refresh_dashboard(contest_id=weeks["contest"].id)
    client.force_login(organizer if who == "organizer" else secretary)
    assert dashboard(client).status_code == 200
    for unit in ["", "P", "D", "Z"]:
        assert weekly(client, unit).status_code == 200, unit


def test_an_organizer_of_another_contest_is_refused(client, weeks, organizer):
    staff_on(ContestFactory(slug="contest-khac"), organizer=organizer)
    client.force_login(organizer)
    assert dashboard(client).status_code == 403
    assert weekly(client).status_code == 403
    assert weekly(client, "D").status_code == 403
    assert client.post(reverse("insights:refresh", args=[SLUG])).status_code == 403
    excel = client.get(reverse("insights:weekly_excel", args=[SLUG]))
    assert excel.status_code == 403


def test_a_representative_reads_only_their_subtree(client, weeks, district_rep):
    client.force_login(district_rep)
    own = weekly(client)
    assert own.status_code == 200
    assert "Huyện Bắc Sơn" in own.content.decode()
    assert weekly(client, "D").status_code == 200
    assert weekly(client, "X").status_code == 200  # a commune of the district
    assert weekly(client, "Z").status_code == 403  # a sibling department
    assert weekly(client, "P").status_code == 403  # the province above
    assert dashboard(client).status_code == 403
    excel = client.get(
        reverse("insights:weekly_excel", args=[SLUG]),
        {"tuan": "2026-11-30", "don_vi": "Z"},
    )
    assert excel.status_code == 403


def test_contestants_and_visitors_are_kept_out(client, weeks):
    assert dashboard(client).status_code == 302  # to the login page
    assert weekly(client).status_code == 302
    client.force_login(weeks["people"]["x1"])
    assert dashboard(client).status_code == 403
    assert weekly(client).status_code == 403


def test_the_daily_table_is_public_for_published_contests_only(client, weeks):
    services.refresh_dashboard(contest_id=weeks["contest"].id, now=at(3, month=12))
    url = reverse("insights:daily", args=[SLUG])
    page = client.get(url, {"ngay": "2026-12-02"})
    assert page.status_code == 200
    rows = page.content.decode().split('id="daily-table"')[1].split("<tr>")[2:]
    # As of the end of 02/12: D {y2, x1, y1, x2} of 14, Z {z2} of 5.
    assert "Huyện Bắc Sơn" in rows[0]
    assert ">4<" in rows[0]
    assert ">14<" in rows[0]
    assert "28,6%" in rows[0]
    assert "Sở Thông tin và Truyền thông" in rows[1]
    assert "20,0%" in rows[1]
    assert client.get(url, {"ngay": "2026-11-01"}).status_code == 404
    weeks["contest"].is_published = False
    weeks["contest"].save()
    assert client.get(url).status_code == 404


def test_the_contest_page_leads_visitors_to_the_daily_table(client, weeks):
    page = client.get(reverse("contests:detail", args=[SLUG]))

    assert page.status_code == 200
    link = f'id="daily-link" href="{reverse("insights:daily", args=[SLUG])}"'
    assert link in page.content.decode()
