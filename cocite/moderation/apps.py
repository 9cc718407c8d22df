from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cocite.accounts.models import User


class ModerationConfig(AppConfig):
    name = "cocite.moderation"
    label = "moderation"
    verbose_name = _("Modération")

    def ready(self) -> None:
        from cocite.accounts.backends import register_user_annotation
        from cocite.core.receivers import register_scopes

        from .sanctions import BANNED, SUSPENDED_UNTIL, banned_column, suspended_until_column

        # Read by every write permission (demarches.permissions.can): no query on a page.
        register_user_annotation(SUSPENDED_UNTIL, suspended_until_column)
        register_user_annotation(BANNED, banned_column)
        # A report (« Signaler ») is seen by moderators only (the public report counts them per
        # month, cached for seconds): it drops no cached page. Hiding the item saves the item.
        register_scopes("moderation.Flag", lambda flag: ())

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed

        seed(stdout)

    def personal_data(self, user: User) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)
