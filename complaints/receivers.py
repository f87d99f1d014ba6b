"""What complaints does when quizzes says a key was corrected (after commit)."""

from __future__ import annotations

from quizzes.signals import key_changed


def on_key_changed(sender, key_change_id: int, **kwargs) -> None:
    from . import services

    services.answer_after_key_change(key_change_id=key_change_id)


def connect() -> None:
    key_changed.connect(on_key_changed, dispatch_uid="complaints.key_changed")
