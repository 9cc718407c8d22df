from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "cocite.budgets"
    label = "budgets"
    verbose_name = _("Budget participatif")

    def ready(self) -> None:
        from . import component, journal, scopes, webhooks  # the app registry is not ready at import time

        component.register()
        scopes.register_cache_scopes()
        journal.register()
        webhooks.connect()

    def seed_demo(self, stdout: Any) -> None:
        # After the decisions' own demo (their path runs only while the démarche has no decision).
        from .demo import seed

        seed(stdout)
