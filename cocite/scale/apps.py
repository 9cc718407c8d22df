from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleConfig(AppConfig):
    """City-scale data generation and benchmarking helpers (no models)."""

    name = "cocite.scale"
    label = "scale"
    verbose_name = _("Données à l'échelle d'une ville")
