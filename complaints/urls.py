from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.index, name="index"),
    path("bai-thi/<int:attempt_id>/", views.file_complaint, name="file"),
    path("<slug:slug>/", views.manage, name="manage"),
    path("<slug:slug>/tra-loi/", views.answer, name="answer"),
]
