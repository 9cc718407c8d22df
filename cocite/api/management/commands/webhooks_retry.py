"""Send the webhook deliveries whose next attempt is due (where the task queue cannot defer tasks)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.api.actions import deliveries_retry_due


class Command(BaseCommand):
    help = "Envoie les livraisons de webhooks dont la prochaine tentative est due."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deliveries_retry_due()
        self.stdout.write(f"{sent} livraison(s) tentée(s)")
