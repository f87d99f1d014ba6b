from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from contests import share_views

from . import views

admin.site.site_header = "Cổng thi trực tuyến — Quản trị"
admin.site.site_title = "Quản trị cuộc thi"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("ngan-hang/", include("quizzes.urls")),
    path("cuoc-thi/", include("contests.urls")),
    # A contest's short link, printed as a QR code (contests.sharing).
    path("c/<str:code>/", share_views.short_link, name="short_link"),
    path("ket-qua/", include("awards.urls")),
    # The organizers' dashboard, the Monday report, the daily public table.
    path("ket-qua/", include("insights.urls")),
    path("ra-soat/", include("review.urls")),
    path("video/", include("videos.urls")),
    path("truc-tiep/", include("live.urls")),
    path("giay-chung-nhan/", include("certificates.urls")),
    path("khieu-nai/", include("complaints.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
