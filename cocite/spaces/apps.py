from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    """« Mon espace »: each person's start page, gathering what their roles ask of them.

    It reads from every app (contributions, decisions, notifications…) and nothing imports it:
    it sits on top of the others, so no app has to know about the others' pages.
    """

    name = "cocite.spaces"
    label = "spaces"
    verbose_name = _("Mon espace")

    def ready(self) -> None:
        from . import moderation

        moderation.register()
