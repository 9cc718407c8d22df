"""Tell departments about their information pages past the review date (once per review date)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.quality.actions import review_reminders_send


class Command(BaseCommand):
    help = "Rappelle aux services leurs pages d’information à revérifier (une fois par échéance)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = review_reminders_send()
        self.stdout.write(f"{sent} rappel(s) envoyé(s)")
