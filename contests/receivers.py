"""Keeps contests' prepared draws (services/prepared.py) honest: any change to what
a draw reads marks them stale once its transaction commits, whatever the path
(admin edits, bulk actions, imports, shell). Connected in ContestsConfig.ready."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from accounts.models import Unit
from quizzes.models import Choice, Question, QuestionBank, Topic
from quizzes.signals import bank_changed

from .models import (
    Contest,
    PrizeTier,
    QuestionSnapshot,
    RankingGroup,
    ReferenceDocument,
    Round,
    TopicQuota,
)
from .services import prepared

# Everything a start, a submit or the contest page (its part for everyone) reads
# through prepared data. Unit: a contest's unit root is named in a refusal.
WATCHED = (
    QuestionBank,
    Topic,
    Question,
    Choice,
    Contest,
    Round,
    Unit,
    TopicQuota,
    RankingGroup,
    QuestionSnapshot,
    PrizeTier,
    ReferenceDocument,
)


def draws_changed(**_kwargs) -> None:
    """After commit: the prepared pools, snapshots and groups are stale everywhere.
    (Before commit another process could prepare again from the old rows.)"""
    transaction.on_commit(prepared.invalidate)


def connect() -> None:
    for model in WATCHED:
        uid = f"contests.prepared.{model._meta.label_lower}"
        post_save.connect(draws_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(draws_changed, sender=model, dispatch_uid=uid + ".delete")
    bank_changed.connect(draws_changed, dispatch_uid="contests.prepared.bank")
