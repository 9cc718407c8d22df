from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cocite.accounts.models import User


class AnalysisConfig(AppConfig):
    name = "cocite.analysis"
    label = "analysis"
    verbose_name = _("Analyse de la participation")

    def ready(self) -> None:
        from cocite.contributions.extensions import PagePresence, register_presence, rows_pointing_here
        from cocite.core.taskqueue import retry_after_worker_loss
        from cocite.demarches.registry import register_page_links

        from . import actions, queries, receivers, tasks
        from .models import MergeCredit

        receivers.connect()
        # The démarche page links to the published synthesis (it was reachable only from the dashboard).
        register_page_links(queries.demarche_page_links)
        # A contribution's page asks for its merge credits only when there are some.
        register_presence(PagePresence(name="merge_credits", exists=rows_pointing_here(MergeCredit, "target")))
        # Idempotent: the run is put back to pending, then recomputed and its proposed themes replaced.
        retry_after_worker_loss(tasks.group_themes, before_retry=lambda run_id: actions.run_requeue(run_id=run_id))

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed

        seed(stdout)

    def personal_data(self, user: User) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)
