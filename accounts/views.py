"""The person's own profile, and the unit search behind the sign-up unit picker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services
from .forms import ProfileForm
from .models import User

PROFILE_SAVED = _("Đã lưu hồ sơ.")
PROFILE_SAVED_INCOMPLETE = _(
    "Đã lưu hồ sơ. Hồ sơ còn thiếu: %(fields)s — cần đủ trước khi dự thi."
)
UNIT_CHANGE_RECORDED = _(
    "Đã đổi đơn vị từ “%(old)s” sang “%(new)s”. Các lượt thi đã làm vẫn tính cho "
    "đơn vị lúc bắt đầu làm bài; Ban Tổ chức xem được thay đổi này."
)
PROFILE_CONFLICT = _(
    "Số điện thoại, email hoặc số CCCD vừa được một tài khoản khác đăng ký. "
    "Hãy kiểm tra lại."
)


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """The logged-in person's own profile: shown in full (it is theirs)."""
    return render(
        request,
        "accounts/profile.html",
        {
            "profile_user": request.user,
            "missing_fields": request.user.missing_profile_fields(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    # A fresh copy: an invalid form must not leave its values on request.user.
    person = User.objects.get(pk=request.user.pk)
    old_unit = person.unit
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.update_profile(request.user, form.cleaned_data)
        except IntegrityError:
            form.add_error(None, PROFILE_CONFLICT)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            if user.unit_id != (old_unit.pk if old_unit else None):
                messages.info(
                    request,
                    UNIT_CHANGE_RECORDED
                    % {"old": old_unit or "—", "new": user.unit or "—"},
                )
            missing = user.missing_profile_fields()
            if missing:
                messages.warning(
                    request, PROFILE_SAVED_INCOMPLETE % {"fields": ", ".join(missing)}
                )
            else:
                messages.success(request, PROFILE_SAVED)
            return redirect(_safe_next(request) or "accounts:profile")
    return render(
        request,
        "accounts/profile_edit.html",
        {"form": form, "next": _safe_next(request) or ""},
    )


@require_GET
def unit_search(request: HttpRequest) -> HttpResponse:
    """htmx: a short list of units matching ?q= (accents optional)."""
    query = request.GET.get("q", "")
    units = selectors.search_units(query)
    return render(
        request,
        "accounts/_unit_results.html",
        {
            "units": units,
            "query": query,
            "too_short": len(selectors.normalize_search(query))
            < selectors.SEARCH_MIN_LENGTH,
        },
    )
