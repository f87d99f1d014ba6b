"""Pages of the video part. Each view: permission first, one service, render."""

from __future__ import annotations

import json
from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.formatting import local_datetime

from . import access, exports, selectors, services
from . import messages as msg
from .forms import (
    AffiliationForm,
    AssignForm,
    InteractionForm,
    InteractionImportForm,
    ScoreForm,
    SubmitForm,
)
from .imports import import_interactions
from .models import JudgeAssignment, VideoClip, VideoPart, video_storage
from .scoring import format_fraction
from .streaming import stream_stored_file
from .uploads import (
    CHUNK_BYTES,
    OffsetMismatch,
    UploadNotFound,
    append_chunk,
    get_upload_for_user,
    start_upload,
)

# The file picker's hint only; the server checks the content.
ACCEPT = {
    "mp4": "video/mp4,.mp4",
    "mov": "video/quicktime,.mov",
    "webm": "video/webm,.webm",
}


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _get_part(slug: str) -> VideoPart:
    part = selectors.get_video_part(slug)
    if part is None:
        raise Http404
    return part


def _get_part_for_manager(request: HttpRequest, slug: str) -> VideoPart:
    part = _get_part(slug)
    if not access.can_manage(request.user, part.contest):
        raise PermissionDenied
    return part


def _manage_url(part: VideoPart, anchor: str = "") -> str:
    url = reverse("videos:manage", kwargs={"slug": part.contest.slug})
    return f"{url}#{anchor}" if anchor else url


# --- Public ----------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    parts = list(selectors.published_video_parts())
    mine = selectors.video_parts_for_user(request.user)
    if mine:
        mine["submit"] = [
            p for p in parts if access.representative_unit(request.user, p) is not None
        ]
    return render(request, "videos/index.html", {"parts": parts, "mine": mine})


