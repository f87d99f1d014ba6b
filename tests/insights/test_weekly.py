"""The Monday report's figures against a hand count (conftest's contest).

Week 1 (23-29/11): x1 20/20, y1 16/20, z2 10/20 (Sunday 23:59:59); before it y2
0/20 (18/11). Week 2 (30/11-06/12): x1 12/20, x2 20/20 and 9/20, z1 19/20, z2
4/20 (Monday 00:00:00), n1 20/20 without a unit; x1's practice attempt never
counts. Bands: below 50 %, 50-79 %, 80-99 %, 100 %.

By hand, week 2:
- contestants up to the week's end: X {x1, x2} 2, Y {y1, y2} 2, Z {z1, z2} 2,
  D 4, P 6, the whole contest 7 (n1);
- people within the week: X 2, Y 0, Z 2, D 2, P 4, whole 5;
- attempts within the week: X 3, Y 0, Z 2, D 3, P 5, whole 6;
- bands of P: 9/20 and 4/20 below 50 %, 12/20 in 50-79 %, 19/20 in 80-99 %,
  one 20/20: [2, 1, 1, 1]; the whole contest adds n1: [2, 1, 1, 2];
- staff: X 10, Y 4, Z 5, D 14, P 19.
Week 1: contestants X 1, Y 2, Z 1, D 3, P 4, whole 4; people X 1, Y 1, Z 1, D 2,
P 3; attempts D 2, P 3; bands of P [0, 1, 1, 1].
"""

import datetime
import io
from fractions import Fraction

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from insights import services
from insights.models import WeeklyReport
from tests.factories.contests import staff_on

from .conftest import WEEK1, WEEK2

pytestmark = pytest.mark.django_db


def report_of(weeks, unit=None):
    return services.report_pair(
        contest=weeks["contest"],
        week_start=WEEK2,
        unit_id=weeks[unit].pk if unit else None,
    )


def test_whole_contest_week_matches_the_hand_count(weeks):
    view = report_of(weeks)
    now, before = view.root.now, view.root.before
    assert (now.staff, now.contestants, now.people, now.attempts) == (19, 7, 5, 6)
    assert now.bands == (2, 1, 1, 2)
    assert now.rate == Fraction(7, 19)
    assert now.perfect_share == Fraction(2, 6)
    assert (before.contestants, before.people, before.attempts) == (4, 3, 3)
    assert before.bands == (0, 1, 1, 1)
    assert view.root.contestants == 3
    assert view.root.attempts == 3
    assert view.root.rate == Fraction(3, 19)
    assert view.root.perfect_share == Fraction(2, 6) - Fraction(1, 3)


def test_the_units_below_the_contest_root_and_who_lags(weeks):
    view = report_of(weeks)
    lines = {c.now.code: c for c in view.lines}
    assert set(lines) == {"D", "Z"}
    d, z = lines["D"].now, lines["Z"].now
    assert (d.staff, d.contestants, d.people, d.attempts) == (14, 4, 2, 3)
    assert d.bands == (1, 1, 0, 1)
    assert (z.staff, z.contestants, z.people, z.attempts) == (5, 2, 2, 2)
    assert z.bands == (1, 0, 1, 0)
    assert lines["D"].before.attempts == 2
    # D: 4/14 = 28.6 % lags behind Z: 2/5 = 40 %.
    assert [line.code for line in view.lagging] == ["D", "Z"]


def test_bac_son_district_gets_its_own_report(weeks):
    view = report_of(weeks, "D")
    root = view.root
    assert (root.now.name, root.now.staff, root.now.contestants) == (
        "Huyện Bắc Sơn",
        14,
        4,
    )
    assert (root.now.people, root.now.attempts) == (2, 3)
    assert (root.before.contestants, root.before.people, root.before.attempts) == (
        3,
        2,
        2,
    )
    assert root.rate == Fraction(1, 14)
    assert root.people == 0
    lines = {c.now.code: c.now for c in view.lines}
    assert (lines["X"].contestants, lines["X"].people, lines["X"].attempts) == (2, 2, 3)
    assert (lines["Y"].contestants, lines["Y"].people, lines["Y"].attempts) == (2, 0, 0)
    assert lines["X"].rate == Fraction(2, 10)
    assert lines["Y"].rate == Fraction(2, 4)
    assert [line.code for line in view.lagging] == ["X", "Y"]


def test_a_week_is_stored_once_and_a_running_week_not_at_all(weeks):
    contest = weeks["contest"]
    first = services.weekly_report(contest=contest, week_start=WEEK2)
    again = services.weekly_report(contest=contest, week_start=WEEK2)
    assert first.pk == again.pk
    assert WeeklyReport.objects.filter(contest=contest, week_start=WEEK2).count() == 1
    running = services.weekly_report(
        contest=contest, week_start=WEEK2, now=services.week_bounds(WEEK2)[1]
    )
    assert running is not None  # the week ended at that moment
    this_week = services.closed_week_now() + (WEEK2 - WEEK1)
    assert services.weekly_report(contest=contest, week_start=this_week) is None
    assert not WeeklyReport.objects.filter(week_start=this_week).exists()
    # A week before the round opened (10/11): no row of zeros is stored.
    before = datetime.date(2026, 11, 2)
    assert services.weekly_report(contest=contest, week_start=before) is None
    assert not WeeklyReport.objects.filter(week_start=before).exists()


def test_the_report_page_and_excel_show_the_figures(
    client, weeks, organizer, django_assert_max_num_queries
):
    staff_on(weeks["contest"], organizer=organizer)
    client.force_login(organizer)
    url = reverse("insights:weekly", args=["bac-son-2026"])
    client.get(url, {"tuan": "2026-12-02"})  # stores both weeks
    with django_assert_max_num_queries(14):
        page = client.get(url, {"tuan": "2026-12-02", "don_vi": "D"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Huyện Bắc Sơn" in html
    assert "28,6%" in html  # 4 / 14
    summary = html[html.index('id="row-contestants"') :]
    assert summary[: summary.index("</tr>")].count("+1") == 1  # 3 → 4 contestants
    excel = client.get(
        reverse("insights:weekly_excel", args=["bac-son-2026"]),
        {"tuan": "2026-11-30", "don_vi": "D"},
    )
    assert excel.status_code == 200
    book = load_workbook(io.BytesIO(excel.content), read_only=True)
    rows = list(book["Theo đơn vị"].iter_rows(values_only=True))
    data = [row for row in rows if row[1] in {"D", "X", "Y"}]
    assert [row[1:6] + row[7:10] for row in data] == [
        ("D", "Huyện Bắc Sơn", 14, 4, pytest.approx(4 / 14), 2, 3, 2),
        ("X", "Xã Bắc Quỳnh", 10, 2, pytest.approx(0.2), 2, 3, 1),
        ("Y", "Xã Chiến Thắng", 4, 2, pytest.approx(0.5), 0, 0, 1),
    ]


def test_the_first_week_of_a_contest_has_no_week_before_and_still_renders(
    client, weeks, organizer
):
    staff_on(weeks["contest"], organizer=organizer)
    client.force_login(organizer)

    page = client.get(
        reverse("insights:weekly", args=["bac-son-2026"]), {"tuan": "2026-11-09"}
    )

    assert page.status_code == 200
    rate = page.content.decode().split('id="row-rate"')[1].split("</tr>")[0]
    assert "—" in rate  # the week before: none
