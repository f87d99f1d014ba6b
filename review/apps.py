from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "review"
    verbose_name = _("Rà soát câu hỏi và thi trung thực")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (records addresses at login/sign-up)
