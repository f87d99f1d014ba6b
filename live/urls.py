from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("<int:game_id>/", views.join, name="join"),
    path("<int:game_id>/thi/", views.play, name="play"),
    path("<int:game_id>/khan-gia/", views.audience, name="audience"),
    path("<int:game_id>/man-hinh/", views.stage, name="stage"),
    path("<int:game_id>/dieu-khien/", views.host, name="host"),
    path(
        "<int:game_id>/dieu-khien/<slug:action>/", views.host_action, name="host_action"
    ),
    path("<int:game_id>/trang-thai/<slug:role>.json", views.state, name="state"),
    path("<int:game_id>/tra-loi/", views.answer, name="answer"),
    path("<int:game_id>/ket-qua/", views.results, name="results"),
    path("<int:game_id>/in-ma-pin/", views.print_pins, name="print_pins"),
    path("<int:game_id>/thi-sinh/", views.roster, name="roster"),
]
