from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Contest


def contest_detail(request: HttpRequest, slug: str) -> HttpResponse:
    contest = get_object_or_404(Contest, slug=slug, is_published=True)
    return render(request, "contests/detail.html", {"contest": contest})
