"""`manage.py backup [--output DIR]`: the database and the uploads, with a manifest of checksums.

Writes DIR/cocite-<time>/ (DIR: --output, else BACKUP_DIR); see cocite/operations/backup.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.operations import backup


class Command(BaseCommand):
    help = "Sauvegarde la base de données et les fichiers déposés, avec un manifeste (tailles, sommes SHA-256)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", help="dossier où écrire la sauvegarde (par défaut : BACKUP_DIR)")
        parser.add_argument("--keep", type=int, default=0, help="ne garder que les N sauvegardes les plus récentes")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["output"] or settings.BACKUP_DIR
        if not directory:
            raise CommandError(
                "Indiquez où écrire la sauvegarde : --output DOSSIER, ou BACKUP_DIR dans l'environnement."
            )
        made = backup.make_backup(Path(directory))
        manifest = backup.read_manifest(made)
        sizes = ", ".join(f"{entry['name']} {entry['size']} octets" for entry in manifest["files"])
        self.stdout.write(f"Sauvegarde écrite : {made} ({sizes}).")
        if options["keep"] > 0:
            older = sorted(Path(directory).glob("cocite-*"))[: -options["keep"]]
            for folder in older:
                backup.remove(folder)
                self.stdout.write(f"Ancienne sauvegarde supprimée : {folder}")
