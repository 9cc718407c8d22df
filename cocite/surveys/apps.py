from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cocite.accounts.models import User


class SurveysConfig(AppConfig):
    name = "cocite.surveys"
    label = "surveys"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from cocite.core.cache import SITE
        from cocite.core.receivers import register_scopes

        from .component import register

        register()
        # A draft, its answers and an anonymous participation are seen by their person only; a
        # submitted response is counted on the démarche's pages (as before, every cached page).
        register_scopes("surveys.Response", lambda response: (SITE,) if response.submitted_at else ())
        register_scopes("surveys.Answer", lambda answer: ())
        register_scopes("surveys.Participation", lambda participation: ())

    def personal_data(self, user: User) -> dict[str, Any]:
        from .queries import personal_data

        return personal_data(user)
