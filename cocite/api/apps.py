from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cocite.api"
    label = "api"
    verbose_name = _("API et webhooks")

    def ready(self) -> None:
        from . import receivers, tasks  # noqa: F401 — the app registry is not ready at import time

        receivers.connect()
