from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "cocite.opendata"
    label = "opendata"
    verbose_name = _("Données ouvertes")

    def ready(self) -> None:
        from django.conf import settings
        from django.core.checks import register

        from cocite.core.taskqueue import retry_after_worker_loss, run_daily

        from . import checks, export, tasks

        register(checks.check_datasets)

        # Idempotent: every file is regenerated from the database, under a lock.
        retry_after_worker_loss(tasks.export_opendata)
        # Nightly, queued by the task workers themselves (skipped when the files are fresher).
        run_daily(tasks.export_opendata, hour=settings.OPENDATA_EXPORT_HOUR, fresh_since=export.generated_since)

    def seed_demo(self, stdout: Any) -> None:
        """The demo's files are there from the start (opendata comes after every app that seeds)."""
        from django.db import transaction

        from . import export

        def write() -> None:
            manifest = export.generate()
            stdout.write(f"Données ouvertes : {len(manifest['datasets'])} jeux de données générés.")

        transaction.on_commit(write)
