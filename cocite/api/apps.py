from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "cocite.api"
    label = "api"
    verbose_name = _("API et webhooks")

    def ready(self) -> None:
        from cocite.core.receivers import register_scopes
        from cocite.core.taskqueue import retry_after_worker_loss

        from . import receivers, tasks  # the app registry is not ready at import time

        receivers.connect()
        # A delivery attempt is seen by the subscription's owner only: it drops no cached page.
        register_scopes("api.WebhookDelivery", lambda delivery: ())
        # A delivery run again is one more recorded attempt; a delivered or abandoned one is left alone.
        retry_after_worker_loss(tasks.deliver_webhook)
