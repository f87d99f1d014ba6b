from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "videos"
    verbose_name = _("Video clip")

    def ready(self) -> None:
        from accounts.services import register_unit_change_check

        from .access import unit_change_review

        register_unit_change_check(unit_change_review)
