"""The decisions in the open data (registered with cocite.opendata from DecisionsConfig.ready()).

The decisions of public démarches only; rules in cocite/opendata/schema.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_noop

from cocite.demarches.queries import public_demarches
from cocite.items.models import Item
from cocite.opendata.registry import registry as opendata
from cocite.opendata.schema import CHUNK, LIST_SEPARATOR, NUMBERS, Dataset, Field, enum, iso_date, numbers, utc

from .models import Decision

# The column "contributions" predates items: it keeps listing the contributions' own numbers.
CONTRIBUTION = "contribution"


def elements(items: Iterable[Item]) -> str:
    """Items by kind and object number ("contribution:12 contribution:15"), in a stable order."""
    return " ".join(f"{i.kind}:{i.object_id}" for i in sorted(items, key=lambda i: (i.kind, i.object_id)))


DECISION_FIELDS = (
    Field("id", "integer", "Numéro", "", {"required": True, "unique": True}, source="pk"),
    Field("demarche", "string", "Démarche", "", {"required": True}, source="demarche.slug"),
    Field("decision", "string", "Décision", "", enum(Decision.Outcome.choices), source="outcome"),
    Field("explication", "string", "Explication", "", {"required": True}, source="explanation"),
    Field("criteres", "string", "Critères appliqués", "Séparés par « ; ».", source="criteria"),
    Field(
        "instance",
        "string",
        "Instance qui décide",
        "",
        enum(Decision.Body.choices, required=False),
        source="body",
    ),
    Field(
        "elu",
        "string",
        "Élu·e signataire",
        "Nom public de l'élu·e qui signe, le cas échéant.",
        source="official_name",
    ),
    Field("reference_deliberation", "string", "Référence de la délibération", "", source="deliberation_ref"),
    Field("service", "string", "Service", "", source="department.name"),
    Field("date_decision", "date", "Date de la décision", "", source="decided_on"),
    Field("date_publication", "datetime", "Publiée le", "UTC, ISO 8601.", {"required": True}, source="published_at"),
    Field(
        "contributions",
        "string",
        "Contributions concernées",
        "Numéros séparés par des espaces.",
        NUMBERS,
        source="items",
    ),
    Field(
        "fusionnee_dans",
        "integer",
        "Fusionnée avec",
        "Pour une décision de fusion : la contribution qui reprend.",
        source="merged_into.object_id",
    ),
    Field(
        "corrige",
        "integer",
        "Corrige la décision",
        "Numéro de la décision corrigée (les décisions ne sont jamais modifiées).",
        source="supersedes",
    ),
    Field("motif_correction", "string", "Motif de la correction", "", source="correction_reason"),
    Field(
        "elements",
        "string",
        "Éléments concernés",
        "Chaque élément par son type et son numéro (contribution:12), séparés par des espaces.",
        {"pattern": r"^([a-z_]+:[0-9]+( [a-z_]+:[0-9]+)*)?$"},
        source="items",
    ),
)


def decision_rows() -> Iterator[dict[str, Any]]:
    decisions = (
        Decision.objects.filter(demarche__in=public_demarches())
        .select_related("demarche", "department", "merged_into")
        .prefetch_related(Prefetch("items", queryset=Item.objects.only("pk", "kind", "object_id")))
        .order_by("pk")
    )
    for decision in decisions.iterator(chunk_size=CHUNK):
        criteria = decision.criteria
        department = decision.department
        yield {
            "id": decision.pk,
            "demarche": decision.demarche.slug,
            "decision": decision.outcome,
            "explication": decision.explanation,
            "criteres": LIST_SEPARATOR.join(str(c) for c in criteria) if isinstance(criteria, list) else str(criteria),
            "instance": decision.body,
            "elu": decision.official_name,
            "reference_deliberation": decision.deliberation_ref,
            "service": department.name if department is not None else "",
            "date_decision": iso_date(decision.decided_on),
            "date_publication": utc(decision.published_at),
            "contributions": numbers(i.object_id for i in decision.items.all() if i.kind == CONTRIBUTION),
            "fusionnee_dans": decision.merged_into.object_id if decision.merged_into is not None else None,
            "corrige": decision.supersedes_id,
            "motif_correction": decision.correction_reason,
            "elements": elements(decision.items.all()),
        }


def datasets() -> list[Dataset]:
    return [
        Dataset(
            name="decisions",
            title=gettext_noop("Décisions"),
            description=gettext_noop(
                "Les décisions prises sur les contributions, avec leur explication, leurs critères et qui a décidé."
            ),
            model="decisions.Decision",
            fields=DECISION_FIELDS,
            rows=decision_rows,
        )
    ]


def register() -> None:
    opendata.register("decisions", datasets)
