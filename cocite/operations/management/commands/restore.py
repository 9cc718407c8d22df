"""`manage.py restore DIR`: a backup into an EMPTY database (DATABASE_URL) and MEDIA_ROOT, then verified.

Checks every checksum before touching anything; refuses a database that has tables; after
loading, compares the row counts with the manifest, verifies the decision log's chain and
recounts every counter (exit status 1 if anything differs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.operations import backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (manage.py backup) dans une base de données vide, après avoir vérifié ses "
        "sommes de contrôle ; vérifie ensuite le journal des décisions et recompte chaque compteur."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="dossier de la sauvegarde (cocite-AAAAMMJJ-HHMMSS)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        manifest = backup.restore_backup(path)
        self.stdout.write(f"Sauvegarde du {manifest['created_at']} restaurée ({manifest['vendor']}).")
        result = backup.verify_restored(manifest)
        for line in result.lines:
            self.stdout.write(line)
        if not result.ok:
            raise CommandError("Restauration NON VÉRIFIÉE : " + " ; ".join(result.problems) + ".")
        self.stdout.write(self.style.SUCCESS("Restauration vérifiée."))
