"""The open dataset of reports (« Signalements »), declared in the reports' ResourceSpec.

Rules in cocite/opendata/schema.py. Every report not masked by the moderation is public on the
site; the file says what its public page says of it — never who reported it (no author, no name
given at the front desk, no agent who typed it), and the point rounded as the page shows it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_noop

from cocite.demarches.queries import public_demarches
from cocite.opendata.schema import CHUNK, Dataset, Field, enum, iso_date, utc

from .models import Report, Status

# The report's page shows its point with five decimals (Report.place_label): about a metre.
COORDINATE_DECIMALS = 5

REPORT_FIELDS = (
    Field(
        "id",
        "integer",
        "Numéro",
        "Identifiant du signalement sur la plateforme.",
        {"required": True, "unique": True},
        source="pk",
    ),
    Field("categorie", "string", "Catégorie", "", {"required": True}, source="category.name"),
    Field(
        "categorie_code",
        "string",
        "Code de la catégorie",
        "Aussi le « service_code » de l'API Open311.",
        {"required": True, "pattern": "[-a-zA-Z0-9_]+"},
        source="category.slug",
    ),
    Field(
        "service",
        "string",
        "Service",
        "Le service qui traite le signalement.",
        {"required": True},
        source="department.name",
    ),
    Field("quartier", "string", "Quartier", "Vide si le point n'est dans aucun quartier.", source="quartier.name"),
    Field("statut", "string", "Statut", "Où en est le signalement.", enum(Status.choices), source="status"),
    Field(
        "latitude",
        "number",
        "Latitude",
        "WGS 84, arrondie à 5 décimales ; vide si seule une adresse a été donnée.",
        {"minimum": -90, "maximum": 90},
        source="latitude",
    ),
    Field(
        "longitude",
        "number",
        "Longitude",
        "WGS 84, arrondie à 5 décimales ; vide si seule une adresse a été donnée.",
        {"minimum": -180, "maximum": 180},
        source="longitude",
    ),
    Field(
        "moi_aussi",
        "integer",
        "« Moi aussi »",
        "Personnes ayant signalé le même problème.",
        {"minimum": 0},
        source="plus_one_count",
    ),
    Field(
        "demarche",
        "string",
        "Démarche",
        "Identifiant (slug) de la démarche publique qui reprend ce signalement ; vide sinon.",
        source="demarche.slug",
    ),
    Field("date_depot", "datetime", "Déposé le", "UTC, ISO 8601.", {"required": True}, source="created_at"),
    Field(
        "date_echeance", "datetime", "Réponse attendue avant le", "UTC, ISO 8601.", {"required": True}, source="due_at"
    ),
    Field("date_premiere_reponse", "datetime", "Première réponse le", "UTC, ISO 8601.", source="answered_at"),
    Field("date_intervention_prevue", "date", "Intervention prévue le", "", source="planned_for"),
    Field("date_resolution", "datetime", "Résolu le", "UTC, ISO 8601.", source="resolved_at"),
    Field("date_mise_a_jour", "datetime", "Mis à jour le", "UTC, ISO 8601.", source="updated_at"),
)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, COORDINATE_DECIMALS)


def report_rows() -> Iterator[dict[str, Any]]:
    public = set(public_demarches().values_list("pk", flat=True))
    reports = (
        Report.objects.filter(masked_at__isnull=True)
        .select_related("category", "department", "quartier", "demarche")
        .order_by("pk")
    )
    for report in reports.iterator(chunk_size=CHUNK):
        demarche = report.demarche
        yield {
            "id": report.pk,
            "categorie": report.category.name,
            "categorie_code": report.category.slug,
            "service": report.department.name,
            "quartier": report.quartier.name if report.quartier is not None else "",
            "statut": report.status,
            "latitude": _rounded(report.latitude),
            "longitude": _rounded(report.longitude),
            "moi_aussi": report.plus_one_count,
            "demarche": demarche.slug if demarche is not None and demarche.pk in public else "",
            "date_depot": utc(report.created_at),
            "date_echeance": utc(report.due_at),
            "date_premiere_reponse": utc(report.answered_at),
            "date_intervention_prevue": iso_date(report.planned_for),
            "date_resolution": utc(report.resolved_at),
            "date_mise_a_jour": utc(report.updated_at),
        }


def datasets() -> list[Dataset]:
    return [
        Dataset(
            name="signalements",
            title=gettext_noop("Signalements"),
            description=gettext_noop(
                "Les problèmes signalés dans l'espace public : catégorie, service, quartier, statut, dates et point "
                "arrondi comme sur le site ; jamais l'identité de la personne, ni les signalements masqués par la "
                "modération."
            ),
            model="reports.Report",
            fields=REPORT_FIELDS,
            rows=report_rows,
        )
    ]
