from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "cocite.network"
    label = "network"
    verbose_name = _("Réseau des acteurs")

    def ready(self) -> None:
        from cocite.core.receivers import register_scopes
        from cocite.core.taskqueue import retry_after_worker_loss

        from . import contributions, moderation, resource, tasks, webhooks  # filled once the apps are loaded

        # Safe to run again: one notification per person per call (its event key).
        retry_after_worker_loss(tasks.notify_matches)
        resource.register()
        moderation.register()
        contributions.register()
        webhooks.connect()
        # Seen by their sender and recipients only (a message to an actor, an invitation, one's
        # skills): they drop no cached page.
        for private in ("network.ActorMessage", "network.ActorInvitation", "network.PersonSkills"):
            register_scopes(private, lambda instance: ())

    def personal_data(self, user: Any) -> dict[str, Any]:
        from .queries import personal_data  # the app registry is not ready at import time

        return personal_data(user)

    def forget_person(self, user: Any) -> None:
        from .actions import forget_person  # the app registry is not ready at import time

        forget_person(user)

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed  # the app registry is not ready at import time

        seed(stdout)
