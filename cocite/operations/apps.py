from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running Cocité in production: scheduler, backups, request ids and JSON logs, metrics."""

    name = "cocite.operations"
    label = "operations"
    verbose_name = _("Exploitation")

    def ready(self) -> None:
        from cocite.core.receivers import register_scopes
        from cocite.core.taskqueue import retry_after_worker_loss

        from . import tasks

        # A test mail sent again after a worker was lost mid-task does no harm: the check reads one.
        retry_after_worker_loss(tasks.send_test_mail)
        # A scheduled job's run is shown on the operations page only (signed-in): it drops no cached page.
        register_scopes("operations.ScheduledRun", lambda run: ())
