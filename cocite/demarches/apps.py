from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemarchesConfig(AppConfig):
    name = "cocite.demarches"
    label = "demarches"
    verbose_name = _("Démarches")

    def seed_demo(self, stdout: object) -> None:
        from .demo import seed

        seed(stdout)  # type: ignore[arg-type]
