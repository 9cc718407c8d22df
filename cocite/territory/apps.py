from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "cocite.territory"
    label = "territory"
    verbose_name = _("Territoire")

    def seed_demo(self, stdout: object) -> None:
        from .demo import seed

        seed(stdout)  # type: ignore[arg-type]

    def personal_data(self, user: Any) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)

    def forget_person(self, user: Any) -> None:
        from .actions import forget_person

        forget_person(user)
