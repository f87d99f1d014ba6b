"""The pure decisions: the window, the text, the key correction's reply."""

import datetime

import pytest

from complaints import rules

T0 = datetime.datetime(2026, 6, 7, 17, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def window(**kwargs) -> rules.Window:
    values = {
        "is_open": True,
        "window_days": 3,
        "is_practice": False,
        "closes_at": T0,
        "published_at": T0 + DAY,
    }
    return rules.Window(**(values | kwargs))


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (T0 - datetime.timedelta(seconds=1), "Đợt thi chưa kết thúc"),
        (T0, None),
        (T0 + 2 * DAY, None),
        (T0 + 4 * DAY - datetime.timedelta(seconds=1), None),
        (T0 + 4 * DAY, "Đã hết thời hạn khiếu nại"),
    ],
)
def test_the_window_opens_at_close_and_ends_days_after_publication(now, expected):
    refusal = rules.window_refusal(window(), now)
    if expected is None:
        assert refusal is None
    else:
        assert refusal.startswith(expected)


def test_the_window_stays_open_until_results_are_published():
    assert rules.window_refusal(window(published_at=None), T0 + 100 * DAY) is None


def test_a_closed_contest_or_a_practice_round_takes_no_complaint():
    assert rules.window_refusal(window(is_open=False), T0 + DAY) == str(
        rules.MSG_NOT_ACCEPTING
    )
    assert rules.window_refusal(window(is_practice=True), T0 + DAY) == str(
        rules.MSG_PRACTICE
    )


def test_the_refusal_says_when_the_window_ended():
    refusal = rules.window_refusal(window(window_days=2), T0 + 5 * DAY, fmt=repr)
    assert "trong 2 ngày" in refusal
    assert repr(T0 + 3 * DAY) in refusal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Nội dung khiếu nại: không được để trống."),
        ("   \n ", "Nội dung khiếu nại: không được để trống."),
        ("x" * 2001, "Nội dung khiếu nại: dài 2001 ký tự, tối đa 2000 ký tự."),
        ("x" * 2000, None),
        ("  Đáp án câu 3 sai  ", None),
    ],
)
def test_the_text_is_required_and_bounded_naming_the_field(text, expected):
    assert rules.text_problem(text) == expected


def test_a_reply_names_its_own_field():
    assert rules.text_problem("", rules.FIELD_REPLY) == "Trả lời: không được để trống."


def test_the_letter_is_the_one_the_contestant_saw():
    shown = [[0, "Hà Nội"], [1, "Huế"], [2, "Đà Nẵng"]]
    assert rules.shown_letter("201", shown, "Hà Nội") == "B"
    assert rules.shown_letter("201", shown, "Đà Nẵng") == "A"
    assert rules.shown_letter("201", shown, "Sài Gòn") is None


def test_the_key_correction_reply_names_old_and_new_and_the_date():
    reply = rules.key_corrected_reply(
        old_letter="A",
        old_text="Huế",
        new_letter=None,
        new_text="Hà Nội",
        date="07/12/2026",
    )
    assert reply == (
        "Chấp nhận: đáp án đúng của câu hỏi đã được sửa từ A («Huế») thành "
        "«Hà Nội» ngày 07/12/2026; đợt thi được chấm lại theo đáp án mới."
    )


def test_without_keys_shown_the_reply_names_no_choice():
    reply = rules.key_corrected_reply(
        old_letter="A",
        old_text="Huế",
        new_letter="B",
        new_text="Hà Nội",
        date="07/12/2026",
        shows_keys=False,
    )
    assert "Huế" not in reply
    assert "Hà Nội" not in reply
    assert reply.startswith("Chấp nhận: đáp án đúng của câu hỏi đã được sửa ngày")
