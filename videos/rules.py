"""Checks shared by the submission and upload services (raise ValidationError)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from accounts.models import Unit, User
from core.formatting import local_datetime

from . import messages as msg
from .access import representative_unit
from .models import VideoFormat, VideoPart


def format_list(codes: list[str]) -> str:
    labels = dict(VideoFormat.choices)
    return "/".join(str(labels.get(c, c)).split(" ")[0] for c in codes) or "—"


def check_can_submit(user: User, part: VideoPart, now) -> Unit:
    """The unit `user` submits for, or ValidationError: not a representative of a
    competing unit, deadline not announced, or deadline passed."""
    unit = representative_unit(user, part)
    if unit is None:
        raise ValidationError(msg.NOT_A_REPRESENTATIVE, code="not_representative")
    if part.submission_deadline is None:
        raise ValidationError(msg.DEADLINE_NOT_SET, code="deadline_not_set")
    if now > part.submission_deadline:
        raise ValidationError(
            msg.DEADLINE_PASSED
            % {"deadline": local_datetime(part.submission_deadline)},
            code="deadline_passed",
        )
    return unit
