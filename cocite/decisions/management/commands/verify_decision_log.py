"""Verify the public decision log: an export file (JSON Lines) or, without a file, the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.decisions import ledger


class Command(BaseCommand):
    help = (
        "Vérifie le journal des décisions : un fichier exporté (/decisions/journal.jsonl) ou, sans fichier, "
        "la base de données. Signale la première entrée cassée et sort avec un code non nul."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="fichier JSON Lines exporté ; « - » pour l'entrée standard")
        parser.add_argument(
            "--compare-database",
            action="store_true",
            help="vérifie aussi que le fichier est identique au début du journal de cette base",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options.get("file")
        if source:
            result = self._verify_file(source)
            what = source
        else:
            result = ledger.verify_database()
            what = "la base de données"
        if not result.ok:
            raise CommandError(
                f"Journal NON VÉRIFIÉ ({what}) : entrée n° {result.broken_seq} cassée — {result.reason}. "
                f"Les {result.count} entrées précédentes sont intègres "
                f"(dernière empreinte valide : {result.last_hash})."
            )
        if source and options.get("compare_database"):
            self._compare(result)
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal vérifié ({what}) : {result.count} entrées, dernière empreinte {result.last_hash}"
            )
        )

    def _verify_file(self, source: str) -> ledger.Verification:
        if source == "-":
            import sys

            return ledger.verify_lines(sys.stdin.buffer)
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {source}")
        with path.open("rb") as handle:
            return ledger.verify_lines(handle)

    def _compare(self, result: ledger.Verification) -> None:
        from cocite.decisions.models import LogEntry

        if result.count == 0:
            return
        stored = LogEntry.objects.filter(seq=result.count).values_list("hash", flat=True).first()
        if stored is None:
            raise CommandError(f"La base ne contient pas d'entrée n° {result.count} : ce fichier vient d'ailleurs.")
        if stored != result.last_hash:
            raise CommandError(
                f"L'entrée n° {result.count} du fichier ne correspond pas à celle de la base "
                f"({result.last_hash} ≠ {stored})."
            )
        head = ledger.latest()
        if head.seq > result.count:
            self.stdout.write(f"La base contient {head.seq - result.count} entrée(s) plus récente(s) que ce fichier.")
