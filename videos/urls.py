app_name = "videos"

urlpatterns: list = []
