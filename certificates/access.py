"""Who may download which certificate (the verification page is public).

- The contest's organizers and secretariat (contests.permissions, Action.EXPORT:
  the people who export its award lists) any time after closing: a certificate
  exists only once its award does.
- The winner, once the results it belongs to are published: the person for an
  individual prize, the unit's representative for a unit prize.
- Nobody else; a revoked certificate is downloaded by nobody (its page says why).
"""

from __future__ import annotations

from accounts import roles
from awards.models import Award, ContestClosing, RoundClosing
from contests.permissions import Action, may

from .models import Certificate


def is_published(certificate: Certificate) -> bool:
    """Whether the results the prize belongs to are public."""
    part = certificate.part
    if part == Award.Part.VIDEO:
        from videos.models import VideoPart

        return VideoPart.objects.filter(
            contest_id=certificate.contest_id, results_published=True
        ).exists()
    if part == Award.Part.FINAL:
        return True  # the game's awards are written when the host ends it, in public
    if certificate.round_id is not None:
        return RoundClosing.objects.filter(
            pk=certificate.round_id, published_at__isnull=False
        ).exists()
    return ContestClosing.objects.filter(
        pk=certificate.contest_id, published_at__isnull=False
    ).exists()


def represents(user, unit_id: int | None) -> bool:
    return (
        unit_id is not None
        and user.represented_unit_id == unit_id
        and user.groups.filter(name=roles.UNIT_REPRESENTATIVE).exists()
    )


def is_winner(user, certificate: Certificate) -> bool:
    if certificate.winner_user_id is not None:
        return certificate.winner_user_id == user.id
    return represents(user, certificate.winner_unit_id)


def may_download(user, certificate: Certificate) -> bool:
    if not user.is_authenticated or not certificate.is_valid:
        return False
    if may(user, Action.EXPORT, certificate.contest_id):
        return True
    return is_winner(user, certificate) and is_published(certificate)


def may_make_batches(user, contest) -> bool:
    return may(user, Action.EXPORT, contest)
