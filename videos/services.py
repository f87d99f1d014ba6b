"""Writes of the video part: submitting, judging, interactions, finalising, publishing.

Every service checks its domain rules and raises django ValidationError with a
Vietnamese message (from videos.messages) that names what and where; on refusal
nothing changes. Views check who may call what (videos.access) before calling.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Unit, User
from contests.models import ContestStaff

from . import media, scoring, uploads
from . import messages as msg
from .access import conflicting_unit_ids, is_contest_judge, judge_conflicts_with
from .finalising import FinaliseOutcome as FinaliseOutcome  # re-exported
from .finalising import finalise_part as finalise_part  # re-exported
from .links import link_platform
from .models import (
    Criterion,
    JudgeAssignment,
    Score,
    VideoClip,
    VideoPart,
    VideoUpload,
    video_storage,
)
from .rules import check_can_submit, format_list
from .uploads import discard_temp_files

log = logging.getLogger(__name__)


# --- Submission ------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitOutcome:
    clip: VideoClip
    replaced: bool


def _stored_file_from_upload(upload: VideoUpload, part: VideoPart) -> dict:
    """Check the finished upload again, assemble its chunks into the storage, probe
    it there and store its poster. Returns the clip fields to set. Runs outside any
    transaction: copying 500 MB must not hold row locks. Nothing touches this
    node's disk: ffmpeg reads the stored clip (a path or the storage's URL) and
    writes the poster to a pipe."""
    chunks = uploads.chunk_chain(upload) if upload.received else []
    if upload.status != VideoUpload.Status.COMPLETE or not chunks:
        raise ValidationError(
            msg.UPLOAD_INCOMPLETE
            % {
                "name": upload.filename,
                "received": upload.received,
                "size": upload.size,
            },
            code="upload_incomplete",
        )
    if upload.received != upload.size:
        raise ValidationError(msg.UPLOAD_LOST, code="upload_lost")
    source = uploads.ChainReader(uploads.upload_storage(), chunks)
    fmt = media.sniff_format(source.read(media.HEAD_BYTES))
    if fmt is None or fmt not in part.accepted_formats:
        raise ValidationError(
            msg.BAD_FILE_TYPE
            % {"name": upload.filename, "formats": format_list(part.accepted_formats)},
            code="bad_type",
        )
    storage = video_storage()
    stem = f"videos/{part.contest_id}/{uuid.uuid4().hex}"
    whole = File(uploads.ChainReader(uploads.upload_storage(), chunks))
    whole.size = upload.size
    # Read a chunk at a time by every storage backend: bounded memory.
    file_name = storage.save(f"{stem}.{fmt}", whole)
    try:
        located = _ffmpeg_source(storage, file_name)
        probe = media.probe(located)
        if probe is not None and not probe.has_video:
            raise ValidationError(
                msg.NOT_A_VIDEO % {"name": upload.filename}, code="not_a_video"
            )
        poster = media.poster_jpeg(located)
        poster_name = (
            storage.save(f"{stem}-poster.jpg", ContentFile(poster)) if poster else ""
        )
    except BaseException:
        _delete_stored([file_name])
        raise
    return {
        "file": file_name,
        "file_format": fmt,
        "file_size": upload.size,
        "duration_ms": probe.duration_ms if probe else None,
        "poster": poster_name,
        "external_url": "",
        "link_platform": "",
    }


def _ffmpeg_source(storage, name: str) -> str:
    """Where ffmpeg reads a stored file: its path on the local disk, else the
    storage's (presigned) URL."""
    try:
        return storage.path(name)
    except NotImplementedError:
        return storage.url(name)


def _delete_stored(names: Iterable[str]) -> None:
    storage = video_storage()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            log.warning("could not delete stored video file %s", name)


