from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "cocite.reports"
    label = "reports"
    verbose_name = _("Signalements")

    def counters(self) -> list[Any]:
        from .models import counters

        return counters()

    def ready(self) -> None:
        # The app registry is ready here, not at import time.
        from cocite.core.taskqueue import retry_after_worker_loss
        from cocite.decisions.commitment_sources import CommitmentSource
        from cocite.decisions.commitment_sources import register as register_commitments
        from cocite.demarches.registry import register_page_links

        from . import moderation, queries, resource, tasks, webhooks

        moderation.register()
        webhooks.connect()
        resource.register()
        # The démarche's page links to the reports carried into it.
        register_page_links(queries.demarche_page_links)
        # A forwarded report's mail sent again after a worker was lost at worst arrives twice; none is lost.
        retry_after_worker_loss(tasks.send_report_mail)
        register_commitments(
            CommitmentSource(
                key="signalements",
                title=_("Signalements"),
                intro=_(
                    "Chaque catégorie de signalement a un délai de réponse promis par le service responsable ; "
                    "ces réponses comptent aussi dans les chiffres par service ci-dessus."
                ),
                first_column=_("Service"),
                empty=_("Aucun signalement n’a encore été déposé."),
                rows=queries.commitment_rows,
                in_departments=True,
                promises=queries.category_delays,
                promise_column=_("Catégorie"),
            )
        )

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed  # the app registry is not ready at import time

        seed(stdout)
