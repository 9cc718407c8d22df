from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "cocite.reports"
    label = "reports"
    verbose_name = _("Signalements")

    def ready(self) -> None:
        # The app registry is ready here, not at import time.
        from cocite.decisions.commitment_sources import CommitmentSource
        from cocite.decisions.commitment_sources import register as register_commitments

        from . import moderation, queries, tasks  # noqa: F401  (tasks: registered by name)

        moderation.register()
        register_commitments(CommitmentSource(key="reports", label=_("Signalements"), rows=queries.commitment_rows))

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed  # the app registry is not ready at import time

        seed(stdout)
