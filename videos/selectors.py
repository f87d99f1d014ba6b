"""Reads of the video part: what each page and export shows."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from contests.models import Contest, ContestStaff

from .models import (
    Criterion,
    JudgeAssignment,
    Score,
    VideoClip,
    VideoPart,
    VideoResult,
)


def published_video_parts() -> QuerySet[VideoPart]:
    """Video parts of contests shown to the public, newest contest first."""
    return (
        VideoPart.objects.filter(contest__is_published=True)
        .select_related("contest")
        .order_by("-contest__created_at")
    )


def get_video_part(slug: str) -> VideoPart | None:
    return (
        VideoPart.objects.select_related("contest").filter(contest__slug=slug).first()
    )


def criteria(part: VideoPart) -> list[Criterion]:
    return list(part.criteria.all())


def contest_judges(contest: Contest) -> QuerySet[User]:
    return User.objects.filter(
        contest_roles__contest=contest, contest_roles__role=ContestStaff.Role.JUDGE
    ).order_by("full_name", "username")


def judge_affiliations(contest: Contest) -> list[ContestStaff]:
    """The contest's judges with the unit the organizers recorded and their
    profile unit, for the management page."""
    return list(
        ContestStaff.objects.filter(contest=contest, role=ContestStaff.Role.JUDGE)
        .select_related("user__unit", "affiliation_unit")
        .order_by("user__full_name", "user__username")
    )


def clips_for_judge(judge: User, part: VideoPart) -> list[JudgeAssignment]:
    """The judge's own assignments with their own scores only (never another
    judge's)."""
    return list(
        JudgeAssignment.objects.filter(judge=judge, clip__part=part)
        .select_related("clip__unit")
        .prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
        .annotate(scored=Count("scores"))
        .order_by("clip__unit__code")
    )


def clip_overview(part: VideoPart) -> list[VideoClip]:
    """Every clip with its assignments (judge names and whether each finished),
    for the organizers' page. Scores themselves are not loaded."""
    n_criteria = part.criteria.count()
    assignments = JudgeAssignment.objects.select_related("judge").annotate(
        scored=Count("scores")
    )
    clips = list(
        part.clips.select_related("unit", "submitted_by")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .order_by("unit__code")
    )
    for clip in clips:
        for a in clip.assignments.all():
            a.complete = n_criteria > 0 and a.scored >= n_criteria
    return clips


@dataclass(frozen=True)
class ResultRow:
    rank: int
    clip: VideoClip
    judge_count: int
    counted_judges: int
    jury_points: Fraction  # mean total in points (not tenths)
    interaction_points: int
    public_share: Fraction
    final_score: Fraction
    tier_name: str
    amount_vnd: int


def results(part: VideoPart) -> list[ResultRow]:
    return [
        ResultRow(
            rank=r.rank,
            clip=r.clip,
            judge_count=r.judge_count,
            counted_judges=r.counted_judges,
            jury_points=Fraction(r.jury_num, r.jury_den) / 10,
            interaction_points=r.interaction_points,
            public_share=Fraction(r.public_num, r.public_den),
            final_score=Fraction(r.final_num, r.final_den),
            tier_name=r.tier_name,
            amount_vnd=r.amount_vnd,
        )
        for r in VideoResult.objects.filter(clip__part=part)
        .select_related("clip__unit")
        .order_by("rank")
    ]


def gallery_clips(part: VideoPart) -> list[VideoClip]:
    return list(
        part.clips.filter(is_published=True)
        .select_related("unit")
        .order_by("unit__code")
    )


@dataclass(frozen=True)
class SheetRow:
    judge: User
    clip: VideoClip
    points: dict[int, int]  # criterion id -> tenths
    total: int | None  # None until every criterion is scored
    comment: str


def score_sheet(part: VideoPart) -> list[SheetRow]:
    """Judge * clip rows with every criterion's points: for organizers and the
    secretariat only."""
    criterion_ids = [c.pk for c in part.criteria.all()]
    rows = []
    for a in (
        JudgeAssignment.objects.filter(clip__part=part)
        .select_related("judge", "clip__unit")
        .prefetch_related("scores")
        .order_by("judge__full_name", "judge__username", "clip__unit__code")
    ):
        points = {s.criterion_id: s.points_tenths for s in a.scores.all()}
        complete = bool(criterion_ids) and all(c in points for c in criterion_ids)
        rows.append(
            SheetRow(
                judge=a.judge,
                clip=a.clip,
                points=points,
                total=sum(points[c] for c in criterion_ids) if complete else None,
                comment=a.comment,
            )
        )
    return rows


def represented_clip(part: VideoPart, unit) -> VideoClip | None:
    return VideoClip.objects.filter(part=part, unit=unit).first()


def video_parts_for_user(user) -> dict[str, list[VideoPart]]:
    """The contests where the user has something to do in the video part."""
    if not user.is_authenticated:
        return {}
    staff = ContestStaff.objects.filter(user=user).values_list("contest_id", "role")
    by_role: dict[str, set[int]] = {}
    for contest_id, role in staff:
        by_role.setdefault(role, set()).add(contest_id)
    parts = VideoPart.objects.select_related("contest")
    organizer_q = Q(contest_id__in=by_role.get(ContestStaff.Role.ORGANIZER, set()))
    if user.is_superuser:
        organizer_q = Q()
    return {
        "manage": list(parts.filter(organizer_q)),
        "judge": list(
            parts.filter(contest_id__in=by_role.get(ContestStaff.Role.JUDGE, set()))
        ),
    }
