from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "cocite.analysis"
    label = "analysis"
    verbose_name = _("Analyse de la participation")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed

        seed(stdout)

    def personal_data(self, user: Any) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)