def submit_clip(
    user: User,
    part: VideoPart,
    *,
    title: str,
    description: str = "",
    upload_id=None,
    external_url: str = "",
    replace: bool = False,
    now=None,
) -> SubmitOutcome:
    """Submit (or, with replace=True, replace) the clip of the user's unit.

    The source is exactly one of a finished chunked upload (upload_id) or a public
    Facebook/YouTube/TikTok link. Refuses after the deadline, for anyone but a
    representative of a competing unit, and a second clip when replace is False.
    On success the old file (when replaced) and the temporary upload are deleted
    after commit. Not idempotent: each call stores a new version.
    """
    now = now or timezone.now()
    check_can_submit(user, part, now)
    external_url = (external_url or "").strip()
    if upload_id and external_url:
        raise ValidationError(msg.SOURCE_BOTH, code="source_both")
    if not upload_id and not external_url:
        raise ValidationError(msg.SOURCE_REQUIRED, code="source_required")
    unit = user.represented_unit
    if not replace and VideoClip.objects.filter(part=part, unit=unit).exists():
        raise ValidationError(msg.SECOND_CLIP % {"unit": unit}, code="second_clip")

    fields, upload = _source_fields(
        user, part, upload_id=upload_id, external_url=external_url
    )
    values = {
        **fields,
        "title": title.strip(),
        "description": description.strip(),
        "submitted_by": user,
        "submitted_at": now,
    }
    new_files = [fields["file"], fields["poster"]]
    try:
        return _save_clip(
            user,
            part,
            unit=unit,
            values=values,
            upload=upload,
            replace=replace,
            now=now,
        )
    except BaseException:
        _delete_stored(new_files)
        raise


def _source_fields(
    user: User, part: VideoPart, *, upload_id, external_url: str
) -> tuple[dict, VideoUpload | None]:
    """The clip's source fields from a public link, or from the user's finished
    upload of this part (then also the upload)."""
    if external_url:
        if not part.allow_link:
            raise ValidationError(msg.LINK_NOT_ALLOWED, code="link_not_allowed")
        platform = link_platform(external_url)
        if platform is None:
            raise ValidationError(msg.BAD_LINK % {"url": external_url}, code="bad_link")
        fields = {
            "file": "",
            "file_format": "",
            "file_size": None,
            "duration_ms": None,
            "poster": "",
            "external_url": external_url,
            "link_platform": platform,
        }
        return fields, None
    if not part.allow_upload:
        raise ValidationError(msg.UPLOAD_NOT_ALLOWED, code="upload_not_allowed")
    try:
        upload = VideoUpload.objects.get(pk=upload_id, owner=user, part=part)
    except (VideoUpload.DoesNotExist, ValidationError, ValueError) as exc:
        raise ValidationError(msg.UPLOAD_NOT_FOUND, code="upload_not_found") from exc
    return _stored_file_from_upload(upload, part), upload


def _save_clip(
    user: User,
    part: VideoPart,
    *,
    unit,
    values: dict,
    upload: VideoUpload | None,
    replace: bool,
    now,
) -> SubmitOutcome:
    """Create or replace the unit's clip; the replaced files and the used upload
    are deleted after commit."""
    with transaction.atomic():
        # One writer per contest at a time: the existence check and the insert
        # below cannot interleave with another submission for the same unit.
        part = VideoPart.objects.select_for_update().get(pk=part.pk)
        check_can_submit(user, part, now)
        existing = (
            VideoClip.objects.select_for_update().filter(part=part, unit=unit).first()
        )
        if existing is not None and not replace:
            raise ValidationError(msg.SECOND_CLIP % {"unit": unit}, code="second_clip")
        if existing is None:
            clip = VideoClip.objects.create(part=part, unit=unit, **values)
            old_files: list[str] = []
        else:
            old_files = [existing.file.name, existing.poster.name]
            for key, value in values.items():
                setattr(existing, key, value)
            existing.save()
            clip = existing
        if upload is not None:
            VideoUpload.objects.filter(pk=upload.pk).update(
                status=VideoUpload.Status.USED
            )
            used_file = [uploads.chunk_prefix(upload)]
            transaction.on_commit(lambda: discard_temp_files(used_file), robust=True)
        # After commit, and never an error: the clip is already saved.
        transaction.on_commit(lambda: _delete_stored(old_files), robust=True)
    return SubmitOutcome(clip=clip, replaced=existing is not None)


# --- Judging ---------------------------------------------------------------------


@dataclass(frozen=True)
class AssignOutcome:
    created: int
    conflicts: list[VideoClip]


