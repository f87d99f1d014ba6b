"""Phones, CCCD and the masks other apps reuse."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from accounts.phones import format_national, parse_vn_mobile
from accounts.privacy import mask_birth_date, mask_cccd, mask_phone
from accounts.validators import validate_cccd


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0321234567", "+84321234567"),
        ("0861234567", "+84861234567"),
        ("0591234567", "+84591234567"),
    ],
)
def test_vietnamese_mobiles_are_stored_in_e164(typed, stored):
    assert parse_vn_mobile(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("01212345678", "invalid_phone"),  # retired 11-digit number
        ("091234567", "invalid_phone"),  # nine digits
        ("09123456789", "invalid_phone"),  # eleven digits
        ("abc", "invalid_phone"),
        ("", "invalid_phone"),
        ("+14155552671", "invalid_phone"),  # not Vietnamese
        ("02838221234", "not_mobile"),  # a Hồ Chí Minh City landline
    ],
)
def test_other_numbers_are_refused_with_a_vietnamese_message(typed, code):
    with pytest.raises(ValidationError) as caught:
        parse_vn_mobile(typed)
    assert caught.value.code == code
    assert "Số điện thoại" in str(caught.value.messages[0])


@pytest.mark.parametrize("cccd", ["083190000101", "001099012345", "096305999999"])
def test_twelve_digits_with_a_province_code_is_a_cccd(cccd):
    validate_cccd(cccd)


@pytest.mark.parametrize(
    ("cccd", "code"),
    [
        ("08319000010", "invalid_cccd"),  # 11 digits
        ("0831900001011", "invalid_cccd"),  # 13 digits
        ("08319000010A", "invalid_cccd"),
        ("083 190 000 101", "invalid_cccd"),  # forms normalise spaces first
        ("003190000101", "invalid_cccd_province"),  # 003 is no province
        ("099190000101", "invalid_cccd_province"),
    ],
)
def test_bad_cccd_is_refused(cccd, code):
    with pytest.raises(ValidationError) as caught:
        validate_cccd(cccd)
    assert caught.value.code == code
    assert "CCCD" in str(caught.value.messages[0])


def test_masks_keep_only_what_identifies_nobody():
    assert mask_cccd("083190000101") == "*********101"
    assert mask_phone("+84912345678") == "091****678"
    assert mask_birth_date(datetime.date(1990, 5, 17)) == "**/**/1990"
    assert mask_cccd(None) == mask_phone("") == mask_birth_date(None) == ""


def test_national_format_is_what_people_write():
    assert format_national("+84912345678") == "0912 345 678"


@given(
    prefix=st.sampled_from("35789"), rest=st.text("0123456789", min_size=8, max_size=8)
)
def test_national_format_agrees_with_phonenumbers(prefix, rest):
    """The direct 0XXX XXX XXX formatting of stored mobiles is what phonenumbers
    would write for every valid Vietnamese mobile number."""
    import phonenumbers

    e164 = f"+84{prefix}{rest}"
    number = phonenumbers.parse(e164, "VN")
    assume(phonenumbers.is_valid_number(number))
    expected = phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL
    )
    assert format_national(e164) == expected


def test_national_format_leaves_other_numbers_to_phonenumbers():
    assert format_national("+842838123456") == "028 3812 3456"
    assert format_national("not a number") == "not a number"
