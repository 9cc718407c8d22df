"""Verify the public decision log: an export file (JSON Lines) or, without a file, the database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.decisions import ledger
from cocite.decisions.models import LogEntry


class Command(BaseCommand):
    help = (
        "Vérifie le journal des décisions : un fichier exporté (/decisions/journal.jsonl), avec ses divulgations "
        "(/decisions/journal/divulgations.jsonl), ou, sans fichier, la base de données — la chaîne, puis chaque "
        "entrée recalculée depuis les données qu'elle décrit. Signale la première erreur et sort avec un code non nul."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="fichier JSON Lines exporté ; « - » pour l'entrée standard")
        parser.add_argument(
            "--disclosures",
            help="fichier des divulgations (entrées scellées devenues publiques) à vérifier contre le journal",
        )
        parser.add_argument(
            "--compare-database",
            action="store_true",
            help="vérifie aussi que le fichier est identique au début du journal de cette base",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source = options.get("file")
        if options.get("disclosures") and not source:
            raise CommandError("Les divulgations se vérifient avec le fichier du journal : indiquez-le aussi.")
        if source:
            result = self._verify_file(source)
            what = source
        else:
            result = ledger.verify_database()
            what = "la base de données"
        if not result.ok:
            where = f"entrée n° {result.broken_seq} cassée — " if result.broken_seq else ""
            raise CommandError(
                f"Journal NON VÉRIFIÉ ({what}) : {where}{result.reason}. "
                f"Les {result.count} entrées précédentes sont intègres "
                f"(dernière empreinte valide : {result.last_hash})."
            )
        if source and options.get("compare_database"):
            self._compare(result)
        details = ""
        if not source:
            details = f", {result.recomputed} recalculées depuis les données qu'elles décrivent"
            if result.legacy:
                details += f", {result.legacy} d'un format antérieur vérifiées par leur empreinte seule"
        if options.get("disclosures"):
            details += f", {self._verify_disclosures(str(source), options['disclosures'])} divulgations vérifiées"
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal vérifié ({what}) : {result.count} entrées{details}, dernière empreinte {result.last_hash}"
            )
        )

    def _open(self, source: str) -> Any:
        if source == "-":
            return sys.stdin.buffer
        path = Path(source)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {source}")
        return path.open("rb")

    def _verify_file(self, source: str) -> ledger.Verification:
        handle = self._open(source)
        try:
            return ledger.verify_lines(handle)
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()

    def _verify_disclosures(self, source: str, disclosures: str) -> int:
        if source == "-":
            raise CommandError("Avec des divulgations, donnez le journal dans un fichier, pas sur l'entrée standard.")
        with self._open(source) as chain, self._open(disclosures) as revealed:
            count, reason = ledger.verify_disclosures(chain, revealed)
        if reason:
            raise CommandError(f"Divulgations NON VÉRIFIÉES : {reason}.")
        return count

    def _compare(self, result: ledger.Verification) -> None:
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
