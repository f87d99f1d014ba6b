from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("xac-minh/<str:code>/", views.verify, name="verify"),
    path("tai-ve/<str:code>/", views.download, name="download"),
    path("cuoc-thi/<slug:slug>/", views.desk, name="desk"),
    path("cuoc-thi/<slug:slug>/tep-nen/", views.batch_start, name="batch_start"),
    path("tep-nen/<uuid:batch_id>/", views.batch, name="batch"),
    path(
        "tep-nen/<uuid:batch_id>/tai-ve/", views.batch_download, name="batch_download"
    ),
]
