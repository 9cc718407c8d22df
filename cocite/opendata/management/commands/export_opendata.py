"""Regenerate the open-data files (run nightly from cron, e.g. `0 3 * * * manage.py export_opendata`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Régénère les fichiers de données ouvertes (CSV, JSON, schémas, manifeste) dans MEDIA_ROOT/opendata/."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="Confier la régénération au processus de tâches (task_worker)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from cocite.opendata.tasks import export_opendata

            result = export_opendata.enqueue()
            self.stdout.write(f"tâche {result.id} mise en file")
            return
        from cocite.opendata.export import directory, generate

        manifest = generate()
        for dataset in manifest["datasets"]:
            state = "ERREUR" if dataset.get("error") else f"{dataset['rows']} lignes"
            self.stdout.write(f"  {dataset['name']}: {state}")
        self.stdout.write(
            self.style.SUCCESS(f"Données ouvertes écrites dans {directory()} ({manifest['generated_at']}).")
        )
