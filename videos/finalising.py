"""Finalising a video part: score and rank every clip, give the prize tiers and
write the results, in one transaction under the part's row lock."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from awards import signals
from awards.models import Award

from . import messages as msg
from . import scoring
from .access import conflicting_unit_ids
from .models import Criterion, JudgeAssignment, VideoClip, VideoPart, VideoResult


def rules_for(part: VideoPart, criteria: list[Criterion]) -> scoring.Rules:
    return scoring.Rules(
        max_total_tenths=sum(c.max_points for c in criteria) * 10,
        drop_extremes=part.drop_extremes,
        jury_weight=part.jury_weight,
        public_weight=part.public_weight,
        reaction_points=part.reaction_points,
        share_points=part.share_points,
        comment_points=part.comment_points,
    )


@dataclass(frozen=True)
class FinaliseOutcome:
    results: list[VideoResult]
    awards: list[Award]


def finalise_part(part: VideoPart, *, now=None) -> FinaliseOutcome:
    """Score and rank every clip, allocate the prize tiers, write VideoResult rows
    and awards.Award rows (part=VIDEO, source_id = clip id), and lock judging.

    Refused when there are no criteria or clips, an assigned judge has not scored
    every criterion, a clip has no judge, or results are published. Runs in one
    transaction under the part's row lock; re-running replaces the previous results
    and awards (never duplicates them).
    """
    now = now or timezone.now()
    with transaction.atomic():
        part = (
            VideoPart.objects.select_for_update()
            .select_related("contest")
            .get(pk=part.pk)
        )
        if part.results_published:
            raise ValidationError(msg.RESULTS_ARE_PUBLISHED, code="published")
        criteria = list(part.criteria.all())
        if not criteria:
            raise ValidationError(msg.NO_CRITERIA, code="no_criteria")
        clips = list(part.clips.select_related("unit").order_by("pk"))
        if not clips:
            raise ValidationError(msg.NOTHING_TO_FINALISE, code="no_clips")
        totals = _judge_totals(part, criteria, clips)
        ranked = scoring.rank_clips(
            [
                scoring.ClipEntry(
                    clip_id=clip.pk,
                    submitted_at=clip.submitted_at,
                    judge_totals=tuple(totals[clip.pk]),
                    reactions=clip.reactions,
                    shares=clip.shares,
                    comments=clip.comments,
                )
                for clip in clips
            ],
            rules_for(part, criteria),
        )
        prizes = scoring.allocate_prizes(
            ranked,
            [scoring.Tier(t.name, t.count, t.amount_vnd) for t in part.tiers.all()],
        )
        outcome = _write_results(part, clips, ranked, prizes)
        part.judging_locked = True
        part.finalised_at = now
        part.save(update_fields=["judging_locked", "finalised_at", "updated_at"])
    return outcome


def _judge_totals(
    part: VideoPart, criteria: list[Criterion], clips: list[VideoClip]
) -> dict[int, list[int]]:
    """Each clip's judges' totals; raises ValidationError listing every
    conflicted or incomplete assignment and every clip without a judge."""
    assignments = list(
        JudgeAssignment.objects.filter(clip__part=part)
        .select_related("judge", "clip__unit")
        .prefetch_related("scores")
    )
    criterion_ids = {c.pk for c in criteria}
    errors = []
    # A judge's unit may have changed since they were assigned (an organizer
    # moved them, or recorded their affiliation): such a score never counts.
    barred = {
        judge_id: conflicting_unit_ids(judge, part.contest_id)
        for judge_id, judge in {a.judge_id: a.judge for a in assignments}.items()
    }
    for a in assignments:
        if a.clip.unit_id in barred[a.judge_id]:
            errors.append(
                msg.CONFLICTED_ASSIGNMENT
                % {"judge": a.judge, "title": a.clip.title, "unit": a.clip.unit}
            )
    totals: dict[int, list[int]] = {clip.pk: [] for clip in clips}
    for a in assignments:
        got = {s.criterion_id: s.points_tenths for s in a.scores.all()}
        if not criterion_ids <= set(got):
            errors.append(
                msg.UNSCORED_ASSIGNMENT % {"judge": a.judge, "title": a.clip.title}
            )
            continue
        totals[a.clip_id].append(sum(got[cid] for cid in criterion_ids))
    for clip in clips:
        if not totals[clip.pk] and not any(a.clip_id == clip.pk for a in assignments):
            errors.append(
                msg.CLIP_WITHOUT_JUDGE % {"title": clip.title, "unit": clip.unit}
            )
    if errors:
        raise ValidationError(errors, code="incomplete")
    return totals


def _write_results(
    part: VideoPart,
    clips: list[VideoClip],
    ranked: list[scoring.ClipScore],
    prizes: list[scoring.Prize],
) -> FinaliseOutcome:
    """Replace the part's VideoResult rows and video awards."""
    prize_by_clip = {p.clip_id: p for p in prizes}
    by_id = {clip.pk: clip for clip in clips}
    VideoResult.objects.filter(clip__part=part).delete()
    results = VideoResult.objects.bulk_create(
        [
            VideoResult(
                clip=by_id[s.clip_id],
                rank=s.rank,
                judge_count=s.judge_count,
                counted_judges=s.counted_judges,
                jury_num=s.jury_score.numerator,
                jury_den=s.jury_score.denominator,
                interaction_points=s.interaction_points,
                public_num=s.public_share.numerator,
                public_den=s.public_share.denominator,
                final_num=s.final_score.numerator,
                final_den=s.final_score.denominator,
                tier_name=prize_by_clip[s.clip_id].tier_name
                if s.clip_id in prize_by_clip
                else "",
                amount_vnd=prize_by_clip[s.clip_id].amount_vnd
                if s.clip_id in prize_by_clip
                else 0,
            )
            for s in ranked
        ]
    )
    Award.objects.filter(contest=part.contest, part=Award.Part.VIDEO).delete()
    awards = Award.objects.bulk_create(
        [
            Award(
                contest=part.contest,
                part=Award.Part.VIDEO,
                tier_name=p.tier_name,
                tier_index=p.tier_index,
                rank=p.rank,
                winner_unit=by_id[p.clip_id].unit,
                amount_vnd=p.amount_vnd,
                source_id=p.clip_id,
            )
            for p in prizes
        ]
    )
    signals.announce_rewrite(part.contest_id)
    return FinaliseOutcome(results=results, awards=awards)
