"""Video clips, judging and the public gallery (issue 6). Mounted at /video/."""

from django.urls import path

from . import views

app_name = "videos"

urlpatterns = [
    path("", views.index, name="index"),
    path("tai-len/<uuid:upload_id>/", views.upload_chunk, name="upload_chunk"),
    path(
        "tep/<int:clip_id>/<str:kind>/",
        views.clip_file,
        name="clip_file",
    ),
    path("<slug:slug>/", views.gallery, name="gallery"),
    path("<slug:slug>/gui-bai/", views.submit, name="submit"),
    path("<slug:slug>/tai-len/", views.upload_start, name="upload_start"),
    path("<slug:slug>/cham-diem/", views.judge_list, name="judge_list"),
    path("<slug:slug>/cham-diem/<int:clip_id>/", views.judge_score, name="judge_score"),
    path("<slug:slug>/quan-ly/", views.manage, name="manage"),
    path("<slug:slug>/quan-ly/phan-cong/", views.assign, name="assign"),
    path(
        "<slug:slug>/quan-ly/don-vi-giam-khao/",
        views.affiliation,
        name="affiliation",
    ),
    path(
        "<slug:slug>/quan-ly/phan-cong/<int:pk>/xoa/",
        views.unassign,
        name="unassign",
    ),
    path("<slug:slug>/tuong-tac/", views.interactions_page, name="interactions_page"),
    path(
        "<slug:slug>/tuong-tac/<int:clip_id>/",
        views.interactions,
        name="interactions",
    ),
    path(
        "<slug:slug>/tuong-tac/nhap-excel/",
        views.interactions_import,
        name="interactions_import",
    ),
    path(
        "<slug:slug>/quan-ly/cong-khai/<int:clip_id>/",
        views.toggle_clip,
        name="toggle_clip",
    ),
    path("<slug:slug>/quan-ly/khoa-cham/", views.lock, name="lock"),
    path("<slug:slug>/quan-ly/tong-ket/", views.finalise, name="finalise"),
    path("<slug:slug>/quan-ly/cong-bo/", views.publish, name="publish"),
    path("<slug:slug>/xuat/ket-qua.xlsx", views.export_results, name="export_results"),
    path("<slug:slug>/xuat/bang-diem.xlsx", views.export_scores, name="export_scores"),
]