def gallery(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part(slug)
    manager = access.can_manage(request.user, part.contest)
    if not part.contest.is_published and not manager:
        raise Http404
    show_results = part.results_published
    return render(
        request,
        "videos/gallery.html",
        {
            "part": part,
            "contest": part.contest,
            "clips": selectors.gallery_clips(part),
            "results": _result_rows(part) if show_results else [],
            "show_results": show_results,
            "can_submit": access.representative_unit(request.user, part) is not None,
            "can_manage": manager,
            "is_judge": access.is_contest_judge(request.user, part.contest),
        },
    )


def _result_rows(part: VideoPart) -> list[dict]:
    return [
        {
            "row": row,
            "jury": format_fraction(row.jury_points, 2),
            "public": format_fraction(row.public_share * 100, 2),
            "final": format_fraction(row.final_score, 2),
        }
        for row in selectors.results(part)
    ]


CONTENT_TYPES = {"mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm"}


@require_http_methods(["GET", "HEAD"])
def clip_file(request: HttpRequest, clip_id: int, kind: str) -> HttpResponse:
    """A clip's video or poster from the local disk, seekable (Range). Published
    clips are public; others only reach the people who work on them (404 to the
    rest, so their existence is not revealed)."""
    clip = get_object_or_404(
        VideoClip.objects.select_related("part__contest", "unit"), pk=clip_id
    )
    public = clip.is_published and clip.part.contest.is_published
    if not public and not access.can_see_clip(request.user, clip):
        raise Http404
    field = clip.file if kind == "video" else clip.poster
    if not field:
        raise Http404
    content_type = (
        CONTENT_TYPES.get(clip.file_format, "application/octet-stream")
        if kind == "video"
        else "image/jpeg"
    )
    response = stream_stored_file(
        video_storage(),
        field.name,
        content_type,
        request.headers.get("Range", ""),
        private=not public,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Submission ------------------------------------------------------------------


@login_required
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part(slug)
    unit = access.representative_unit(request.user, part)
    if unit is None:
        raise PermissionDenied(msg.NOT_A_REPRESENTATIVE)
    existing = selectors.represented_clip(part, unit)
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outcome = services.submit_clip(
                request.user,
                part,
                title=data["title"],
                description=data["description"],
                upload_id=data["upload_id"],
                external_url=data["external_url"],
                replace=data["replace"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            text = msg.CLIP_REPLACED if outcome.replaced else msg.CLIP_SUBMITTED
            messages.success(
                request, text % {"title": outcome.clip.title, "unit": unit}
            )
            return redirect("videos:submit", slug=slug)
    now = timezone.now()
    deadline = part.submission_deadline
    return render(
        request,
        "videos/submit.html",
        {
            "part": part,
            "contest": part.contest,
            "unit": unit,
            "clip": existing,
            "form": form,
            "open": deadline is not None and now <= deadline,
            "deadline": local_datetime(deadline) if deadline else None,
            "accept": ",".join(ACCEPT[f] for f in part.accepted_formats),
            "chunk_bytes": CHUNK_BYTES,
        },
    )


def _json_error(error, status: int) -> JsonResponse:
    text = _error_text(error) if isinstance(error, ValidationError) else str(error)
    return JsonResponse({"error": text}, status=status)


@require_POST
def upload_start(request: HttpRequest, slug: str) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": str(msg.NOT_A_REPRESENTATIVE)}, status=403)
    part = _get_part(slug)
    try:
        payload = json.loads(request.body or b"{}")
        size = int(payload.get("size"))
        filename = str(payload.get("filename") or "")
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"error": str(msg.SOURCE_REQUIRED)}, status=400)
    try:
        upload = start_upload(request.user, part, filename, size)
    except ValidationError as exc:
        status = 403 if exc.code == "not_representative" else 400
        return _json_error(exc, status)
    return JsonResponse(
        {
            "upload_id": str(upload.pk),
            "offset": 0,
            "size": upload.size,
            "chunk_size": CHUNK_BYTES,
            "url": reverse("videos:upload_chunk", kwargs={"upload_id": upload.pk}),
        },
        status=201,
    )


@require_http_methods(["GET", "POST"])
def upload_chunk(request: HttpRequest, upload_id) -> JsonResponse:
    """GET: how much the server holds (to resume). POST: one chunk at
    `Upload-Offset`. Only the upload's owner gets an answer other than 404."""
    if not request.user.is_authenticated:
        return JsonResponse({"error": str(msg.UPLOAD_NOT_FOUND)}, status=404)
    try:
        upload = get_upload_for_user(request.user, upload_id)
    except UploadNotFound:
        return JsonResponse({"error": str(msg.UPLOAD_NOT_FOUND)}, status=404)
    if request.method == "GET":
        return JsonResponse(
            {
                "upload_id": str(upload.pk),
                "offset": upload.received,
                "size": upload.size,
                "complete": upload.status != upload.Status.RECEIVING,
            }
        )
    try:
        length = int(request.headers.get("Content-Length") or 0)
        offset = int(request.headers.get("Upload-Offset", ""))
    except ValueError:
        return JsonResponse(
            {"error": str(msg.UPLOAD_OFFSET_MISMATCH % {"offset": upload.received})},
            status=400,
        )
    if length > CHUNK_BYTES:
        # Refused before reading the body: a client cannot push more than a chunk.
        return JsonResponse(
            {"error": str(msg.CHUNK_TOO_LARGE % {"max_mb": CHUNK_BYTES // 2**20})},
            status=413,
        )
    data = request.read(CHUNK_BYTES + 1)
    try:
        result = append_chunk(request.user, upload.pk, offset, data)
    except UploadNotFound:
        return JsonResponse({"error": str(msg.UPLOAD_NOT_FOUND)}, status=404)
    except OffsetMismatch as exc:
        return JsonResponse(
            {
                "error": str(msg.UPLOAD_OFFSET_MISMATCH % {"offset": exc.offset}),
                "offset": exc.offset,
            },
            status=409,
        )
    except ValidationError as exc:
        return _json_error(exc, 413 if exc.code == "chunk_too_large" else 400)
    return JsonResponse({"offset": result.offset, "complete": result.complete})


# --- Judging ---------------------------------------------------------------------


def _get_judge_part(request: HttpRequest, slug: str) -> VideoPart:
    part = _get_part(slug)
    if not access.is_contest_judge(request.user, part.contest):
        raise PermissionDenied(msg.NOT_ASSIGNED)
    return part


@login_required
def judge_list(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_judge_part(request, slug)
    n_criteria = part.criteria.count()
    assignments = selectors.clips_for_judge(request.user, part)
    return render(
        request,
        "videos/judge_list.html",
        {
            "part": part,
            "contest": part.contest,
            "assignments": assignments,
            "n_criteria": n_criteria,
            "judging_open": part.submission_deadline is not None
            and timezone.now() > part.submission_deadline
            and not part.judging_locked,
        },
    )


def _get_assignment_for_judge(
    request: HttpRequest, part: VideoPart, clip_id: int
) -> JudgeAssignment:
    """Only the judge's own assignment; any other clip is a 404 (not even its
    existence is shown)."""
    assignment = (
        JudgeAssignment.objects.filter(
            judge=request.user, clip_id=clip_id, clip__part=part
        )
        .select_related("clip__unit", "clip__part__contest")
        .first()
    )
    if assignment is None or access.judge_conflicts_with(request.user, assignment.clip):
        raise Http404
    return assignment


@login_required
def judge_score(request: HttpRequest, slug: str, clip_id: int) -> HttpResponse:
    part = _get_judge_part(request, slug)
    assignment = _get_assignment_for_judge(request, part, clip_id)
    clip = assignment.clip
    crits = selectors.criteria(part)
    own = {s.criterion_id: s.points_tenths for s in assignment.scores.all()}
    form = ScoreForm(
        request.POST or None,
        criteria=crits,
        initial_points=own,
        initial={"comment": assignment.comment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_scores(
                request.user,
                clip,
                form.cleaned_data["points"],
                form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, msg.SCORES_SAVED % {"title": clip.title})
            return redirect("videos:judge_list", slug=slug)
    try:
        services.check_can_score(request.user, clip)
        blocked = ""
    except ValidationError as exc:
        blocked = _error_text(exc)
    total = sum(own.values()) if own and len(own) == len(crits) else None
    return render(
        request,
        "videos/judge_score.html",
        {
            "part": part,
            "contest": part.contest,
            "clip": clip,
            "form": form,
            "blocked": blocked,
            "total": format_fraction(Fraction(total, 10), 1)
            if total is not None
            else None,
            "max_total": sum(c.max_points for c in crits),
        },
    )


# --- Organizers ------------------------------------------------------------------


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_manager(request, slug)
    clips = selectors.clip_overview(part)
    judges = selectors.contest_judges(part.contest)
    return render(
        request,
        "videos/manage.html",
        {
            "part": part,
            "contest": part.contest,
            "clips": clips,
            "criteria": selectors.criteria(part),
            "tiers": list(part.tiers.all()),
            "assign_form": AssignForm(part=part, judges=judges),
            "affiliation_form": AffiliationForm(judges=judges),
            "affiliations": selectors.judge_affiliations(part.contest),
            "import_form": InteractionImportForm(),
            "results": _result_rows(part) if part.finalised_at else [],
            "deadline": local_datetime(part.submission_deadline)
            if part.submission_deadline
            else None,
        },
    )


@login_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_manager(request, slug)
    form = AssignForm(
        request.POST, part=part, judges=selectors.contest_judges(part.contest)
    )
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_manage_url(part, "phan-cong"))
    judge = form.cleaned_data["judge"]
    chosen = form.cleaned_data["clips"] or None
    try:
        outcome = services.assign_judge(part, judge, chosen)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(_manage_url(part, "phan-cong"))
    messages.success(
        request, msg.JUDGES_ASSIGNED % {"judge": judge, "count": outcome.created}
    )
    if outcome.conflicts:
        messages.warning(
            request,
            msg.JUDGE_CONFLICTS_SKIPPED
            % {
                "judge": judge,
                "units": ", ".join(str(c.unit) for c in outcome.conflicts),
            },
        )
    return redirect(_manage_url(part, "phan-cong"))


@login_required
@require_POST
def affiliation(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_manager(request, slug)
    form = AffiliationForm(request.POST, judges=selectors.contest_judges(part.contest))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(_manage_url(part, "don-vi-giam-khao"))
    judge, unit = form.cleaned_data["judge"], form.cleaned_data["unit"]
    try:
        withdrawn = services.set_judge_affiliation(part, judge, unit)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect(_manage_url(part, "don-vi-giam-khao"))
    if unit is None:
        messages.success(request, msg.AFFILIATION_CLEARED % {"judge": judge})
    else:
        messages.success(
            request, msg.AFFILIATION_SAVED % {"judge": judge, "unit": unit}
        )
    if withdrawn:
        messages.warning(
            request,
            msg.AFFILIATION_REMOVED_ASSIGNMENTS
            % {"judge": judge, "titles": ", ".join(f"«{c.title}»" for c in withdrawn)},
        )
    return redirect(_manage_url(part, "don-vi-giam-khao"))


@login_required
@require_POST
def unassign(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    part = _get_part_for_manager(request, slug)
    assignment = get_object_or_404(
        JudgeAssignment.objects.select_related("judge", "clip"), pk=pk, clip__part=part
    )
    try:
        services.remove_assignment(assignment)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            msg.ASSIGNMENT_REMOVED
            % {"judge": assignment.judge, "title": assignment.clip.title},
        )
    return redirect(_manage_url(part, "phan-cong"))


def _get_part_for_interactions(request: HttpRequest, slug: str) -> VideoPart:
    part = _get_part(slug)
    if not access.can_enter_interactions(request.user, part.contest):
        raise PermissionDenied
    return part


@login_required
@require_POST
def interactions(request: HttpRequest, slug: str, clip_id: int) -> HttpResponse:
    part = _get_part_for_interactions(request, slug)
    clip = get_object_or_404(VideoClip, pk=clip_id, part=part)
    form = InteractionForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{clip.unit} — {label}: {error}")
        return _refused(request, part)
    try:
        services.set_interactions(clip, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return _refused(request, part)
    messages.success(request, msg.INTERACTIONS_SAVED % {"title": clip.title})
    return redirect(_back(request, part))


@login_required
@require_POST
def interactions_import(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_interactions(request, slug)
    form = InteractionImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return _refused(request, part)
    upload = form.cleaned_data["file"]
    try:
        outcome = import_interactions(part, upload, upload.name)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return _refused(request, part)
    messages.success(request, msg.INTERACTIONS_IMPORTED % {"count": outcome.updated})
    return redirect(_back(request, part))


def _back(request: HttpRequest, part: VideoPart) -> str:
    if access.can_manage(request.user, part.contest):
        return _manage_url(part, "tuong-tac")
    return reverse("videos:interactions_page", kwargs={"slug": part.contest.slug})


def _refused(request: HttpRequest, part: VideoPart) -> HttpResponse:
    """Refused counts: the page the form was on, with the errors as messages, and
    400 (nothing was saved)."""
    manager = access.can_manage(request.user, part.contest)
    response = (manage if manager else interactions_page)(request, part.contest.slug)
    response.status_code = 400
    return response


@login_required
def interactions_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The helpers' page: counts per clip and the Excel import, nothing else."""
    part = _get_part_for_interactions(request, slug)
    return render(
        request,
        "videos/interactions.html",
        {
            "part": part,
            "contest": part.contest,
            "clips": list(part.clips.select_related("unit").order_by("unit__code")),
            "import_form": InteractionImportForm(),
        },
    )


@login_required
@require_POST
def toggle_clip(request: HttpRequest, slug: str, clip_id: int) -> HttpResponse:
    part = _get_part_for_manager(request, slug)
    clip = get_object_or_404(VideoClip, pk=clip_id, part=part)
    published = request.POST.get("published") == "1"
    count = services.set_clips_published(part, [clip.pk], published)
    messages.success(request, msg.CLIPS_PUBLISHED % {"count": count})
    return redirect(_manage_url(part, "video"))


@login_required
@require_POST
def lock(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_manager(request, slug)
    locked = request.POST.get("locked") == "1"
    try:
        services.set_judging_locked(part, locked)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, msg.JUDGING_LOCKED_NOW if locked else msg.JUDGING_UNLOCKED_NOW
        )
    return redirect(_manage_url(part))


@login_required
@require_POST
def finalise(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_manager(request, slug)
    try:
        outcome = services.finalise_part(part)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            msg.FINALISED
            % {"count": len(outcome.results), "prizes": len(outcome.awards)},
        )
    return redirect(_manage_url(part, "ket-qua"))


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_manager(request, slug)
    published = request.POST.get("published") == "1"
    try:
        services.publish_results(part, published)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request, msg.RESULTS_PUBLISHED if published else msg.RESULTS_UNPUBLISHED
        )
    return redirect(_manage_url(part, "ket-qua"))


def _get_part_for_export(request: HttpRequest, slug: str) -> VideoPart:
    part = _get_part(slug)
    if not access.can_export(request.user, part.contest):
        raise PermissionDenied
    return part


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_results(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_export(request, slug)
    return _xlsx(exports.results_workbook(part), f"ket-qua-video-{slug}.xlsx")


@login_required
def export_scores(request: HttpRequest, slug: str) -> HttpResponse:
    part = _get_part_for_export(request, slug)
    return _xlsx(exports.score_sheet_workbook(part), f"bang-diem-video-{slug}.xlsx")
