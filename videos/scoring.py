"""Scoring and ranking the video clips: pure Python, exact fractions, no Django.

Definitions (printed on the results page too):

* A judge's total for a clip is the sum of their criterion points, in tenths.
* Jury score = the mean of the judges' totals. When the contest drops extremes and
  at least 3 judges scored the clip, one highest and one lowest total are left out
  first (with exactly 3 judges the middle total remains). With 1 or 2 judges nothing
  is dropped. A clip no judge scored has jury score 0.
* Jury share = jury score / the maximum possible total (sum of criterion maxima).
* Interaction points = reactions * reaction points + shares * share points +
  comments * comment points.
* Public share = the clip's interaction points / the best clip's interaction points
  (0 for every clip when no clip has any).
* Final score (0..100) = jury_weight * jury share + public_weight * public share,
  with the weights in percent summing to 100.
* Order: final score ↓, then jury score ↓, then earlier submission, then smaller
  clip id. Ranks are 1, 2, 3 … with no ties (the clip id always decides).
* Prizes go down that order, tier by tier, each tier taking its count of clips.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from core.formatting import fixed
from core.prizes import PrizeTier, allocate

MIN_JUDGES_TO_DROP = 3


@dataclass(frozen=True)
class Rules:
    max_total_tenths: int
    drop_extremes: bool = False
    jury_weight: int = 100
    public_weight: int = 0
    reaction_points: int = 1
    share_points: int = 2
    comment_points: int = 1

    def __post_init__(self) -> None:
        if self.max_total_tenths <= 0:
            raise ValueError("max_total_tenths must be positive")
        if self.jury_weight < 0 or self.public_weight < 0:
            raise ValueError("weights must not be negative")
        if self.jury_weight + self.public_weight != 100:
            raise ValueError("weights must sum to 100")


@dataclass(frozen=True)
class ClipEntry:
    clip_id: int
    submitted_at: datetime
    judge_totals: tuple[int, ...]  # tenths, one per judge who scored every criterion
    reactions: int = 0
    shares: int = 0
    comments: int = 0


@dataclass(frozen=True)
class ClipScore:
    clip_id: int
    rank: int
    judge_count: int
    counted_judges: int
    jury_score: Fraction  # mean total, in tenths
    interaction_points: int
    public_share: Fraction  # 0..1
    final_score: Fraction  # 0..100


# The one prize tier type (core.prizes), under the name this module's callers use.
Tier = PrizeTier


@dataclass(frozen=True)
class Prize:
    clip_id: int
    rank: int
    tier_index: int
    tier_name: str
    amount_vnd: int


def counted_totals(totals: Sequence[int], drop_extremes: bool) -> list[int]:
    """The totals that count: all of them, or without one highest and one lowest
    when dropping applies (3 judges or more)."""
    ordered = sorted(totals)
    if drop_extremes and len(ordered) >= MIN_JUDGES_TO_DROP:
        return ordered[1:-1]
    return ordered


def jury_score(totals: Sequence[int], drop_extremes: bool) -> Fraction:
    kept = counted_totals(totals, drop_extremes)
    if not kept:
        return Fraction(0)
    return Fraction(sum(kept), len(kept))


def interaction_points(entry: ClipEntry, rules: Rules) -> int:
    return (
        entry.reactions * rules.reaction_points
        + entry.shares * rules.share_points
        + entry.comments * rules.comment_points
    )


def rank_clips(entries: Iterable[ClipEntry], rules: Rules) -> list[ClipScore]:
    """Score every clip and return them best first, ranked 1..n."""
    entries = list(entries)
    ids = [e.clip_id for e in entries]
    if len(set(ids)) != len(ids):
        raise ValueError("clip ids must be unique")
    points = {e.clip_id: interaction_points(e, rules) for e in entries}
    best = max(points.values(), default=0)
    rows = []
    for e in entries:
        jury = jury_score(e.judge_totals, rules.drop_extremes)
        public = Fraction(points[e.clip_id], best) if best else Fraction(0)
        final = (
            rules.jury_weight * jury / rules.max_total_tenths
            + rules.public_weight * public
        )
        rows.append((e, jury, public, final))
    rows.sort(key=lambda r: (-r[3], -r[1], r[0].submitted_at, r[0].clip_id))
    return [
        ClipScore(
            clip_id=e.clip_id,
            rank=position,
            judge_count=len(e.judge_totals),
            counted_judges=len(counted_totals(e.judge_totals, rules.drop_extremes)),
            jury_score=jury,
            interaction_points=points[e.clip_id],
            public_share=public,
            final_score=final,
        )
        for position, (e, jury, public, final) in enumerate(rows, start=1)
    ]


def allocate_prizes(ranked: Sequence[ClipScore], tiers: Sequence[Tier]) -> list[Prize]:
    """Hand out the tiers in order down the ranking (core.prizes.allocate). Tiers
    left over when clips run out stay unawarded."""
    picks = allocate(
        sorted(ranked, key=lambda s: s.rank), tiers, winner_of=lambda s: s.clip_id
    )
    return [
        Prize(
            clip_id=p.candidate.clip_id,
            rank=p.candidate.rank,
            tier_index=p.tier_index,
            tier_name=p.tier.name,
            amount_vnd=p.tier.amount_vnd,
        )
        for p in picks
    ]


def format_fraction(value: Fraction, places: int = 2) -> str:
    """A fraction rounded half up to `places` decimals ("82.50"), for Excel;
    pages show core.formatting.decimal ("82,50")."""
    return fixed(value, places)
