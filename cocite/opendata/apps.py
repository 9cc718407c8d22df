from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "cocite.opendata"
    label = "opendata"
    verbose_name = _("Données ouvertes")

    def ready(self) -> None:
        from django.core.checks import register

        from cocite.core.taskqueue import retry_after_worker_loss

        from . import checks, tasks

        register(checks.check_datasets)

        # Idempotent: every file is regenerated from the database, under a lock.
        retry_after_worker_loss(tasks.export_opendata)
