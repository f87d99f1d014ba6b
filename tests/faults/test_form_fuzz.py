"""Every form of the portal, posted back with malformed values, as every member of
the cast: nothing may answer 5xx (SPEC §8).

test_fuzz.py throws random fields at every URL; this test knows the forms. The
pages are enumerated from the URL resolver (every admin add, change and list page of
every registered model, the admin's own views, the site's pages), each is read as
the role, and every form found on it (``<form>`` and htmx ``hx-post`` elements,
whatever URL they post to) is sent back as a browser would, with one field at a time
(or, on big admin pages, a few at a time) replaced by a malformed value: huge and
5,000-digit numbers, negatives, impossible dates, non-numeric ids, NUL bytes, very
long strings, lists, missing fields. The other fields keep the page's own, valid
values, so the form's cross-field checks and the service behind it run too. The
first role to see a form gets that thorough pass; every other role that sees it
posts it with every field malformed, and every role posts blindly to the site's
endpoints it has no form for. A new form or admin model is covered without
touching this file. Deterministic: a failure names the role, URL, field and value.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from contests import services
from contests.models import ContestStaff
from tests.factories import (
    ContestFactory,
    JudgeAssignmentFactory,
    RoundFactory,
    VideoClipFactory,
    VideoStaffFactory,
)
from tests.factories.awards import closed_round, finished_attempt
from tests.factories.contests import make_bank
from tests.html_forms import Form, parse_forms
from tests.videos.conftest import build_part

# In this order: whoever sees a form first gets the thorough pass on it; the others
# post it malformed as a whole (the contestant comes first, while the attempt is open).
CAST = (
    "contestant_a",
    "unit_rep",
    "judge",
    "secretary",
    "organizer",
    "admin_user",
    "visitor",
)
MALFORMED = (
    "9" * 5000,  # 5,000 digits
    "99999999999999999999",  # above bigint
    "2147483648",  # above integer
    "-1",
    "31/12/9999",
    "27/12/9999",  # the last Monday there is
    "00/00/0000",
    "31/12/9999 23:59",
    "abc",  # a non-numeric id
    "1\x00",  # NUL byte
    "x" * 20_000,  # very long
    "-9223372036854775809",
    "1e309",
    "NaN",
    "[]",
    "",
)
MISSING = object()  # the field is left out
VALUES = (*MALFORMED, MISSING)
# Every field of the form at once.
AT_ONCE = ("9" * 5000, "abc", "31/12/9999", MISSING)
# Routes that end the session, delete, or only re-render a list: not forms to fuzz.
SKIPPED_NAMES = re.compile(r"logout|delete|history|jsi18n|view_on_site|set_language")
# A form this small meets every malformed value in every field.
TINY_FORM = 3
# A form with more fields than this is fuzzed GROUP fields at a time.
SMALL_FORM = 8
GROUP = 8
# Each field meets this many malformed values (rotating through VALUES).
PER_FIELD = 2
# Django's changelist: action picker and search box, the same code for every model.
CHANGELIST_FIELDS = {"action", "select_across", "index", "q", "csrfmiddlewaretoken"}


@dataclass
class Report:
    failures: list[str] = field(default_factory=list)
    requests: int = 0


def _routes() -> list[tuple[str, str]]:
    """(route, url name) of every URL pattern."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if str(p.pattern).startswith("^media"):
                    continue
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern), p.name or ""

    return sorted(set(walk(get_resolver().url_patterns)))


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _admin_model(route: str):
    parts = route.split("/")
    if route.startswith("admin/") and len(parts) > 3:
        try:
            return apps.get_model(parts[1], parts[2])
        except LookupError:
            return None
    return None


def _url(route: str, world: dict) -> str | None:
    """The route with real ids of the world (an object of the admin's model), or
    None when it cannot be filled."""
    model = _admin_model(route)
    filled = True

    def one(match):
        nonlocal filled
        kind, name = match.group(1) or "str", match.group(2)
        if name in ("object_id", "id") and model is not None:
            obj = model._default_manager.order_by("pk").first()
            if obj is None:
                filled = False
                return "0"
            return str(obj.pk)
        if name == "slug":
            return world["video_slug"] if route.startswith("video/") else world["slug"]
        if name in world:
            return str(world[name])
        if kind == "uuid":
            return str(uuid.uuid4())
        if kind == "int":
            return "1"
        filled = False
        return "x"

    url = "/" + PARAM.sub(one, route)
    return url if filled and "(?P" not in url and "^" not in url else None


@pytest.fixture
def world(db, organizer, judge, contestant_a, unit_a, unit_rep):
    contest = ContestFactory(slug="fuzz", bank=make_bank(25), prediction_enabled=True)
    open_round = RoundFactory(contest=contest, number=1)
    closed = closed_round(contest, number=2)
    finished_attempt(closed, contestant_a)
    attempt = services.start_attempt(contestant_a, open_round)
    ContestStaff.objects.create(
        contest=contest, user=organizer, role=ContestStaff.Role.ORGANIZER
    )
    part = build_part(organizer)
    part.submission_deadline = timezone.now() - timezone.timedelta(minutes=1)
    part.save(update_fields=["submission_deadline"])
    clip = VideoClipFactory(part=part, unit=unit_a, submitted_by=unit_rep)
    VideoStaffFactory(contest=part.contest, user=judge, role=ContestStaff.Role.JUDGE)
    JudgeAssignmentFactory(judge=judge, clip=clip)
    return {
        "slug": contest.slug,
        "video_slug": part.contest.slug,
        "number": 1,
        "attempt_id": attempt.id,
        "clip_id": clip.id,
        "contest_id": contest.id,
    }


