from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItemsConfig(AppConfig):
    """The resource registry and the items the machinery works on (routing, decisions, results…)."""

    name = "cocite.items"
    label = "items"
    verbose_name = _("Éléments")
