"""Compute (or read) the opinion groups of a conversation.

    manage.py opinion_groups ID [--recompute] [--json]

Reads the latest finished run when no vote or moderation changed since; computes a new run
otherwise (or always with ``--recompute``), synchronously, starting from the previous run's
state like the background task does. The first computation of an imported conversation
replays its vote history in time order, one run per second of votes as Pol.is computed it,
so that its groups reach the state Pol.is reached. Participant and statement ids are those
of the imported export (``external_id``) where there is one, else the primary keys.

``--json`` prints ``{"k", "assignments": {"<participant>": <group>}, "representative":
{"<group>": [{"statement", "direction", "probability", "score"}, …]}, "consensus": [{"statement",
"direction", "score"}, …], "dividing": […], "group_sizes": […], "run": <run id>, "replay": {"runs",
"ms_per_vote"} or null}``.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.core.params import parse_id, parse_int
from cocite.opinions import actions, queries
from cocite.opinions.models import Conversation, OpinionRun


def _export_key(text: str) -> int | str:
    """Pol.is ids are integers: give them back as numbers, anything else as text."""
    number = parse_int(text)
    return number if number is not None and str(number) == text else text


class Command(BaseCommand):
    help = "Calcule (ou relit) les groupes d'opinion d'une carte des opinions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("conversation", help="identifiant de la carte des opinions (celui donné par import_polis)")
        parser.add_argument("--recompute", action="store_true", help="recalculer même sans nouveau vote")
        parser.add_argument("--json", action="store_true", help="sortie JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = str(options["conversation"])
        conversation_id = parse_id(raw)
        if conversation_id is None:
            raise CommandError(f"Identifiant de carte des opinions invalide : « {raw} » (un nombre est attendu).")
        conversation = Conversation.objects.filter(pk=conversation_id).first()
        if conversation is None:
            raise CommandError(f"Carte des opinions {raw} introuvable.")
        run = queries.latest_done_run(conversation)
        if options["recompute"] or run is None or conversation.dirty_since is not None:
            run = actions.opinion_run_now(conversation=conversation)
            if run.status != OpinionRun.Status.DONE:
                raise CommandError(f"Le calcul des groupes a échoué : {run.error}")
        output = self.describe(conversation, run)
        if options["json"]:
            self.stdout.write(json.dumps(output, ensure_ascii=False))
            return
        sizes = ", ".join(f"{queries.group_label(g)} : {n}" for g, n in enumerate(output["group_sizes"]))
        self.stdout.write(
            f"Carte des opinions {conversation.pk} « {conversation.title} » : {output['k']} groupes ({sizes}), "
            f"{len(output['assignments'])} personnes regroupées, calcul {run.pk}."
        )

    def describe(self, conversation: Conversation, run: OpinionRun) -> dict[str, Any]:
        participants, statements = queries.external_keys(conversation)
        result = run.result

        def statement(pk: Any) -> int | str:
            return _export_key(statements.get(int(pk), str(pk)))

        return {
            "k": int(result.get("k", 0)),
            "assignments": {
                participants.get(int(pk), str(pk)): group for pk, group in result.get("assignments", {}).items()
            },
            "group_sizes": result.get("group_sizes", []),
            "representative": {
                group: [
                    {
                        "statement": statement(item["statement"]),
                        "direction": item["direction"],
                        "probability": item["probability"],
                        "score": item["score"],
                    }
                    for item in items
                ]
                for group, items in result.get("representative", {}).items()
            },
            "consensus": [
                {"statement": statement(item["statement"]), "direction": item["direction"], "score": item["score"]}
                for item in result.get("consensus", [])
            ],
            "dividing": [
                {"statement": statement(item["statement"]), "spread": item["spread"]}
                for item in result.get("dividing", [])
            ],
            "run": run.pk,
            "replay": result.get("replay"),
        }
