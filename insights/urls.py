from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("<slug:slug>/thong-ke/", views.dashboard, name="dashboard"),
    path("<slug:slug>/thong-ke/cap-nhat/", views.refresh, name="refresh"),
    path("<slug:slug>/bao-cao-tuan/", views.weekly, name="weekly"),
    path("<slug:slug>/bao-cao-tuan/excel/", views.weekly_excel, name="weekly_excel"),
    path("<slug:slug>/tham-gia-hang-ngay/", views.daily_public, name="daily"),
]
