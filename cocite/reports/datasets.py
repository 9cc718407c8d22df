"""Reports in the open data (registered with cocite.opendata from ReportsConfig.ready()).

Reports are public, outside any démarche; those hidden by the moderation are left out. The
person who reported is never published (rules in cocite/opendata/schema.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_noop

from cocite.opendata.registry import registry as opendata
from cocite.opendata.schema import CHUNK, Dataset, Field, enum, utc

from .models import Report, Status

REPORT_FIELDS = (
    Field("id", "integer", "Numéro", "", {"required": True, "unique": True}, source="pk"),
    Field(
        "categorie", "string", "Catégorie", "Le code de la catégorie (service_code Open311).", source="category.slug"
    ),
    Field("service", "string", "Service chargé", "", source="department.name"),
    Field("statut", "string", "Statut", "", enum(Status.choices), source="status"),
    Field("quartier", "string", "Quartier", "", source="quartier.slug"),
    Field("latitude", "number", "Latitude", "WGS 84.", source="latitude"),
    Field("longitude", "number", "Longitude", "WGS 84.", source="longitude"),
    Field("adresse", "string", "Adresse", "", source="address"),
    Field("description", "string", "Description", "", source="description"),
    Field(
        "meme_probleme",
        "integer",
        "Même problème",
        "Personnes ayant signalé le même problème.",
        {"minimum": 0},
        source="plus_one_count",
    ),
    Field("date_creation", "datetime", "Déposé le", "UTC, ISO 8601.", {"required": True}, source="created_at"),
    Field("date_reponse_due", "datetime", "Réponse due le", "UTC, ISO 8601.", source="due_at"),
    Field("date_premiere_reponse", "datetime", "Première réponse le", "UTC, ISO 8601.", source="answered_at"),
    Field("date_resolution", "datetime", "Résolu le", "UTC, ISO 8601.", source="resolved_at"),
)


def report_rows() -> Iterator[dict[str, Any]]:
    reports = (
        Report.objects.filter(masked_at__isnull=True)
        .select_related("category", "department", "quartier")
        .order_by("pk")
    )
    for report in reports.iterator(chunk_size=CHUNK):
        yield {
            "id": report.pk,
            "categorie": report.category.slug,
            "service": report.department.name,
            "statut": report.status,
            "quartier": report.quartier.slug if report.quartier is not None else "",
            "latitude": report.latitude,
            "longitude": report.longitude,
            "adresse": report.address,
            "description": report.description,
            "meme_probleme": report.plus_one_count,
            "date_creation": utc(report.created_at),
            "date_reponse_due": utc(report.due_at),
            "date_premiere_reponse": utc(report.answered_at),
            "date_resolution": utc(report.resolved_at),
        }


def datasets() -> list[Dataset]:
    return [
        Dataset(
            name="signalements",
            title=gettext_noop("Signalements dans l'espace public"),
            description=gettext_noop(
                "Les problèmes signalés dans l'espace public et leur traitement : catégorie, lieu, statut, délais."
            ),
            model="reports.Report",
            fields=REPORT_FIELDS,
            rows=report_rows,
        )
    ]


def register() -> None:
    opendata.register("reports", datasets)
