"""Queue the reminders of tomorrow's missions and events (run daily by `manage.py scheduler`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.missions.actions import reminders_queue


class Command(BaseCommand):
    help = "Queue the reminder mails of confirmed registrations for slots starting tomorrow (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = reminders_queue()
        self.stdout.write(f"{count} reminder(s) queued")
