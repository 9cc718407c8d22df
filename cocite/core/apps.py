from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cocite.core"
    label = "core"
    verbose_name = _("Noyau")

    def ready(self) -> None:
        from django.apps import apps

        from . import (
            checks,  # noqa: F401 — registers the deployment checks
            receivers,
        )

        # Every Cocité app (package cocite.*) counts as platform content.
        receivers.connect({c.label for c in apps.get_app_configs() if c.name.startswith("cocite.")})
