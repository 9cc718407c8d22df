"""Load the demo territory. Idempotent: running it again duplicates nothing.

Each app contributes its part through an optional `seed_demo(stdout)` method on
its AppConfig, called in INSTALLED_APPS order, so core never imports components.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Charge le territoire de démonstration (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for config in apps.get_app_configs():
                seeder = getattr(config, "seed_demo", None)
                if callable(seeder):
                    seeder(self.stdout)
        self.stdout.write(self.style.SUCCESS("Territoire de démonstration prêt."))
