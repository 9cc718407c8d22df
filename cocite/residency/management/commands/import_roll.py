"""`manage.py import_roll FILE.csv`: the census or electoral roll, replacing the previous one; `--purge` deletes it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.core.errors import ActionError
from cocite.residency import actions


class Command(BaseCommand):
    help = (
        "Importe le fichier des habitant·es (colonnes nom, prenoms, date_naissance, adresse) en ne gardant "
        "que des formes normalisées ; --purge le supprime."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--purge", action="store_true", help="supprime le fichier des habitant·es importé")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["purge"]:
            self.stdout.write(f"{actions.roll_purge()} lignes supprimées.")
            return
        if options["file"] is None:
            raise CommandError("Indiquez le fichier CSV à importer (ou --purge).")
        try:
            data = options["file"].read_text(encoding="utf-8-sig")
            report = actions.roll_import(data=data)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Lecture impossible : {error}") from error
        except ActionError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{report.imported} lignes importées, {report.skipped} ignorées.")
