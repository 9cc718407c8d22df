"""Delete the images kept from refused contribution forms after a day. Run daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cocite.contributions.actions import PENDING_IMAGE_DAYS, pending_images_purge


class Command(BaseCommand):
    help = "Supprime les images conservées d'un formulaire de contribution refusé, après un jour."

    def handle(self, *args: Any, **options: Any) -> None:
        count = pending_images_purge()
        self.stdout.write(f"{count} image(s) en attente depuis plus de {PENDING_IMAGE_DAYS} jour(s) supprimée(s).")
