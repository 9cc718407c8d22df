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

    def seed_demo(self, stdout: Any) -> None:
        # After the decisions demo (this app comes later in INSTALLED_APPS): a decision cites a finding.
        from .demo import seed  # the app registry is not ready at import time

        seed(stdout)
