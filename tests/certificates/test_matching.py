"""The pure re-match: which certificates to issue, revoke and reinstate."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from certificates.matching import Identity, plan


def identity(**changes) -> Identity:
    values = {
        "part": "round", "round_id": 7, "group": "", "tier_index": 0,
        "tier_name": "Giải Nhất", "winner_user_id": 3, "winner_unit_id": None,
    }  # fmt: skip
    return Identity(**(values | changes))


@pytest.mark.parametrize(
    "other",
    [
        identity(round_id=8),
        identity(group="Nhóm 1"),
        identity(tier_index=1, tier_name="Giải Nhì"),
        identity(tier_name="Giải Nhất (khối THPT)"),
        identity(winner_user_id=4),
        identity(part="contest", round_id=None),
        identity(winner_user_id=None, winner_unit_id=3),  # the unit with id 3
    ],
)
def test_any_difference_in_what_is_certified_is_another_prize(other):
    assert identity().key != other.key


def test_the_same_prize_has_the_same_key():
    assert identity().key == identity().key


def test_new_prizes_are_issued_lost_ones_revoked_returning_ones_reinstated():
    result = plan(awarded={"a", "b", "d"}, valid={"a", "c"}, revoked={"d", "e"})

    assert result.issue == ("b",)
    assert result.revoke == ("c",)
    assert result.reinstate == ("d",)


keys = st.sets(st.sampled_from("abcdefgh"))


@given(awarded=keys, valid=keys, revoked=keys)
def test_after_the_plan_exactly_the_awarded_prizes_are_valid(awarded, valid, revoked):
    revoked -= valid  # a certificate is valid or revoked, never both
    result = plan(awarded, valid, revoked)

    valid_after = (
        (valid - set(result.revoke)) | set(result.issue) | set(result.reinstate)
    )
    assert valid_after == awarded
    assert not set(result.issue) & (valid | revoked)  # never a second certificate
    assert plan(awarded, valid_after, (revoked | valid) - valid_after).is_empty