def assign_judge(
    part: VideoPart, judge: User, *, clips: Iterable[VideoClip] | None = None
) -> AssignOutcome:
    """Assign `judge` to `clips` (all clips of the part when None).

    The judge must hold the judge role in this contest. Clips of any unit that
    speaks for the judge (their recorded affiliation, profile unit now and
    before: access.judge_unit_ids) or of a unit above it are skipped and returned
    as conflicts. Each assignment records the judge's profile unit at this
    moment. Existing assignments are kept: re-running is safe.
    """
    if not is_contest_judge(judge, part.contest):
        raise ValidationError(msg.NOT_A_JUDGE % {"user": judge}, code="not_a_judge")
    if part.judging_locked:
        raise ValidationError(msg.JUDGING_LOCKED, code="judging_locked")
    pool = VideoClip.objects.filter(part=part).select_related("unit")
    if clips is not None:
        pool = pool.filter(pk__in=[c.pk for c in clips])
    created = 0
    conflicts = []
    with transaction.atomic():
        barred = conflicting_unit_ids(judge, part.contest_id)
        for clip in pool:
            if clip.unit_id in barred:
                conflicts.append(clip)
                continue
            _, made = JudgeAssignment.objects.get_or_create(
                clip=clip, judge=judge, defaults={"judge_unit_id": judge.unit_id}
            )
            created += made
    return AssignOutcome(created=created, conflicts=conflicts)


def set_judge_affiliation(
    part: VideoPart, judge: User, *, unit: Unit | None
) -> list[VideoClip]:
    """Record (unit=None: clear) the unit the organizers say ``judge`` works for
    in this contest. The judge's assignments that now conflict are withdrawn with
    their scores and returned. Refused for someone who is not a judge of the
    contest and once judging is locked. Safe to repeat."""
    with transaction.atomic():
        part = VideoPart.objects.select_for_update().get(pk=part.pk)
        if part.judging_locked:
            raise ValidationError(msg.JUDGING_LOCKED, code="judging_locked")
        updated = ContestStaff.objects.filter(
            contest_id=part.contest_id, user=judge, role=ContestStaff.Role.JUDGE
        ).update(affiliation_unit=unit, updated_at=timezone.now())
        if not updated:
            raise ValidationError(msg.NOT_A_JUDGE % {"user": judge}, code="not_a_judge")
        barred = conflicting_unit_ids(judge, part.contest_id)
        withdrawn = list(
            JudgeAssignment.objects.filter(
                judge=judge, clip__part=part, clip__unit_id__in=barred
            ).select_related("clip__unit")
        )
        JudgeAssignment.objects.filter(pk__in=[a.pk for a in withdrawn]).delete()
    return [a.clip for a in withdrawn]


def remove_assignment(assignment: JudgeAssignment) -> None:
    """Withdraw a judge from a clip, with their scores. Refused once judging is
    locked (the scores may already be part of the results)."""
    with transaction.atomic():
        part = VideoPart.objects.select_for_update().get(pk=assignment.clip.part_id)
        if part.judging_locked:
            raise ValidationError(msg.JUDGING_LOCKED, code="judging_locked")
        assignment.delete()


def check_can_score(judge: User, clip: VideoClip, *, now=None) -> JudgeAssignment:
    """The judge's assignment for `clip`, or ValidationError saying why they may not
    score it now."""
    now = now or timezone.now()
    part = clip.part
    assignment = JudgeAssignment.objects.filter(clip=clip, judge=judge).first()
    if assignment is None or not is_contest_judge(judge, part.contest):
        raise ValidationError(msg.NOT_ASSIGNED, code="not_assigned")
    if judge_conflicts_with(judge, clip):
        raise ValidationError(msg.OWN_UNIT % {"unit": clip.unit}, code="own_unit")
    if part.judging_locked:
        raise ValidationError(msg.JUDGING_LOCKED, code="judging_locked")
    if part.submission_deadline is None or now <= part.submission_deadline:
        raise ValidationError(msg.JUDGING_NOT_OPEN, code="judging_not_open")
    return assignment


def validate_points(
    criteria: Iterable[Criterion], points: Mapping[int, int | None]
) -> dict[int, int]:
    """Check one judge's points (tenths, by criterion id) against the criteria.
    Raises ValidationError keyed by f"criterion_{id}" naming each bad criterion."""
    errors: dict[str, ValidationError] = {}
    clean: dict[int, int] = {}
    for criterion in criteria:
        value = points.get(criterion.pk)
        key = f"criterion_{criterion.pk}"
        if value is None:
            errors[key] = ValidationError(
                msg.SCORE_MISSING % {"criterion": criterion.name}, code="missing"
            )
        elif not 0 <= value <= criterion.max_points * 10:
            errors[key] = ValidationError(
                msg.SCORE_OUT_OF_RANGE
                % {
                    "criterion": criterion.name,
                    "max": criterion.max_points,
                    "value": scoring.format_fraction(Fraction(value, 10), 1),
                },
                code="out_of_range",
            )
        else:
            clean[criterion.pk] = value
    if errors:
        raise ValidationError(errors)
    return clean


