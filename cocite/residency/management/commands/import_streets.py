"""`manage.py import_streets FILE.csv`: the commune's streets (e.g. the BAN export), replacing the list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.core.errors import ActionError
from cocite.residency import actions


class Command(BaseCommand):
    help = "Importe la liste des voies de la commune depuis un CSV (colonne nom_voie, p. ex. l’export BAN)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--keep", action="store_true", help="ajoute à la liste au lieu de la remplacer")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = options["file"].read_text(encoding="utf-8-sig")
            report = actions.streets_import(data=data, replace=not options["keep"])
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Lecture impossible : {error}") from error
        except ActionError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"{report.imported} voies importées, {report.skipped} lignes ignorées.")
