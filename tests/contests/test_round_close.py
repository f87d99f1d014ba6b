"""Rounds and attempts as organizers mean them: a close moved earlier ends the open
attempts then (SPEC §4), and the contest page says before the click why a person
may not enter and never offers to continue an attempt that is over."""

import datetime as dt
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from contests import rules, services, tasks
from contests.models import Attempt, ContestExclusion, ContestStaff
from core.http import status_for
from tests.factories import UserFactory
from tests.factories.contests import RoundFactory


class _FormData(HTMLParser):
    """The values a browser would post from the page's main form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(a.get("value", default))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.setdefault(self._select, []).append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(html: str) -> dict[str, list[str]]:
    parser = _FormData()
    parser.feed(html)
    return parser.data


@pytest.fixture
def running(contest):
    return RoundFactory(contest=contest, number=1, title="Tuần 1")


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _as_shown(shown: str, value: dt.datetime, fmt_date: bool) -> str:
    """``value`` in the format the admin showed ``shown`` in (dd/mm/yyyy or ISO)."""
    if fmt_date:
        return value.strftime("%d/%m/%Y" if "/" in shown else "%Y-%m-%d")
    return value.strftime("%H:%M:%S" if shown.count(":") == 2 else "%H:%M")


def test_moving_the_close_earlier_in_the_admin_ends_open_attempts_then(
    admin_client, running, contestant_a, contestant_b, monkeypatch
):
    saving = services.start_attempt(contestant_a, running)
    idle = services.start_attempt(contestant_b, running)
    url = reverse("admin:contests_contest_change", args=[running.contest_id])
    data = form_data(admin_client.get(url).content.decode())
    local_now = timezone.localtime()
    new_close = (local_now + dt.timedelta(minutes=6)).replace(second=0, microsecond=0)
    date_key, time_key = "rounds-0-closes_at_0", "rounds-0-closes_at_1"
    data[date_key] = [_as_shown(data[date_key][0], new_close, True)]
    data[time_key] = [_as_shown(data[time_key][0], new_close, False)]
    response = admin_client.post(url, data)
    assert response.status_code == 302
    running.refresh_from_db()
    assert running.closes_at == new_close
    for attempt in (saving, idle):
        attempt.refresh_from_db()
        assert attempt.deadline == new_close
        assert attempt.status == Attempt.Status.IN_PROGRESS

    with time_machine.travel(new_close + dt.timedelta(seconds=1), tick=False):
        with pytest.raises(services.AnswerRefused) as refused:
            services.save_answer(contestant_a, saving.id, position=0, shown_index=1)
        assert status_for(refused.value) == 409
        assert refused.value.message == rules.MSG_DEADLINE_PASSED
        sent = []
        monkeypatch.setattr(tasks.finalise_attempts, "delay", sent.append)
        assert tasks.sweep_due_attempts() == 1
        assert sent == [[idle.id]]
        assert tasks.finalise_attempts(sent[0]) == 1
    idle.refresh_from_db()
    assert idle.status == Attempt.Status.EXPIRED
    assert idle.submitted_at == new_close


def test_a_close_moved_into_the_past_ends_open_attempts_now(running, contestant_a):
    attempt = services.start_attempt(contestant_a, running)
    services.save_answer(contestant_a, attempt.id, position=0, shown_index=1)
    running.closes_at = attempt.started_at - dt.timedelta(minutes=1)
    running.save()
    moved_at = timezone.now()
    assert services.cap_open_deadlines(running, now=moved_at) == 1
    attempt.refresh_from_db()
    # Not in the past: the answer saved before the move still counts.
    assert attempt.deadline == moved_at
    assert services.finalise_attempts([attempt.id]) == 1
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
    assert attempt.questions.get(position=0).answer is not None


def test_a_schedule_moving_a_round_earlier_ends_its_open_attempts(
    contest, contestant_a
):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    (round_,) = services.create_round_schedule(
        contest, kind="weekly", start=monday, count=1
    )
    # Monday 23:50: 15 minutes, so the attempt would run until 00:05.
    started = round_.opens_at + dt.timedelta(hours=15, minutes=50)
    with time_machine.travel(started, tick=False):
        attempt = services.start_attempt(contestant_a, round_)
    # The organizer makes it a one-day period instead: it closes at Monday 24:00.
    with time_machine.travel(started + dt.timedelta(minutes=1), tick=False):
        services.create_round_schedule(
            contest,
            kind="period",
            start=monday,
            count=1,
            days=1,
            opens_at=dt.time(8, 0),
        )
    round_.refresh_from_db()
    attempt.refresh_from_db()
    assert round_.closes_at == started + dt.timedelta(minutes=10)
    assert attempt.deadline == round_.closes_at


# --- The contest page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "message"),
    [("excluded", rules.MSG_EXCLUDED), ("staff", rules.MSG_STAFF)],
)
def test_the_contest_page_says_why_before_the_click(
    client, running, contestant_a, who, message
):
    if who == "excluded":
        ContestExclusion.objects.create(contest=running.contest, user=contestant_a)
    else:
        ContestStaff.objects.create(
            contest=running.contest, user=contestant_a, role=ContestStaff.Role.HELPER
        )
    client.force_login(contestant_a)
    html = client.get(running.contest.get_absolute_url()).content.decode()
    assert 'id="refusal-1"' in html
    assert message in html
    assert reverse("contests:start", args=[running.contest.slug, 1]) not in html
    assert "Vào thi" not in html


def test_an_incomplete_profile_is_told_where_to_complete_it(client, running):
    person = UserFactory(cccd=None)
    client.force_login(person)
    html = client.get(running.contest.get_absolute_url()).content.decode()
    assert rules.MSG_PROFILE_INCOMPLETE in html
    assert reverse("accounts:profile_edit") in html


def test_an_eligible_contestant_still_gets_the_start_button(
    client, running, contestant_a
):
    client.force_login(contestant_a)
    html = client.get(running.contest.get_absolute_url()).content.decode()
    assert 'id="refusal-1"' not in html
    assert "Vào thi" in html


def test_the_page_never_offers_to_continue_an_attempt_past_its_deadline(
    client, running, contestant_a
):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        attempt = services.start_attempt(contestant_a, running)
    client.force_login(contestant_a)
    with time_machine.travel(attempt.deadline + dt.timedelta(seconds=1), tick=False):
        html = client.get(running.contest.get_absolute_url()).content.decode()
    assert "Tiếp tục làm bài" not in html
    assert f'href="{reverse("contests:attempt", args=[attempt.id])}"' not in html
    assert reverse("contests:result", args=[attempt.id]) in html
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.EXPIRED
