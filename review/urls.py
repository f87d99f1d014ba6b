from django.urls import path

from . import views

app_name = "review"

urlpatterns = [
    path("<slug:slug>/dot/<int:number>/", views.round_review, name="round"),
    path("<slug:slug>/dot/<int:number>/tinh/", views.recompute, name="recompute"),
    path(
        "<slug:slug>/dot/<int:number>/dau-hieu/<int:case_id>/",
        views.decide,
        name="decide",
    ),
]
