"""The dashboard's stored snapshot against a hand count (conftest's contest), the
page reading it without touching the attempts table, and the beat sweep."""

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights import figures, services, tasks
from insights.models import DailySnapshot
from tests.factories.contests import staff_on

from .conftest import at

pytestmark = pytest.mark.django_db

NOW = at(7, month=12, hour=9)


def test_the_snapshot_counts_attempts_people_days_units_and_scores(weeks):
    contest = weeks["contest"]
    assert services.refresh_dashboard(contest_id=contest.id, now=NOW) == [
        NOW.date().replace(day=6),
        NOW.date(),
    ]
    data = DailySnapshot.objects.get(contest=contest, day=NOW.date()).data
    # Ten finished attempts of the real round by seven people, three 20/20.
    assert data["totals"] == {"attempts": 10, "people": 7, "perfect": 3}
    # [day, attempts, people that day, first-timers, people so far]
    assert data["days"] == [
        ["2026-11-18", 1, 1, 1, 1],
        ["2026-11-24", 1, 1, 1, 2],
        ["2026-11-25", 1, 1, 1, 3],
        ["2026-11-29", 1, 1, 1, 4],  # z2 at 23:59:59 local time
        ["2026-11-30", 1, 1, 0, 4],  # z2 again at 00:00:00
        ["2026-12-01", 1, 1, 0, 4],
        ["2026-12-02", 1, 1, 1, 5],
        ["2026-12-03", 1, 1, 0, 5],
        ["2026-12-04", 1, 1, 1, 6],
        ["2026-12-05", 1, 1, 1, 7],
    ]
    assert data["rounds"] == [[1, str(weeks["round"]), 10, 7]]
    units = {code: data["units"][str(weeks[code].pk)] for code in "PDXYZ"}
    # [staff, contestants of the subtree, attempts of the subtree]
    assert units == {
        "P": [19, 6, 9],
        "D": [14, 4, 6],
        "X": [10, 2, 4],
        "Y": [4, 2, 2],
        "Z": [5, 2, 3],
    }
    # Tenths of the correct share: 0, 20, 16, 10, 12, 20, 9, 19, 4, 20 of 20.
    assert data["scores"] == [1, 0, 1, 0, 1, 1, 1, 0, 1, 1, 3]
    # Counted attempts' predictions 100, 120, 125, 130, 140, 250 in 12 bins of 13.
    assert data["predictions"] == {
        "edges": list(range(100, 257, 13)),
        "counts": [1, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1],
    }


def test_a_past_day_is_computed_to_its_end_and_then_left_alone(weeks):
    contest = weeks["contest"]
    services.refresh_dashboard(contest_id=contest.id, now=NOW)
    yesterday = DailySnapshot.objects.get(
        contest=contest, day=NOW.date().replace(day=6)
    )
    assert yesterday.is_final
    assert yesterday.data["totals"]["attempts"] == 10
    later = at(7, month=12, hour=10)
    assert services.refresh_dashboard(contest_id=contest.id, now=later) == [
        later.date()
    ]
    assert DailySnapshot.objects.filter(contest=contest).count() == 2


def test_the_page_reads_the_snapshot_not_the_attempts(client, weeks, organizer):
    contest = weeks["contest"]
    staff_on(contest, organizer=organizer)
    services.refresh_dashboard(contest_id=contest.id, now=NOW)
    client.force_login(organizer)
    url = reverse("insights:dashboard", args=[contest.slug])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"cap": "1"})
    assert page.status_code == 200
    assert not [q for q in queries if "contests_attempt" in q["sql"]]
    assert len(queries) <= 12
    html = page.content.decode()
    assert 'id="dashboard-charts" type="application/json"' in html
    assert "28,6%" in html  # Bắc Sơn: 4 of 14
    # The lagging units of level 1: D (4/14) before Z (2/5).
    lagging = html[html.index('id="lagging"') :]
    assert lagging.index("Huyện Bắc Sơn") < lagging.index("Sở Thông tin")


def test_the_page_without_a_snapshot_says_so(client, weeks, organizer):
    staff_on(weeks["contest"], organizer=organizer)
    client.force_login(organizer)
    page = client.get(reverse("insights:dashboard", args=[weeks["contest"].slug]))
    assert 'id="no-snapshot"' in page.content.decode()


def test_the_sweep_refreshes_running_contests_after_commit(
    weeks, eager_tasks, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.refresh_due_dashboards() == 1
    assert DailySnapshot.objects.filter(contest=weeks["contest"]).exists()


def test_the_refresh_button_enqueues_after_commit(
    client, weeks, organizer, eager_tasks, django_capture_on_commit_callbacks
):
    staff_on(weeks["contest"], organizer=organizer)
    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(reverse("insights:refresh", args=[weeks["contest"].slug]))
    assert len(callbacks) == 1
    assert DailySnapshot.objects.filter(contest=weeks["contest"]).exists()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5, 5, 5], {"edges": [5, 6], "counts": [3]}),
        (
            [0, 11, 12, 23],
            {
                "edges": [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24],
                "counts": [1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1],
            },
        ),
        ([], None),
    ],
)
def test_predictions_fall_into_equal_integer_bins(values, expected):
    assert figures.histogram(values) == expected


@pytest.mark.parametrize(
    ("score", "band"), [(0, 0), (9, 0), (10, 1), (15, 1), (16, 2), (19, 2), (20, 3)]
)
def test_score_bands_of_twenty_questions(score, band):
    assert figures.band_of(score, 20) == band
