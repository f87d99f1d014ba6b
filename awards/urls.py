from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("xuat/<uuid:job_id>/", views.export_job, name="export_job"),
    path("xuat/<uuid:job_id>/tai-ve/", views.export_download, name="export_download"),
    path("<slug:slug>/", views.contest_results, name="contest"),
    path("<slug:slug>/toan-cuoc-thi/", views.contest_overall, name="contest_overall"),
    path(
        "<slug:slug>/toan-cuoc-thi/tinh/", views.contest_compute, name="contest_compute"
    ),
    path(
        "<slug:slug>/toan-cuoc-thi/cong-bo/",
        views.contest_publish,
        name="contest_publish",
    ),
    path("<slug:slug>/quan-ly/", views.manage, name="manage"),
    path("<slug:slug>/xuat/", views.export_start, name="export_start"),
    path("<slug:slug>/don-vi/", views.unit_report, name="unit_report"),
    path("<slug:slug>/dot/<int:number>/", views.round_results, name="round"),
    path("<slug:slug>/dot/<int:number>/bang-xep-hang/", views.ranking, name="ranking"),
    path("<slug:slug>/dot/<int:number>/dong/", views.close_now, name="close_now"),
    path("<slug:slug>/dot/<int:number>/cong-bo/", views.publish, name="publish"),
    path("<slug:slug>/dot/<int:number>/cham-lai/", views.regrade, name="regrade"),
    path(
        "<slug:slug>/dot/<int:number>/sua-dap-an/",
        views.correct_key,
        name="correct_key",
    ),
]
