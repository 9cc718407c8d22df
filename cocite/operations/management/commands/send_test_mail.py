"""`manage.py send_test_mail ADDRESS [--wait SECONDS]`: a task worker sends a test mail.

Checks, after an installation or an upgrade, that a worker runs the queue and that the mail
server accepts Cocité's mail (EMAIL_URL). With --wait, waits for the task and says how it ended.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.tasks import TaskResultStatus

from cocite.operations.tasks import send_test_mail


class Command(BaseCommand):
    help = "Fait envoyer un courriel d'essai par un processus de tâches (vérifie la file et le serveur de courriel)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", help="adresse du destinataire")
        parser.add_argument(
            "--wait", type=float, default=0.0, help="secondes à attendre le résultat (0 : ne pas attendre)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            validate_email(options["address"])
        except ValidationError as error:
            raise CommandError(f"Adresse invalide : {options['address']}") from error
        # First in the queue: it checks the workers, it does not wait behind a backlog.
        result = send_test_mail.using(priority=100).enqueue(options["address"])
        self.stdout.write(f"Tâche {result.id} mise en file.")
        if options["wait"] <= 0:
            return
        deadline = time.monotonic() + options["wait"]
        while not result.is_finished and time.monotonic() < deadline:
            time.sleep(0.5)
            result.refresh()
        if result.status == TaskResultStatus.SUCCESSFUL:
            worker = result.worker_ids[-1] if result.worker_ids else "?"
            self.stdout.write(f"Courriel d'essai envoyé par le processus de tâches {worker}.")
        elif result.status == TaskResultStatus.FAILED:
            raise CommandError(f"La tâche a échoué : {result.errors[-1].traceback if result.errors else '?'}")
        else:
            raise CommandError(
                f"Aucun processus de tâches ne l'a exécutée en {options['wait']:.0f} s : "
                "lancez « manage.py task_worker » (voir docs/deployment.md)."
            )
