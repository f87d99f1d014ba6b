from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/sua/", views.profile_edit, name="profile_edit"),
    path("don-vi/tim/", views.unit_search, name="unit_search"),
]
