"""Video clips, judging and the public gallery (issue 6). Mounted at /video/."""

from django.urls import path

from .views import downloads, interactions, judges, public, representatives, staff

app_name = "videos"

urlpatterns = [
    path("", public.index, name="index"),
    path(
        "tai-len/<uuid:upload_id>/", representatives.upload_chunk, name="upload_chunk"
    ),
    path(
        "tep/<int:clip_id>/<str:kind>/",
        public.clip_file,
        name="clip_file",
    ),
    path("<slug:slug>/", public.gallery, name="gallery"),
    path("<slug:slug>/gui-bai/", representatives.submit, name="submit"),
    path("<slug:slug>/tai-len/", representatives.upload_start, name="upload_start"),
    path("<slug:slug>/cham-diem/", judges.judge_list, name="judge_list"),
    path(
        "<slug:slug>/cham-diem/<int:clip_id>/", judges.judge_score, name="judge_score"
    ),
    path("<slug:slug>/quan-ly/", staff.manage, name="manage"),
    path("<slug:slug>/quan-ly/phan-cong/", staff.assign, name="assign"),
    path(
        "<slug:slug>/quan-ly/don-vi-giam-khao/",
        staff.affiliation,
        name="affiliation",
    ),
    path(
        "<slug:slug>/quan-ly/phan-cong/<int:pk>/xoa/",
        staff.unassign,
        name="unassign",
    ),
    path(
        "<slug:slug>/tuong-tac/",
        interactions.interactions_page,
        name="interactions_page",
    ),
    path(
        "<slug:slug>/tuong-tac/<int:clip_id>/",
        interactions.interactions,
        name="interactions",
    ),
    path(
        "<slug:slug>/tuong-tac/nhap-excel/",
        interactions.interactions_import,
        name="interactions_import",
    ),
    path(
        "<slug:slug>/quan-ly/cong-khai/<int:clip_id>/",
        staff.toggle_clip,
        name="toggle_clip",
    ),
    path("<slug:slug>/quan-ly/khoa-cham/", staff.lock, name="lock"),
    path("<slug:slug>/quan-ly/tong-ket/", staff.finalise, name="finalise"),
    path("<slug:slug>/quan-ly/cong-bo/", staff.publish, name="publish"),
    path(
        "<slug:slug>/xuat/ket-qua.xlsx", downloads.export_results, name="export_results"
    ),
    path(
        "<slug:slug>/xuat/bang-diem.xlsx", downloads.export_scores, name="export_scores"
    ),
]
