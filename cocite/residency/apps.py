from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidencyConfig(AppConfig):
    name = "cocite.residency"
    label = "residency"
    verbose_name = _("Habitant·es vérifié·es")

    def ready(self) -> None:
        from cocite.core.receivers import register_scopes

        # A verification is shown to its person only, never publicly: it drops no cached page.
        register_scopes("residency.ResidenceVerification", lambda verification: ())

    def personal_data(self, user: Any) -> dict[str, Any]:
        from .queries import personal_data  # the app registry is not ready at import time

        return personal_data(user)

    def forget_person(self, user: Any) -> None:
        from .actions import verifications_forget  # the app registry is not ready at import time

        verifications_forget(person=user)

    def seed_demo(self, stdout: Any) -> None:
        from .demo import seed  # the app registry is not ready at import time

        seed(stdout)
