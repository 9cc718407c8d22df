"""Mail each person the digest of their unsent notifications (cron; idempotent).

manage.py send_digests --frequency daily    # e.g. every day at 7:00
manage.py send_digests --frequency weekly   # e.g. every Monday at 7:00
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cocite.notifications.actions import digests_send


class Command(BaseCommand):
    help = "Envoie les résumés de notifications par courriel (idempotent : rien n'est envoyé deux fois)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--frequency", choices=["daily", "weekly"], default="daily")

    def handle(self, *args: Any, **options: Any) -> None:
        report = digests_send(frequency=options["frequency"])
        self.stdout.write(f"{report.mails} résumé(s) envoyé(s), {report.notifications} notification(s).")
        if report.failed_people:
            self.stderr.write(
                f"Échec d'envoi pour {len(report.failed_people)} personne(s) : nouvel essai au prochain passage."
            )
