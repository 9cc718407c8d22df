"""Check every denormalised counter against the rows it counts; `--repair` recomputes the wrong ones.

manage.py verify_counters            # after an incident, a restore, a hand-written SQL fix
manage.py verify_counters --repair   # then recompute what is wrong (exit status 1 if something was)
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.core import counters
from cocite.core.cache import invalidate_pages


class Command(BaseCommand):
    help = "Vérifie chaque compteur (soutiens, commentaires, « utile », réponses) contre les lignes qu'il compte."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repair", action="store_true", help="recalcule les compteurs faux")

    def handle(self, *args: Any, **options: Any) -> None:
        wrong = 0
        for report in counters.verify():
            label = report.counter.label
            if not report.drift:
                self.stdout.write(f"{label} : exact sur {report.rows} ligne(s).")
                continue
            wrong += report.drift
            sample = ", ".join(f"#{pk} {stored} au lieu de {real}" for pk, stored, real in report.sample)
            self.stdout.write(f"{label} : {report.drift} ligne(s) fausse(s) sur {report.rows} ({sample}).")
            if options["repair"]:
                repaired = report.counter.repair()
                self.stdout.write(f"{label} : {repaired} ligne(s) recalculée(s).")
        if wrong and options["repair"]:
            invalidate_pages()
        if wrong:
            raise CommandError(
                f"{wrong} compteur(s) faux" + (" : recalculés." if options["repair"] else " : relancez avec --repair.")
            )
        self.stdout.write("Tous les compteurs sont exacts.")
