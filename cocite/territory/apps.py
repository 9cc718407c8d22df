from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "cocite.territory"
    label = "territory"
    verbose_name = _("Territoire")

    def seed_demo(self, stdout: object) -> None:
        from .demo import seed

        seed(stdout)  # type: ignore[arg-type]
