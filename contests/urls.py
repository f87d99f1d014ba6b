from django.urls import path

from . import document_views, share_views, views

app_name = "contests"

urlpatterns = [
    path("bai-thi/", views.my_attempts, name="my_attempts"),
    path("bai-thi/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("bai-thi/<int:attempt_id>/tra-loi/", views.answer, name="answer"),
    path("bai-thi/<int:attempt_id>/nop-bai/", views.submit, name="submit"),
    path("bai-thi/<int:attempt_id>/ket-qua/", views.result, name="result"),
    path("tai-lieu/<int:document_id>/", document_views.document, name="document"),
    path("<slug:slug>/", views.contest_detail, name="detail"),
    path("<slug:slug>/chia-se/", share_views.share_page, name="share"),
    path("<slug:slug>/dot/<int:number>/bat-dau/", views.start, name="start"),
]
