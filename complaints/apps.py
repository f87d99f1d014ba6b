from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "complaints"
    verbose_name = _("Khiếu nại")

    def ready(self) -> None:
        from contests.panels import register_panel

        from . import panels, receivers

        receivers.connect()
        register_panel("result", panels.result_panel)
        register_panel("my_attempts", panels.my_attempts_panel)
