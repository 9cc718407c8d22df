from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MissionsConfig(AppConfig):
    name = "cocite.missions"
    label = "missions"
    verbose_name = _("Missions bénévoles et rencontres")

    def counters(self) -> list[Any]:
        from .models import counters

        return counters()

    def ready(self) -> None:
        from cocite.contributions.extensions import PagePresence, register_presence
        from cocite.core.receivers import register_scopes
        from cocite.core.taskqueue import retry_after_worker_loss

        from . import moderation, queries, tasks, webhooks

        moderation.register()
        webhooks.connect()
        # A contribution's page asks for the missions it led to only when there are some.
        register_presence(PagePresence(name="missions", exists=queries.missions_presence))
        # An organiser's message is read by its recipients only: it drops no cached page.
        register_scopes("missions.Message", lambda message: ())
        # Safe to run again: a reminder and an organiser's message are claimed (reminded_at, sent_at)
        # before their mails go; the other mails inform once more at worst.
        retry_after_worker_loss(tasks.registration_mail)
        retry_after_worker_loss(tasks.message_deliver)
        retry_after_worker_loss(tasks.contact_deliver)

    def personal_data(self, user: Any) -> dict[str, Any]:
        from .queries import personal_data  # the app registry is not ready at import time

        return personal_data(user)

    def forget_person(self, user: Any) -> None:
        from .actions import registrations_forget  # the app registry is not ready at import time

        registrations_forget(person=user)

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed  # the app registry is not ready at import time

        seed(stdout)
