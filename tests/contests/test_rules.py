"""Pure rules: no database."""

import datetime as dt

import pytest

from contests import rules

UTC = dt.UTC


def person(**overrides):
    values = {
        "profile_complete": True,
        "birth_date": dt.date(1990, 1, 1),
        "group": "worker",
        "group_label": "Đoàn viên công đoàn, người lao động",
        "unit_name": "Công đoàn ngành Giáo dục",
        "unit_path": (3, 1),
        "is_staff_of_contest": False,
        "is_excluded": False,
    }
    return rules.Candidate(**{**values, **overrides})


def contest_rules(**overrides):
    values = {
        "min_age": None,
        "allowed_groups": (),
        "unit_root_id": None,
        "unit_root_name": None,
        "allow_no_unit": True,
    }
    return rules.Eligibility(**{**values, **overrides})


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (dt.date(2008, 6, 10), dt.date(2023, 6, 10), 15),
        (dt.date(2008, 6, 11), dt.date(2023, 6, 10), 14),
        (dt.date(2008, 2, 29), dt.date(2023, 2, 28), 14),
        (dt.date(2008, 2, 29), dt.date(2023, 3, 1), 15),
    ],
)
def test_age_counts_completed_years(born, on, age):
    assert rules.age_on(born, on) == age


def test_an_eligible_person_passes():
    assert (
        rules.eligibility_refusal(person(), contest_rules(), dt.date(2024, 1, 1))
        is None
    )


@pytest.mark.parametrize(
    ("who", "contest", "message"),
    [
        ({"profile_complete": False}, {}, rules.MSG_PROFILE_INCOMPLETE),
        ({"is_staff_of_contest": True}, {}, rules.MSG_STAFF),
        ({"is_excluded": True}, {}, rules.MSG_EXCLUDED),
        ({"group": "resident"}, {"allowed_groups": ("worker",)}, None),
        ({"unit_path": ()}, {"allow_no_unit": False}, rules.MSG_NO_UNIT),
    ],
)
def test_each_refusal_has_its_message(who, contest, message):
    refusal = rules.eligibility_refusal(
        person(**who), contest_rules(**contest), dt.date(2024, 1, 1)
    )
    if message is None:
        assert refusal == rules.MSG_GROUP_NOT_ALLOWED.format(
            group="Đoàn viên công đoàn, người lao động"
        )
    else:
        assert refusal == message


def test_age_is_taken_at_the_rounds_start():
    young = person(birth_date=dt.date(2008, 9, 11))
    refusal = rules.eligibility_refusal(
        young, contest_rules(min_age=15), dt.date(2023, 9, 10)
    )
    assert refusal == rules.MSG_TOO_YOUNG.format(min_age=15, on="10/09/2023")
    assert (
        rules.eligibility_refusal(
            young, contest_rules(min_age=15), dt.date(2023, 9, 11)
        )
        is None
    )


def test_unit_must_be_inside_the_subtree():
    inside = person(unit_path=(9, 5, 1))
    outside = person(unit_path=(8, 2), unit_name="Công đoàn ngành Y tế")
    scoped = contest_rules(unit_root_id=5, unit_root_name="LĐLĐ tỉnh")
    assert rules.eligibility_refusal(inside, scoped, dt.date(2024, 1, 1)) is None
    assert rules.eligibility_refusal(
        outside, scoped, dt.date(2024, 1, 1)
    ) == rules.MSG_UNIT_NOT_ALLOWED.format(
        unit="Công đoàn ngành Y tế", root="LĐLĐ tỉnh"
    )


def test_people_without_unit_enter_only_when_allowed():
    nobody = person(unit_path=(), unit_name=None)
    scoped = contest_rules(unit_root_id=5, unit_root_name="X", allow_no_unit=True)
    assert rules.eligibility_refusal(nobody, scoped, dt.date(2024, 1, 1)) is None


def test_deadline_is_capped_by_the_rounds_close():
    start = dt.datetime(2024, 6, 16, 16, 50, tzinfo=UTC)
    close = dt.datetime(2024, 6, 16, 17, 0, tzinfo=UTC)
    assert rules.attempt_deadline(start, 15, close) == close
    assert rules.attempt_deadline(start, 5, close) == start + dt.timedelta(minutes=5)


def test_duration_is_whole_milliseconds():
    start = dt.datetime(2024, 6, 16, 1, 0, 0, 0, tzinfo=UTC)
    end = start + dt.timedelta(minutes=3, seconds=2, microseconds=345_999)
    assert rules.duration_ms(start, end) == 182_345


def _finished(i, score, duration, minute):
    return rules.FinishedAttempt(
        i, score, duration, dt.datetime(2024, 6, 16, 1, minute, tzinfo=UTC)
    )


def test_best_attempt_counts_by_score_then_duration_then_submit():
    rows = [
        _finished(1, 18, 90_000, 1),
        _finished(2, 19, 200_000, 10),
        _finished(3, 19, 150_000, 20),
    ]
    assert rules.counted_attempt_id(rows, "best") == 3
    assert rules.counted_attempt_id(rows, "first") == 1
    assert rules.counted_attempt_id([], "best") is None


@pytest.mark.parametrize(
    ("raw", "value", "error"),
    [
        ("0", 0, None),
        (" 1234 ", 1234, None),
        ("", None, rules.MSG_PREDICTION_REQUIRED),
        ("-3", None, rules.MSG_PREDICTION_INVALID),
        ("1.000", None, rules.MSG_PREDICTION_INVALID),
        ("2000000001", None, rules.MSG_PREDICTION_INVALID),
        ("\u0661\u0662", None, rules.MSG_PREDICTION_INVALID),
    ],
)
def test_prediction_parsing(raw, value, error):
    assert rules.parse_prediction(raw) == (value, error)


def test_quotas_beyond_the_total_are_refused():
    assert rules.draw_plan([(1, 5), (2, 5)], 20) == ([(1, 5), (2, 5)], 10)
    with pytest.raises(ValueError, match="quotas"):
        rules.draw_plan([(1, 15), (2, 6)], 20)


def test_settings_errors_name_the_field():
    errors = rules.contest_settings_errors(
        allowed_groups=["worker", "alien"],
        collective_order=["rate", "rate"],
        collective_weights={"rate": -1},
        valid_groups=["worker"],
        valid_unit_keys=["rate", "prizes"],
    )
    assert set(errors) == {"allowed_groups", "collective_order", "collective_weights"}
