from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "certificates"
    verbose_name = "Giấy chứng nhận"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
