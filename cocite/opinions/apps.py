from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "cocite.opinions"
    label = "opinions"
    verbose_name = _("Carte des opinions")

    def ready(self) -> None:
        from .component import register

        register()

    def personal_data(self, user: Any) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)
