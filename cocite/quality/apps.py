from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "cocite.quality"
    label = "quality"
    verbose_name = _("Qualité des services et information")

    def ready(self) -> None:
        from . import hooks, webhooks  # the app registry is ready now

        hooks.register()
        webhooks.connect()

    def personal_data(self, user: Any) -> dict[str, Any]:
        from .queries import personal_data  # the app registry is not ready at import time

        return personal_data(user)

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed  # the app registry is not ready at import time

        seed(stdout)
