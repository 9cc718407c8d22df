from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Cocité in production: scheduler, backups, request ids and JSON logs, metrics."""

    name = "cocite.operations"
    label = "operations"
    verbose_name = _("Exploitation")

    def ready(self) -> None:
        from cocite.core.taskqueue import retry_after_worker_loss

        from . import tasks

        # A test mail sent again after a worker was lost mid-task does no harm: the check reads one.
        retry_after_worker_loss(tasks.send_test_mail)
