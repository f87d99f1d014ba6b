from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/truc-tiep/<int:game_id>/thi-sinh/", consumers.PlayerConsumer.as_asgi()),
    path("ws/truc-tiep/<int:game_id>/khan-gia/", consumers.AudienceConsumer.as_asgi()),
    path("ws/truc-tiep/<int:game_id>/man-hinh/", consumers.StageConsumer.as_asgi()),
    path("ws/truc-tiep/<int:game_id>/dieu-khien/", consumers.HostConsumer.as_asgi()),
]
