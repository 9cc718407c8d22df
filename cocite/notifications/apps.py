from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cocite.accounts.models import User


class NotificationsConfig(AppConfig):
    name = "cocite.notifications"
    label = "notifications"
    verbose_name = _("Abonnements et notifications")

    def ready(self) -> None:
        from cocite.core.taskqueue import retry_after_worker_loss

        from . import tasks
        from .receivers import connect

        connect()
        # Idempotent: notifications are inserted ON CONFLICT DO NOTHING (one per event and person),
        # and immediate mails are claimed before they are sent, so a second run sends nothing twice
        # (email_event: the same claim).
        retry_after_worker_loss(tasks.fan_out)
        retry_after_worker_loss(tasks.email_event)

        from cocite.accounts.backends import register_user_annotation

        from .queries import unread_count_expression, unread_restricted_expression

        # Read by the bell (context_processors.notifications, queries.unread_count).
        register_user_annotation("_cocite_unread", unread_count_expression)
        register_user_annotation("_cocite_unread_restricted", unread_restricted_expression)

    def seed_demo(self, stdout: object) -> None:
        from .demo import seed

        seed(stdout)  # type: ignore[arg-type]

    def personal_data(self, user: User) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)

    def forget_person(self, user: User) -> None:
        from .actions import forget_person

        forget_person(user)
