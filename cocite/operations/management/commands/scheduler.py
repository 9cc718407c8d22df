"""`manage.py scheduler`: run the scheduled commands at their times, once across every node.

manage.py scheduler             # the service (deploy/systemd/cocite-scheduler.service)
manage.py scheduler --once      # one pass: run what is due now, then exit
manage.py scheduler --list      # each command, when it runs, and its last run
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections, connections
from django.utils import timezone

from cocite.operations import scheduler

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Exécute les commandes planifiées (résumés, changements de phase, relances, exports, anonymisation) "
        "à leur heure, une seule fois quel que soit le nombre de serveurs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=30.0, help="secondes entre deux réveils (30)")
        parser.add_argument("--once", action="store_true", help="une seule passe, puis s'arrête")
        parser.add_argument("--list", action="store_true", help="affiche les commandes et leur dernière exécution")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        if options["once"]:
            self._pass()
            return
        stopping = threading.Event()

        def stop(signum: int, frame: FrameType | None) -> None:
            stopping.set()  # the command running now finishes first

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(
            f"Planificateur démarré ({scheduler.node_name()}), réveil toutes les {options['interval']} s."
        )
        while not stopping.is_set():
            close_old_connections()
            try:
                self._pass()
            except DatabaseError as error:  # the database is away: try again at the next wake-up
                logger.warning(
                    "Scheduler: database unavailable (%s); next attempt in %s s.", error, options["interval"]
                )
                connections.close_all()
            close_old_connections()
            stopping.wait(options["interval"])
        self.stdout.write("Planificateur arrêté.")

    def _pass(self) -> None:
        for run in scheduler.run_due_jobs():
            self.stdout.write(f"{run.job} ({timezone.localtime(run.slot):%Y-%m-%d %H:%M}) : {run.get_status_display()}")

    def _list(self) -> None:
        for state in scheduler.job_states():
            last = state.last
            when = "jamais exécutée"
            if last is not None:
                slot = timezone.localtime(last.slot)
                when = f"dernière : {slot:%Y-%m-%d %H:%M} sur {last.node}, {last.get_status_display()}"
            self.stdout.write(f"{state.job.name} — {state.job.describe()} — {when}")
