from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExplorationConfig(AppConfig):
    name = "cocite.exploration"
    label = "exploration"
    verbose_name = _("Exploration dans les pas des usagers")

    def ready(self) -> None:
        from . import component  # the app registry is not ready at import time

        component.register()

    def personal_data(self, user: Any) -> dict[str, Any]:
        from .queries import personal_data  # the app registry is not ready at import time

        return personal_data(user)

    def forget_person(self, user: Any) -> None:
        from .actions import forget_person  # the app registry is not ready at import time

        forget_person(user)
