"""core.formatting and its template library: one spelling of money, counts,
rates, durations, moments and accent folding."""

import datetime as dt
import zoneinfo
from fractions import Fraction

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from core import formatting

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "0 đồng"), (800_000, "800.000 đồng"), (1_800_000, "1.800.000 đồng")],
)
def test_money_is_grouped_by_dots_and_says_dong(amount, text):
    assert formatting.money(amount) == text


@given(st.integers(min_value=0, max_value=10**15))
def test_any_amount_reads_back_from_its_text(amount):
    text = formatting.money(amount)
    assert int(text.removesuffix(" đồng").replace(".", "")) == amount
    assert all(len(group) == 3 for group in text.split(" ")[0].split(".")[1:])


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (Fraction(0), "0,0%"),
        (Fraction(1, 8), "12,5%"),
        (0.1234, "12,3%"),
        (1, "100,0%"),
    ],
)
def test_percent_rounds_half_up_to_a_tenth(rate, text):
    assert formatting.percent(rate) == text


@pytest.mark.parametrize(
    ("ms", "text"),
    [(45_678, "45,678 giây"), (12_345_678, "205 phút 45,678 giây"), (0, "0,000 giây")],
)
def test_duration_in_minutes_and_seconds(ms, text):
    assert formatting.duration(ms) == text


def test_a_moment_is_written_in_the_portals_time_zone():
    moment = dt.datetime(2024, 6, 10, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hà Nội
    assert formatting.local_datetime(moment) == "08:00 10/06/2024"
    assert formatting.format_time(moment) == "08:00 ngày 10/06/2024"


def test_micros_is_one_clock_for_datetimes_and_ints():
    moment = dt.datetime(2024, 6, 10, 8, 0, 0, 123456, tzinfo=HCM)
    value = formatting.micros(moment)
    assert formatting.micros(value) == value
    assert value % 1_000_000 == 123456
    with pytest.raises(ValueError, match="timezone-aware"):
        formatting.micros(dt.datetime(2024, 6, 10))


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Đà Nẵng", "da nang"), ("Thừa Thiên Huế", "thua thien hue"), ("ABC", "abc")],
)
def test_accents_fold_to_lower_case_ascii(text, folded):
    assert formatting.ascii_fold(text) == folded


@given(st.text(max_size=40))
def test_folding_is_ascii_and_idempotent(text):
    once = formatting.ascii_fold(text)
    assert once.isascii()
    assert formatting.ascii_fold(once) == once


@pytest.mark.parametrize("typed", ["Bến Tre", "BEN  TRE", " ben\u00a0tre ", "BẾN TRE"])
def test_what_people_type_folds_to_one_key(typed):
    assert formatting.folded_words(typed) == "ben tre"


def _render(source: str, **context) -> str:
    return Template("{% load formatting %}" + source).render(Context(context))


def test_the_template_filters_wrap_the_helpers():
    moment = dt.datetime(2024, 6, 10, 1, 0, tzinfo=dt.UTC)
    assert _render("{{ a|vnd }}", a=1_000_000) == "1.000.000 đồng"
    assert _render("{{ a|vnd }}", a=None) == ""
    assert _render("{{ n|number }}", n=12345) == "12.345"
    assert _render("{{ n|number }}", n=None) == "—"
    assert _render("{{ r|percent }}", r=Fraction(1, 3)) == "33,3%"
    assert _render("{{ ms|duration_ms }}", ms=61_000) == "1 phút 1,000 giây"
    assert _render("{{ t|local_datetime }}", t=moment) == "08:00 10/06/2024"
    assert _render("{{ t|local_datetime }}", t=None) == ""
    assert _render("{{ s|ascii_fold }}", s="Bến Tre") == "ben tre"


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (Fraction(165, 2), 2, "82,50"),
        (Fraction(1, 200), 2, "0,01"),  # half rounds up
        (Fraction(-1073, 15), 2, "-71,53"),
        (Fraction(875, 10), 1, "87,5"),
        (Fraction(7, 2), 0, "4"),
    ],
)
def test_decimals_are_shown_with_a_comma_and_rounded_half_up(value, places, text):
    assert formatting.decimal(value, places) == text
    assert formatting.fixed(value, places) == text.replace(",", ".")


@pytest.mark.parametrize(
    ("template", "value", "text"),
    [
        ("{{ v|signed }}", 3, "+3"),
        ("{{ v|signed }}", -1200, "-1.200"),
        ("{{ v|signed }}", 0, "0"),
        ("{{ v|signed }}", None, "—"),
        ("{{ v|signed_percent }}", Fraction(1, 80), "+1,3%"),
        ("{{ v|signed_percent }}", Fraction(-1, 80), "-1,3%"),
        ("{{ v|signed_percent }}", None, "—"),
        # a missing value (a lookup through None gives the template's "")
        ("{{ v.rate|signed_percent }}", None, "—"),
        ("{{ v.rate|signed }}", None, "—"),
        ("{{ v.rate|percent }}", None, "—"),
    ],
)
def test_changes_carry_their_sign(template, value, text):
    rendered = Template("{% load formatting %}" + template).render(
        Context({"v": value})
    )
    assert rendered == text
