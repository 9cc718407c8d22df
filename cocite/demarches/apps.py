from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cocite.accounts.models import User


class DemarchesConfig(AppConfig):
    name = "cocite.demarches"
    label = "demarches"
    verbose_name = _("Démarches")

    def ready(self) -> None:
        from .receivers import connect

        connect()

    def seed_demo(self, stdout: object) -> None:
        from .demo import seed

        seed(stdout)  # type: ignore[arg-type]

    def personal_data(self, user: User) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)

    def forget_person(self, user: User) -> None:
        from .actions import forget_person

        forget_person(user)
