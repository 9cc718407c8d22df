from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Cocité in production: scheduler, backups, request ids and JSON logs, metrics."""

    name = "cocite.operations"
    label = "operations"
    verbose_name = _("Exploitation")
