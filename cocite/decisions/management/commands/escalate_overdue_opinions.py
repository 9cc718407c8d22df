"""Flag the opinions past their deadline and alert the managers (idempotent: run it daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.decisions.actions import opinions_escalate_overdue


class Command(BaseCommand):
    help = "Signale aux responsables les avis de service en retard (une seule fois par demande d'avis)."

    def handle(self, *args: Any, **options: Any) -> None:
        escalated = opinions_escalate_overdue()
        self.stdout.write(f"{len(escalated)} avis en retard signalé(s) aux responsables.")
