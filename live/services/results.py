"""The end of a game: the final order and the contest's awards."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from awards import signals
from awards.models import Award

from .. import messages as msg
from .. import rules
from ..models import (
    LiveAnswer,
    LiveEvent,
    LiveGame,
    LivePlayer,
    QuestionKind,
    QuestionRun,
    RunState,
)
from .effects import broadcast_on_commit
from .errors import LiveError


def finish_game(game_id: int, *, actor=None) -> list[Award]:
    """End the game: rank every player (live.rules.final_order, keys stored on the
    player row), allocate the game's prize tiers and write them as the contest's
    awards (part FINAL, source_id = player). Re-running rewrites the same rows."""
    with transaction.atomic():
        game = LiveGame.objects.select_for_update().get(pk=game_id)
        run = QuestionRun.objects.filter(game_id=game_id).order_by("-number").first()
        if run is not None and run.state != RunState.REVEALED:
            raise LiveError(msg.REVEAL_FIRST)
        players = list(LivePlayer.objects.filter(game=game).select_related("out_run"))
        stats = _answer_stats(game_id)
        for player in players:
            player.correct_count, player.total_ms = stats.get(player.id, (0, 0))
        order = rules.final_order(
            rules.Standing(
                player_id=p.id,
                number=p.number,
                is_in=p.is_in,
                out_run_number=p.out_run.number if p.out_run else None,
                correct=p.correct_count,
                total_ms=p.total_ms,
            )
            for p in players
        )
        by_id = {p.id: p for p in players}
        for rank, row in enumerate(order, 1):
            by_id[row.player_id].final_rank = rank
        LivePlayer.objects.bulk_update(
            players, ["final_rank", "correct_count", "total_ms"]
        )
        tiers = [
            rules.Tier(t.tier_index, t.name, t.count, t.amount_vnd)
            for t in game.prize_tiers.all()
        ]
        prizes = rules.allocate(order, tiers)
        Award.objects.filter(
            contest_id=game.contest_id,
            part=Award.Part.FINAL,
            source_id__in=list(by_id),
        ).delete()
        awards = Award.objects.bulk_create(
            Award(
                contest_id=game.contest_id,
                part=Award.Part.FINAL,
                group=game.title[:50],
                tier_name=prize.tier.name,
                tier_index=prize.tier.index,
                rank=prize.rank,
                # Ids, not objects: no query per prize.
                winner_user_id=by_id[prize.player_id].user_id,
                winner_unit_id=None
                if by_id[prize.player_id].user_id
                else by_id[prize.player_id].unit_id,
                unit_id=by_id[prize.player_id].unit_id,
                amount_vnd=prize.tier.amount_vnd,
                source_id=prize.player_id,
            )
            for prize in prizes
        )
        signals.announce_rewrite(game.contest_id)
        game.status = LiveGame.Status.FINISHED
        game.finished_at = game.finished_at or timezone.now()
        game.save(update_fields=["status", "finished_at", "updated_at"])
        LiveEvent.objects.create(
            game=game, kind=LiveEvent.Kind.TRANSITION, detail="finished", actor=actor
        )
        broadcast_on_commit(game_id)
    return awards


def _answer_stats(game_id: int) -> dict[int, tuple[int, int]]:
    """Per player: correct answers to player questions, and total answering ms."""

    rows = (
        LiveAnswer.objects.filter(run__game_id=game_id, run__key_position__isnull=False)
        .exclude(run__kind=QuestionKind.AUDIENCE)
        .values("player_id")
        .annotate(
            correct=Count("id", filter=Q(position=F("run__key_position"))),
            total=Sum("elapsed_ms"),
        )
    )
    return {r["player_id"]: (r["correct"], r["total"] or 0) for r in rows}
