"""Keeps certificates true to the awards: awards announce every rewrite of a
contest's award rows (awards.signals.awards_rewritten, after commit) and the
contest's certificates are re-matched at once. Connected in
CertificatesConfig.ready."""

from __future__ import annotations

from awards.signals import awards_rewritten


def awards_changed(*, contest_id: int, **_kwargs) -> None:
    from .services import reconcile_contest

    reconcile_contest(contest_id)


def connect() -> None:
    awards_rewritten.connect(awards_changed, dispatch_uid="certificates.rematch")
