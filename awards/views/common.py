"""What every results page checks first: who may see or act on this contest
(contests.permissions), and the contest or round it names."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from contests.models import Contest, Round
from contests.permissions import Action, may

# Public lists and the unit table are computed at most once a minute.
PUBLIC_CACHE_SECONDS = 60


def is_results_staff(user, contest: Contest) -> bool:
    """Results staff of this contest (contests.permissions: organizers and the
    secretariat on its ContestStaff, superusers)."""
    return may(user, Action.VIEW_RESULTS_STAFF, contest)


def require(request: HttpRequest, action: Action, contest: Contest) -> None:
    if not may(request.user, action, contest):
        raise PermissionDenied


def get_contest_for_user(request: HttpRequest, slug: str) -> Contest:
    """A published contest, or one this person is results staff of; 404 otherwise."""
    contest = get_object_or_404(Contest, slug=slug)
    if not contest.is_published and not is_results_staff(request.user, contest):
        raise Http404
    return contest


def get_round(contest: Contest, number: int) -> Round:
    return get_object_or_404(Round, contest=contest, number=number)


def get_contest_for_staff(request: HttpRequest, slug: str) -> Contest:
    """The contest, if this person is its results staff; 403 otherwise (another
    organizer's contest included)."""
    contest = get_object_or_404(Contest, slug=slug)
    require(request, Action.VIEW_RESULTS_STAFF, contest)
    return contest


def back_to_desk(contest: Contest) -> HttpResponse:
    return redirect("awards:manage", slug=contest.slug)
