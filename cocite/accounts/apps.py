from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cocite.accounts"
    label = "accounts"
    verbose_name = _("Comptes et profils")

    def ready(self) -> None:
        from cocite.core.taskqueue import retry_after_worker_loss

        from . import receivers  # noqa: F401  (connects the allauth signal receivers)
        from .tasks import send_account_mail

        # Run again after a lost worker: a second copy of a confirmation or reset mail (the same link)
        # does less harm than none, which leaves the person unable to finish signing up or in.
        retry_after_worker_loss(send_account_mail)
        from .backends import register_user_annotation
        from .queries import has_totp_column, is_agent_column

        # Read by accounts.permissions.is_agent.
        register_user_annotation("_cocite_is_agent", is_agent_column)
        # Read by accounts.second_factor.has_second_factor (administrators and moderators).
        register_user_annotation("_cocite_has_totp", has_totp_column)

    def seed_demo(self, stdout: object) -> None:
        from .demo import seed

        seed(stdout)  # type: ignore[arg-type]
