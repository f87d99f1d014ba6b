"""Issuing certificates and keeping them true to the awards.

``reconcile_contest`` runs after every rewrite of a contest's awards (the
receiver of awards.signals.awards_rewritten), before a zip is made and from the
``reconcile_certificates`` command. It compares the current award rows with the
certificates by identity (certificates.matching): a new prize gets a new
certificate; a prize no award says any more is revoked with a Vietnamese reason;
a prize said again (a regrade undone) gets its old certificate back, same code.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award
from contests.models import Contest

from .. import matching
from ..models import Certificate
from .reasons import revocation_reasons

MSG_REINSTATED = "Giải được trao lại sau khi kết quả được tính lại."


def identity_of(award: Award) -> matching.Identity:
    # A live final's player without an account is a person too (the award names
    # their unit and, in source_id, the player).
    player_id = (
        award.source_id
        if award.part == Award.Part.FINAL and not award.winner_user_id
        else None
    )
    person = award.winner_user_id is not None or player_id is not None
    return matching.Identity(
        part=award.part,
        round_id=award.round_id,
        group=award.group,
        tier_index=award.tier_index,
        tier_name=award.tier_name,
        winner_user_id=award.winner_user_id,
        winner_unit_id=None if person else award.winner_unit_id,
        player_id=player_id,
    )


def scope_of(award: Award) -> str:
    """ "Giải cá nhân theo đợt — Tuần 1 — Nhóm 1": what the prize was for."""
    parts = [str(Award.Part(award.part).label)]
    if award.round_id is not None:
        parts.append(str(award.round))
    if award.group:
        parts.append(award.group)
    return " — ".join(parts)


def _snapshot(
    contest: Contest, award: Award, *, players: dict[int, str], now: datetime
) -> Certificate:
    identity = identity_of(award)
    if award.winner_user_id:
        user = award.winner_user
        winner_name = user.full_name or str(user)
        unit = award.unit or user.unit
        unit_name = unit.name if unit else ""
    elif identity.player_id is not None:
        winner_name = players.get(identity.player_id, "")
        unit_name = award.unit.name if award.unit else ""
    else:
        winner_name, unit_name = award.winner_unit.name, ""
    return Certificate(
        contest=contest,
        part=identity.part,
        round_id=identity.round_id,
        group=identity.group,
        tier_index=identity.tier_index,
        tier_name=identity.tier_name,
        winner_user_id=identity.winner_user_id,
        winner_unit_id=identity.winner_unit_id,
        player_id=identity.player_id,
        key=identity.key,
        contest_title=contest.title,
        organizer_name=contest.organizer_name,
        winner_name=winner_name,
        unit_name=unit_name,
        scope=scope_of(award)[:400],
        issued_on=timezone.localdate(now),
        status_changed_at=now,
        history=[{"at": now.isoformat(), "status": Certificate.Status.VALID}],
    )


def reconcile_contest(contest_id: int, *, now: datetime | None = None) -> matching.Plan:
    """Issue, revoke and reinstate the contest's certificates so that exactly the
    current awards have a valid one. One transaction under the contest's row lock
    (two re-matches of a contest wait for each other). Safe to re-run: a second
    run finds an empty plan. Returns what it changed."""
    now = now or timezone.now()
    with transaction.atomic():
        contest = Contest.objects.select_for_update().get(pk=contest_id)
        awards: dict[str, Award] = {}
        for award in Award.objects.filter(contest_id=contest_id).select_related(
            "round", "winner_user__unit", "winner_unit", "unit"
        ):
            awards.setdefault(identity_of(award).key, award)
        certificates = {
            c.key: c
            for c in Certificate.objects.filter(contest_id=contest_id).select_related(
                "round"
            )
        }
        plan = matching.plan(
            awards,
            (k for k, c in certificates.items() if c.is_valid),
            (k for k, c in certificates.items() if not c.is_valid),
        )
        players = _player_names(awards[key] for key in plan.issue)
        Certificate.objects.bulk_create(
            _snapshot(contest, awards[key], players=players, now=now)
            for key in plan.issue
        )
        changed = [certificates[key] for key in plan.revoke]
        reasons = revocation_reasons(changed)
        for certificate in changed:
            reason = reasons[certificate.pk]
            _set_status(certificate, Certificate.Status.REVOKED, reason, now=now)
        for key in plan.reinstate:
            certificate = certificates[key]
            _set_status(certificate, Certificate.Status.VALID, "", now=now)
            changed.append(certificate)
        if changed:
            Certificate.objects.bulk_update(
                changed,
                [
                    "status",
                    "revoked_reason",
                    "status_changed_at",
                    "history",
                    "updated_at",
                ],
            )
    return plan


def _player_names(awards) -> dict[int, str]:
    """Live final players' names (they may have no account), one query."""
    ids = [a.source_id for a in awards if identity_of(a).player_id is not None]
    if not ids:
        return {}
    from live.models import LivePlayer

    return dict(LivePlayer.objects.filter(pk__in=ids).values_list("id", "full_name"))


def _set_status(
    certificate: Certificate, status: str, reason: str, *, now: datetime
) -> None:
    certificate.status = status
    certificate.revoked_reason = reason
    certificate.status_changed_at = now
    certificate.updated_at = now
    note = reason or _(MSG_REINSTATED)
    certificate.history = [
        *certificate.history,
        {"at": now.isoformat(), "status": status, "reason": note},
    ]
