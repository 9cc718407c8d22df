from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cocite.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def seed_demo(self, stdout: object) -> None:
        from .demo import seed

        seed(stdout)  # type: ignore[arg-type]
