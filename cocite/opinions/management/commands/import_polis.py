"""Import a Pol.is conversation export (comments.csv, votes.csv) into a new opinion map.

    manage.py import_polis DIR [--demarche SLUG] [--title TITLE] [--json]

Statements keep their Pol.is comment ids and participants their voter ids (``external_id``);
a comment with ``moderated`` = -1 is imported as rejected (it counts for nothing), any other
as published; only each voter's latest vote on a comment is kept. Everything is imported in
one transaction: a malformed or partial export imports nothing and exits non-zero with a
French message naming the file and line. With ``--json`` the only output is
``{"component": <conversation id>}``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.core.errors import ActionError
from cocite.opinions.actions import conversation_import_polis
from cocite.opinions.polis_io import PolisExportError


class Command(BaseCommand):
    help = "Importe un export Pol.is (comments.csv, votes.csv) dans une nouvelle carte des opinions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="dossier de l'export Pol.is")
        parser.add_argument("--demarche", help="identifiant (slug) de la démarche à laquelle rattacher la carte")
        parser.add_argument("--title", help="titre de la carte (par défaut : le sujet de summary.csv)")
        parser.add_argument("--json", action="store_true", help='affiche seulement {"component": <id>}')

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["directory"])
        if not directory.is_dir():
            raise CommandError(f"Dossier introuvable : {directory}.")
        try:
            summary = read_summary(directory)
            conversation = conversation_import_polis(
                directory=directory,
                title=options.get("title") or summary.get("topic") or directory.name,
                topic=summary.get("conversation-description", ""),
                source=_source(directory, summary),
                demarche_slug=options.get("demarche"),
            )
        except PolisExportError as error:
            raise CommandError(f"Import refusé, rien n'a été importé. {error}") from error
        except ActionError as error:
            raise CommandError(f"Import refusé, rien n'a été importé. {error.message}") from error
        if options["json"]:
            self.stdout.write(json.dumps({"component": conversation.pk}))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Carte des opinions {conversation.pk} créée : « {conversation.title} » "
                f"({conversation.statements.count()} propositions, {conversation.participants.count()} participant·es)."
            )
        )


def read_summary(directory: Path) -> dict[str, str]:
    """summary.csv (optional): "key,value" rows such as topic, url, conversation-description."""
    path = directory / "summary.csv"
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return {row[0].strip(): row[1].strip() for row in csv.reader(handle) if len(row) >= 2}
    except (UnicodeDecodeError, csv.Error):
        return {}  # the summary is a nicety: never a reason to refuse an otherwise valid export


def _source(directory: Path, summary: dict[str, str]) -> str:
    url = summary.get("url", "")
    return f"Pol.is — {directory.name}" + (f" ({url})" if url else "")
