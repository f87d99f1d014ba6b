from django.urls import path

from bench import views
from config.urls import urlpatterns as portal

urlpatterns = [path("bench/upsert/", views.upsert, name="bench_upsert"), *portal]
