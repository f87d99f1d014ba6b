"""Addresses seen at sign-up and login, for the fair play review's "many accounts
from one address" signal. Nothing else in the portal records them, so this app
does, minimally: the address as the limits count it and a short digest of the
User-Agent (never the string itself). Recording never stands in a login's way."""

from __future__ import annotations

import hashlib
import logging

from allauth.account.signals import user_signed_up
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils import timezone

from accounts.ratelimits import client_address

from .models import AccessRecord

log = logging.getLogger(__name__)


def record_access(request, user, kind: str) -> AccessRecord | None:
    """Record where ``user`` came from on ``request`` (None: no request, or an
    address that does not parse)."""
    if request is None or user is None or not getattr(user, "pk", None):
        return None
    try:
        address = client_address(request)
    except (ValueError, PermissionDenied):
        log.warning("review: unreadable client address, not recorded")
        return None
    agent = request.META.get("HTTP_USER_AGENT", "")
    device = hashlib.sha256(agent.encode()).hexdigest()[:16] if agent else ""
    return AccessRecord.objects.create(
        user=user, kind=kind, address=address, device=device, at=timezone.now()
    )


@receiver(user_logged_in, dispatch_uid="review_record_login")
def _on_login(sender, request, user, **kwargs):
    record_access(request, user, AccessRecord.Kind.LOGIN)


@receiver(user_signed_up, dispatch_uid="review_record_signup")
def _on_signup(sender, request, user, **kwargs):
    record_access(request, user, AccessRecord.Kind.SIGNUP)
