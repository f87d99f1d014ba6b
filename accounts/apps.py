from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, using="default", **kwargs) -> None:
    # post_migrate is sent once per app, after that app's permissions exist. Sync
    # after the last app only, when every model's permissions are in place.
    last = [c for c in apps.get_app_configs() if c.models_module is not None][-1]
    if sender.label != last.label:
        return
    from .services import sync_roles

    sync_roles()


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Người dùng và đơn vị")

    def ready(self) -> None:
        post_migrate.connect(
            _sync_roles_after_migrate, dispatch_uid="accounts.sync_roles"
        )
