"""Limits on answers that tell a stranger something about other people.

They run on allauth's rate-limit store (the Redis cache) and its client address,
so every per-address limit on the portal (login, sign-up, password reset, the
CCCD check) sees the same client: REMOTE_ADDR, or the X-Forwarded-For entry that
ALLAUTH_TRUSTED_PROXY_COUNT says the portal's own proxy wrote. With a count of 0 a
forged X-Forwarded-For changes nothing.
"""

from __future__ import annotations

import ipaddress

from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django.http import HttpRequest

# ACCOUNT_RATE_LIMITS entry: how many "this CCCD is taken" answers one address,
# and everybody together, may receive ("3/m/ip,10/h/ip,100/h/key").
CCCD_TAKEN_ACTION = "cccd_taken"
# The key of the rate shared by every address (the "/key" part of the entry).
EVERYONE = "everyone"


# One phone or household holds a whole IPv6 /64: count the network, not the address.
IPV6_PREFIX = 64


def client_address(request: HttpRequest) -> str:
    """The client's address as every limit here counts it (an IPv6 address as its
    /64 network, like allauth's own limits)."""
    address = get_adapter(request).get_client_ip(request)
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        network = ipaddress.IPv6Network(f"{parsed}/{IPV6_PREFIX}", strict=False)
        return str(network.network_address)
    return address


def may_say_cccd_taken(request: HttpRequest | None) -> bool:
    """False once this address, or everybody together, has been told "taken" as
    often as the limits allow; then the CCCD check must answer the same for a
    taken and a free number. Nothing is counted here."""
    if request is None:  # not a web request (shell, import): nobody to throttle
        return True
    return ratelimit.consume(
        request, action=CCCD_TAKEN_ACTION, key=EVERYONE, dry_run=True
    )


def count_cccd_taken(request: HttpRequest | None) -> None:
    """Counts one "taken" answer against this address and against everybody."""
    if request is not None:
        ratelimit.consume(request, action=CCCD_TAKEN_ACTION, key=EVERYONE)