def save_scores(
    judge: User,
    clip: VideoClip,
    *,
    points: Mapping[int, int | None],
    comment: str = "",
    now=None,
) -> JudgeAssignment:
    """Store the judge's points (tenths per criterion id) and comment for `clip`.

    All criteria at once, all or nothing; may be repeated (the new points replace
    the old) until the organizer locks judging.
    """
    now = now or timezone.now()
    criteria = list(clip.part.criteria.all())
    if not criteria:
        raise ValidationError(msg.NO_CRITERIA, code="no_criteria")
    clean = validate_points(criteria, points)
    with transaction.atomic():
        # Locking the part row orders this save against "lock judging" and
        # "finalise": a score is either in the results or refused.
        part = VideoPart.objects.select_for_update().get(pk=clip.part_id)
        clip.part = part
        assignment = check_can_score(judge, clip, now=now)
        for criterion in criteria:
            Score.objects.update_or_create(
                assignment=assignment,
                criterion=criterion,
                defaults={"points_tenths": clean[criterion.pk]},
            )
        assignment.comment = comment.strip()
        assignment.scored_at = now
        assignment.save(update_fields=["comment", "scored_at", "updated_at"])
    return assignment


def set_judging_locked(part: VideoPart, locked: bool) -> None:
    """Lock or reopen judging. Reopening is refused while results are published."""
    with transaction.atomic():
        part = VideoPart.objects.select_for_update().get(pk=part.pk)
        if not locked and part.results_published:
            raise ValidationError(msg.RESULTS_ARE_PUBLISHED, code="published")
        part.judging_locked = locked
        part.save(update_fields=["judging_locked", "updated_at"])


# --- Public interaction ----------------------------------------------------------


def set_interactions(
    clip: VideoClip, *, reactions: int, shares: int, comments: int
) -> None:
    """Store the fan-page counts of a clip. Refused while results are published."""
    for value in (reactions, shares, comments):
        if not isinstance(value, int) or value < 0:
            raise ValueError("counts must be non-negative integers")
    with transaction.atomic():
        part = VideoPart.objects.select_for_update().get(pk=clip.part_id)
        if part.results_published:
            raise ValidationError(msg.RESULTS_ARE_PUBLISHED, code="published")
        VideoClip.objects.filter(pk=clip.pk).update(
            reactions=reactions,
            shares=shares,
            comments=comments,
            updated_at=timezone.now(),
        )


def apply_interactions(part: VideoPart, counts: Mapping[int, tuple[int, int, int]]):
    """Store many clips' counts at once (clip id -> reactions, shares, comments),
    all or nothing. Refused while results are published."""
    with transaction.atomic():
        part = VideoPart.objects.select_for_update().get(pk=part.pk)
        if part.results_published:
            raise ValidationError(msg.RESULTS_ARE_PUBLISHED, code="published")
        clips = list(VideoClip.objects.filter(part=part, pk__in=list(counts)))
        for clip in clips:
            clip.reactions, clip.shares, clip.comments = counts[clip.pk]
        VideoClip.objects.bulk_update(clips, ["reactions", "shares", "comments"])
    return len(clips)


# --- Finalising: videos.finalising ------------------------------------------------


def publish_results(part: VideoPart, published: bool) -> None:
    """Show (or hide) the ranking and prizes on the public gallery. Publishing needs
    a finalised part."""
    with transaction.atomic():
        part = VideoPart.objects.select_for_update().get(pk=part.pk)
        if published and part.finalised_at is None:
            raise ValidationError(msg.NOT_FINALISED, code="not_finalised")
        part.results_published = published
        part.save(update_fields=["results_published", "updated_at"])


def set_clips_published(
    part: VideoPart, *, clip_ids: Iterable[int], published: bool
) -> int:
    """Show (or hide) clips in the public gallery. Returns how many changed."""
    with transaction.atomic():
        return VideoClip.objects.filter(part=part, pk__in=list(clip_ids)).update(
            is_published=published, updated_at=timezone.now()
        )
