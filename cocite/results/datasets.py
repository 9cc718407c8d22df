"""The results in the open data (registered with cocite.opendata from ResultsConfig.ready()).

A result is as public as its most restricted source (cocite.results.queries.visible_results);
rules in cocite/opendata/schema.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_noop

from cocite.decisions.datasets import CONTRIBUTION, elements
from cocite.demarches.queries import hidden_demarches, public_demarches
from cocite.opendata.registry import registry as opendata
from cocite.opendata.schema import CHUNK, NUMBERS, Dataset, Field, enum, numbers, utc

from .models import Result

RESULT_FIELDS = (
    Field("id", "integer", "Numéro", "", {"required": True, "unique": True}, source="pk"),
    Field("titre", "string", "Titre", "", {"required": True}, source="title"),
    Field("description", "string", "Description", "", source="description"),
    Field(
        "demarche",
        "string",
        "Démarche",
        "Vide pour une action décidée hors démarche.",
        source="demarche.slug",
    ),
    Field("service", "string", "Service responsable", "", source="department.name"),
    Field("budget", "number", "Budget (€)", "", {"minimum": 0}, source="budget"),
    Field("avancement", "integer", "Avancement (%)", "", {"minimum": 0, "maximum": 100}, source="progress"),
    Field("statut", "string", "Statut", "", enum(Result.Status.choices), source="status"),
    Field("date_realisation", "datetime", "Réalisé le", "UTC, ISO 8601.", source="done_at"),
    Field("date_reouverture", "datetime", "Suivi rouvert le", "UTC, ISO 8601.", source="reopened_at"),
    Field(
        "contributions",
        "string",
        "Contributions à l'origine",
        "Numéros séparés par des espaces.",
        NUMBERS,
        source="items",
    ),
    Field("decisions", "string", "Décisions", "Numéros séparés par des espaces.", NUMBERS, source="decisions"),
    Field("date_creation", "datetime", "Créé le", "UTC, ISO 8601.", {"required": True}, source="created_at"),
    Field("date_mise_a_jour", "datetime", "Mis à jour le", "UTC, ISO 8601.", source="updated_at"),
    Field(
        "elements",
        "string",
        "Éléments à l'origine",
        "Chaque élément par son type et son numéro (contribution:12), séparés par des espaces.",
        {"pattern": r"^([a-z_]+:[0-9]+( [a-z_]+:[0-9]+)*)?$"},
        source="items",
    ),
)


def _public(relation: str) -> Prefetch[Any]:
    """The objects of this relation that lie in a public démarche (only their numbers are read)."""
    model = Result._meta.get_field(relation).related_model
    return Prefetch(relation, queryset=model._default_manager.filter(demarche__in=public_demarches()))  # type: ignore[union-attr]


def result_rows() -> Iterator[dict[str, Any]]:
    hidden = hidden_demarches(None)
    results = (
        Result.objects.exclude(decisions__demarche__in=hidden)
        .exclude(items__demarche__in=hidden)
        .select_related("demarche", "department")
        .prefetch_related(_public("items"), _public("decisions"))
        .order_by("pk")
    )
    for result in results.iterator(chunk_size=CHUNK):
        department = result.department
        yield {
            "id": result.pk,
            "titre": result.title,
            "description": result.description,
            "demarche": result.demarche.slug if result.demarche is not None else "",
            "service": department.name if department is not None else "",
            "budget": float(result.budget) if result.budget is not None else None,
            "avancement": result.progress,
            "statut": result.status,
            "date_realisation": utc(result.done_at),
            "date_reouverture": utc(result.reopened_at),
            "contributions": numbers(i.object_id for i in result.items.all() if i.kind == CONTRIBUTION),
            "decisions": numbers(d.pk for d in result.decisions.all()),
            "date_creation": utc(result.created_at),
            "date_mise_a_jour": utc(result.updated_at),
            "elements": elements(result.items.all()),
        }


def datasets() -> list[Dataset]:
    return [
        Dataset(
            name="resultats",
            title=gettext_noop("Résultats suivis"),
            description=gettext_noop(
                "Les actions décidées et leur avancement : statut, budget, contributions et décisions d'origine."
            ),
            model="results.Result",
            fields=RESULT_FIELDS,
            rows=result_rows,
        )
    ]


def register() -> None:
    opendata.register("results", datasets)