def _send(client, report: Report, method: str, url: str, data, note: str):
    """The response, or None when the request crashed; a 5xx or a crash is
    recorded. Each request runs in a savepoint so a database error cannot spoil
    the following ones."""
    report.requests += 1
    try:
        with transaction.atomic():
            response = getattr(client, method)(url, data)
    except Exception as exc:  # every crash is a finding
        report.failures.append(f"{method.upper()} {url} {note}: {exc!r}"[:400])
        return None
    if response.status_code >= 500:
        report.failures.append(
            f"{method.upper()} {url} {note}: {response.status_code}"[:400]
        )
    return response


def _shown(value) -> str:
    if value is MISSING:
        return "<missing>"
    text = repr(value)
    return text if len(text) < 40 else f"{text[:20]}…({len(value)} chars)"


def _fuzzable(names: list[str]) -> list[str]:
    """Formset fields once (the first form), never the empty template form."""
    kept = []
    for name in names:
        if "__prefix__" in name or name == "csrfmiddlewaretoken":
            continue
        index = re.search(r"-(\d+)-", name)
        if index and index.group(1) != "0":
            continue
        kept.append(name)
    return kept


def _with(base: dict, changes: dict) -> dict:
    data = dict(base)
    for name, value in changes.items():
        if value is MISSING:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def _fuzz_form(client, report: Report, form: Form, note: str, thorough: bool) -> None:
    base = form.data()
    method = "post" if form.method == "post" else "get"
    names = _fuzzable(form.names + form.files)

    def send(changes: dict, what: str) -> None:
        data = _with(base, changes)
        _send(client, report, method, form.action, data, f"[{note}] {what}")

    for value in AT_ONCE if thorough else AT_ONCE[:1]:
        send(dict.fromkeys(names, value), f"all={_shown(value)}")
    if not thorough or set(names) <= CHANGELIST_FIELDS:
        return
    # The other fields keep the page's valid values, so cross-field checks and the
    # service behind the form run too.
    if len(names) <= TINY_FORM:
        for name in names:
            for value in VALUES:
                send({name: value}, f"{name}={_shown(value)}")
        return
    if len(names) <= SMALL_FORM:
        for i, name in enumerate(names):
            for k in range(PER_FIELD):
                value = VALUES[(i * PER_FIELD + k) % len(VALUES)]
                send({name: value}, f"{name}={_shown(value)}")
        return
    for turn in range(PER_FIELD):
        for start in range(0, len(names), GROUP):
            group = names[start : start + GROUP]
            changes = {
                name: VALUES[(start + offset + turn * 7) % len(VALUES)]
                for offset, name in enumerate(group)
            }
            send(changes, ", ".join(f"{n}={_shown(v)}" for n, v in changes.items()))


def test_no_form_answers_5xx_to_malformed_values(request, client, world):
    report = Report()
    fuzzed: set[tuple] = set()
    for who in CAST:
        client.logout()
        if who != "visitor":
            client.force_login(request.getfixturevalue(who))
        _fuzz_as(client, report, world, who, fuzzed)
    assert not report.failures, (
        f"{len(report.failures)} of {report.requests} requests failed:\n"
        + "\n".join(report.failures[:80])
    )


def _fuzz_as(client, report: Report, world: dict, who: str, fuzzed: set) -> None:
    forms: dict[tuple[str, str], Form] = {}
    urls = []
    staff = who not in ("visitor", "contestant_a", "unit_rep")
    for route, name in _routes():
        if SKIPPED_NAMES.search(name) or SKIPPED_NAMES.search(route):
            continue
        if route.startswith("admin/") and not staff and route != "admin/":
            continue  # the admin sends them to the login page before any view
        url = _url(route, world)
        if url is None:
            continue
        urls.append(url)
        response = _send(client, report, "get", url, {}, f"[{who}] page")
        if response is None or response.status_code != 200:
            continue
        if "html" not in response.get("Content-Type", ""):
            continue
        for form in parse_forms(response.content.decode(), url):
            if SKIPPED_NAMES.search(form.action) or not form.action.startswith("/"):
                continue
            forms.setdefault((form.method, form.action.split("?")[0]), form)
    for (method, action), form in forms.items():
        # An admin add page and a change page hold the same form: one thorough
        # pass (on the change page, which comes first and has real values).
        page = re.sub(r"\d+", "N", action)
        key = (method, re.sub(r"/(add|N/change)/$", "/form/", page))
        _fuzz_form(client, report, form, who, thorough=key not in fuzzed)
        fuzzed.add(key)
    # Endpoints this role has no form for (JSON, htmx, other people's): blind posts.
    posted = {action for method, action in forms if method == "post"}
    field_names = {n for f in forms.values() for n in f.names} | {"prediction", "size"}
    for url in urls:
        if url in posted or url.startswith("/admin/"):
            continue
        data = dict.fromkeys(field_names, "9" * 5000)
        _send(client, report, "post", url, data, f"[{who}] blind")
