from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contests"
    verbose_name = _("Cuộc thi")

    def ready(self) -> None:
        from accounts.services import register_unit_change_check

        from .selectors import unit_change_review

        register_unit_change_check(unit_change_review)

        from . import receivers

        receivers.connect()
