from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from cocite.accounts.models import User


class ContributionsConfig(AppConfig):
    name = "cocite.contributions"
    label = "contributions"
    verbose_name = _("Contributions")

    def ready(self) -> None:
        from . import component, moderation, receivers, resource

        component.register()
        resource.register()
        moderation.register()
        receivers.connect()

    def counters(self) -> list[Any]:
        from .models import counters

        return counters()

    def forget_person(self, user: User) -> None:
        """Images kept from a refused form are only the person's: deleted with the account."""
        from .actions import pending_images_discard
        from .models import PendingImage

        pending_images_discard(PendingImage.objects.filter(user_id=user.pk))

    def personal_data(self, user: User) -> dict[str, Any]:
        from .personal_data import personal_data

        return personal_data(user)
