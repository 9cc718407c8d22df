from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cocite.accounts.models import User


class DebateConfig(AppConfig):
    name = "cocite.debate"
    label = "debate"
    verbose_name = _("Débat")

    def ready(self) -> None:
        from . import datasets, moderation, scopes

        datasets.register()
        moderation.register()
        scopes.register_cache_scopes()

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed

        seed(stdout)

    def counters(self) -> list[Any]:
        from .models import counters

        return counters()

    def personal_data(self, user: User) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)
