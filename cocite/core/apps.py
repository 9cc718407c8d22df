from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cocite.core"
    label = "core"
    verbose_name = _("Noyau")

    def ready(self) -> None:
        from django.apps import apps
        from django.urls import register_converter

        from . import (
            checks,  # noqa: F401 — registers the deployment checks
            receivers,
        )
        from .params import IdConverter

        # `<id:pk>` in every app's URLs: an id past the database's range is a 404, not a 500.
        register_converter(IdConverter, "id")

        # Every Cocité app (package cocite.*) counts as platform content.
        receivers.connect({c.label for c in apps.get_app_configs() if c.name.startswith("cocite.")})
        # The search index is written with the content it indexes (whose own save drops what shows it),
        # a worker's heartbeat every few seconds: neither is shown on a cached page.
        receivers.register_scopes("core.SearchDocument", lambda document: ())
        receivers.register_scopes("core.WorkerHeartbeat", lambda heartbeat: ())
