"""Bad input at volume: every portal URL (GET and POST, htmx or not), with
malformed path values, query strings and form fields, as each member of the cast.
Nothing may answer 500. (The importers' property tests live with them:
tests/quizzes/test_properties.py; ranking: tests/awards/test_ranking.py.)
"""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contests import services
from tests.factories.contests import ContestFactory, RoundFactory, make_bank

CAST = ("visitor", "contestant_a", "unit_rep", "organizer", "judge", "secretary")
FIELDS = (
    "position",
    "choice",
    "q0",
    "q1",
    "q19",
    "prediction",
    "confirm",
    "login",
    "password",
    "phone",
    "full_name",
    "birth_date",
    "gender",
    "cccd",
    "group",
    "unit",
    "email",
    "password1",
    "password2",
    "kind",
    "round",
    "don_vi",
    "q",
    "page",
    "score",
    "note",
    "reason",
    "count",
    "next",
    "language",
    "nhom",
    "csrfmiddlewaretoken",
    "file",
    "size",
    "offset",
    "chunk",
    "value",
    "action",
)
NASTY = (
    "",
    "0",
    "-1",
    "1e9",
    "null",
    "None",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "9" * 40,
    "\uff10\uff11\uff12",  # full-width digits
    "A" * 3000,
    "%",
    "../../etc/passwd",
    "đ̀ắ",
    "\ud7ff",
    "2024-02-30",
    "31/02/2024",
    "+84",
    "true",
    "[]",
    "{}",
    "NaN",
    "-0",
    " 1 ",
)
values = st.one_of(
    st.sampled_from(NASTY),
    st.sampled_from(NASTY).map(lambda v: f"1{v}"),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def _routes():
    def walk(patterns, prefix=""):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                if route.startswith(("admin/", "^media")):
                    continue
                yield from walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and "(?P" not in route and "^" not in route:
                yield prefix + route

    return sorted(set(walk(get_resolver().url_patterns)))


ROUTES = _routes()
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


@pytest.fixture
def world(db, contestant_a):
    contest = ContestFactory(slug="fuzz", bank=make_bank(25), prediction_enabled=True)
    round_ = RoundFactory(contest=contest, number=1)
    attempt = services.start_attempt(contestant_a, round_)
    return {"slug": contest.slug, "number": 1, "attempt": attempt.id}


def _fill(route: str, world: dict, pick) -> str:
    def one(match):
        kind, name = match.group(1) or "str", match.group(2)
        real = {"slug": world["slug"], "number": world["number"]}.get(name)
        if name in ("attempt_id",):
            real = world["attempt"]
        choice = pick(st.integers(0, 3))
        if kind == "int":
            return str(
                real if real is not None and choice else pick(st.integers(0, 2**63))
            )
        if kind == "uuid":
            return str(uuid.uuid4())
        if kind == "slug":
            return (
                real
                if real and choice
                else pick(st.from_regex(r"[-a-zA-Z0-9_]{1,40}", fullmatch=True))
            )
        return pick(st.from_regex(r"[a-z0-9._-]{1,20}", fullmatch=True))

    return "/" + PARAM.sub(one, route)


@pytest.mark.parametrize("route", ROUTES)
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_url_answers_500_to_malformed_input(request, client, world, route, data):
    who = data.draw(st.sampled_from(CAST))
    if who != "visitor":
        client.force_login(request.getfixturevalue(who))
    url = _fill(route, world, data.draw)
    form = data.draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=6))
    htmx = {"HX-Request": "true"} if data.draw(st.booleans()) else {}
    if data.draw(st.booleans()):
        response = client.get(url, form, headers=htmx)
    else:
        response = client.post(url, form, headers=htmx)
    assert response.status_code < 500, (who, url, form, response.status_code)


@pytest.mark.parametrize("who", ["organizer", "contestant_a"])
def test_a_nul_character_is_a_clear_400(request, client, world, who):
    client.force_login(request.getfixturevalue(who))
    for url, data in [
        ("/ket-qua/fuzz/don-vi/", {"don_vi": "a\x00b"}),
        ("/don-vi/tim/", {"q": "\x00"}),
    ]:
        response = client.get(url, data)
        assert response.status_code in (200, 400, 403, 404), (url, response.status_code)
