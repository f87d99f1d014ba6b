"""Players' PINs: random digits shown once (the printed list), stored as an HMAC
keyed with SECRET_KEY. A keyed hash, not a password hasher: a 6-digit PIN falls
to brute force under any hasher, so the protection is the key plus the login
rate limit, and logins stay fast for a hall of 100 phones at once."""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

PIN_DIGITS = 6


def new_pin() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(PIN_DIGITS))


def pin_hash(game_id: int, number: int, pin: str) -> str:
    return salted_hmac("live.pin", f"{game_id}:{number}:{pin.strip()}").hexdigest()


def pin_matches(stored: str, game_id: int, number: int, pin: str) -> bool:
    return bool(stored) and constant_time_compare(
        stored, pin_hash(game_id, number, pin)
    )
