from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cocite.accounts.models import User


class OpinionsConfig(AppConfig):
    name = "cocite.opinions"
    label = "opinions"
    verbose_name = _("Carte des opinions")

    def ready(self) -> None:
        from cocite.core.receivers import register_scopes
        from cocite.core.taskqueue import retry_after_worker_loss

        from . import actions, moderation, tasks
        from .component import register

        register()
        moderation.register()
        # A vote (dozens per participant in a few minutes) is shown on no cached page: the
        # opinion map's pages are rendered per request, its figures come from the analysis run.
        register_scopes("opinions.Vote", lambda vote: ())
        register_scopes("opinions.ReplacedVote", lambda vote: ())
        # Idempotent: the run is put back to queued and recomputed from every vote; its result is saved at the end.
        retry_after_worker_loss(
            tasks.recompute_opinion_groups, before_retry=lambda run_id: actions.opinion_run_requeue(run_id=run_id)
        )

    def personal_data(self, user: User) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)
