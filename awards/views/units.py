"""A unit's participation report: the representative's own subtree, or any
unit for the contest's results staff."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Unit
from contests.models import Contest
from contests.permissions import Action, may
from core.cache import computed_at_most_every

from .. import selectors, services
from .common import PUBLIC_CACHE_SECONDS, get_contest_for_user, is_results_staff


@login_required
def unit_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Participation of a unit's subtree: the representative's own unit, or any
    unit (?don_vi=CODE) for results staff."""
    contest = get_contest_for_user(request, slug)
    user = request.user
    staff = is_results_staff(user, contest)
    code = request.GET.get("don_vi", "").strip()
    if code and staff:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            messages.error(
                request, _("Không có đơn vị mã «%(code)s».") % {"code": code}
            )
            unit = contest.unit_root
    elif user.represented_unit_id and may(
        user, Action.VIEW_PARTICIPATION, contest, unit=user.represented_unit_id
    ):
        unit = user.represented_unit
    elif staff:
        unit = contest.unit_root
    else:
        raise PermissionDenied
    table = _participation_table(contest, unit) if unit else None
    return render(
        request,
        "awards/unit_report.html",
        {
            "contest": contest,
            "unit": unit,
            "table": table,
            # Only results staff choose another unit (?don_vi=): the form with it.
            "staff": staff,
            "export_url": reverse("awards:export_start", args=[contest.slug]),
        },
    )


def _participation_table(contest: Contest, unit: Unit) -> dict:
    """The participation table of a unit's subtree as rendered HTML, computed at
    most once a minute by one process (a province's table is 2,000 lines). It
    holds counts only, no personal data, so every reader of the unit shares it."""

    def compute() -> dict:
        report = selectors.participation_report(contest, unit)
        return {
            "html": render_to_string(
                "awards/_participation_table.html", {"report": report}
            ),
            "computed_at": timezone.now(),
        }

    return computed_at_most_every(
        services.cache_key("units", f"{contest.id}:{unit.id}:{get_language()}"),
        compute,
        PUBLIC_CACHE_SECONDS,
    )
