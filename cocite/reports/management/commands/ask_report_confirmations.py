"""Four weeks after « résolu », ask the reporter « le problème est-il réglé ? » (daily, `manage.py scheduler`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.reports.actions import confirmations_ask


class Command(BaseCommand):
    help = "Asks the reporters of reports resolved four weeks ago whether the problem is solved."

    def handle(self, *args: Any, **options: Any) -> None:
        asked = confirmations_ask()
        self.stdout.write(f"{asked} question(s) sent")
