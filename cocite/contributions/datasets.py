"""The open datasets of contributions: the contributions themselves, their supports per day, and
what the debate publishes of the comments on them (see cocite/opendata/schema.py for the rules)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_noop

from cocite.demarches.queries import public_demarches
from cocite.items.registry import CommentsDataset
from cocite.opendata.schema import CHUNK, LIST_SEPARATOR, Dataset, Field, enum, utc
from cocite.territory.models import Theme

from .models import Contribution, Support

CONTRIBUTION_FIELDS = (
    Field(
        "id",
        "integer",
        "Numéro",
        "Identifiant de la contribution sur la plateforme.",
        {"required": True, "unique": True},
        source="pk",
    ),
    Field(
        "demarche",
        "string",
        "Démarche",
        "Identifiant (slug) de la démarche.",
        {"required": True},
        source="demarche.slug",
    ),
    Field("demarche_titre", "string", "Titre de la démarche", "", {"required": True}, source="demarche.title"),
    Field("type", "string", "Type", "probleme, idee ou question.", enum(Contribution.Kind.choices), source="kind"),
    Field(
        "titre",
        "string",
        "Titre",
        "140 caractères au plus (141 avec l'apostrophe du CSV).",
        {"required": True, "maxLength": 140},
        source="title",
    ),
    Field("description", "string", "Description", "Texte en Markdown.", source="body"),
    Field(
        "statut",
        "string",
        "Statut",
        "Où en est la contribution.",
        enum(Contribution.Status.choices),
        source="status",
    ),
    Field(
        "canal",
        "string",
        "Canal",
        "En ligne, ou recueillie hors ligne par un agent.",
        enum(Contribution.Channel.choices),
        source="channel",
    ),
    Field(
        "quartier",
        "string",
        "Quartier",
        "Vide si la contribution concerne toute la commune.",
        source="quartier.name",
    ),
    Field("themes", "string", "Thèmes", "Noms des thèmes, séparés par « ; ».", source="themes.name"),
    Field("latitude", "number", "Latitude", "WGS 84.", {"minimum": -90, "maximum": 90}, source="latitude"),
    Field("longitude", "number", "Longitude", "WGS 84.", {"minimum": -180, "maximum": 180}, source="longitude"),
    Field(
        "auteur_pseudonyme",
        "string",
        "Pseudonyme de l'auteur·rice",
        "Pseudonyme public ; vide pour les contributions recueillies hors ligne et les démarches pseudonymes.",
        source="author.display_name",
    ),
    Field("date_depot", "datetime", "Déposée le", "UTC, ISO 8601.", {"required": True}, source="created_at"),
    Field(
        "soutiens",
        "integer",
        "Soutiens",
        "Une personne, un soutien.",
        {"required": True, "minimum": 0},
        source="support_count",
    ),
    Field("commentaires", "integer", "Commentaires", "", {"required": True, "minimum": 0}, source="comment_count"),
    Field(
        "fusionnee_dans",
        "integer",
        "Fusionnée dans",
        "Numéro de la contribution qui reprend celle-ci.",
        source="merged_into",
    ),
    Field(
        "version_regles",
        "integer",
        "Version des règles",
        "Version du règlement en vigueur au dépôt.",
        {"minimum": 1},
        source="rule_version.number",
    ),
)


def contribution_rows() -> Iterator[dict[str, Any]]:
    # A contribution hidden by the moderation is not republished as open data.
    contributions = (
        Contribution.objects.filter(demarche__in=public_demarches(), masked_at__isnull=True)
        .select_related("demarche", "quartier", "author", "rule_version")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "name").order_by("name")))
        .order_by("pk")
    )
    for c in contributions.iterator(chunk_size=CHUNK):
        pseudonym = ""
        if c.author_id and c.author is not None and not c.demarche.pseudonymous:
            pseudonym = c.author.display_name
        yield {
            "id": c.pk,
            "demarche": c.demarche.slug,
            "demarche_titre": c.demarche.title,
            "type": c.kind,
            "titre": c.title,
            "description": c.body,
            "statut": c.status,
            "canal": c.channel,
            "quartier": c.quartier.name if c.quartier else "",
            "themes": LIST_SEPARATOR.join(t.name for t in c.themes.all()),
            "latitude": c.latitude,
            "longitude": c.longitude,
            "auteur_pseudonyme": pseudonym,
            "date_depot": utc(c.created_at),
            "soutiens": c.support_count,
            "commentaires": c.comment_count,
            "fusionnee_dans": c.merged_into_id,
            "version_regles": c.rule_version.number if c.rule_version else None,
        }


SUPPORT_FIELDS = (
    Field(
        "contribution",
        "integer",
        "Contribution",
        "Numéro de la contribution soutenue.",
        {"required": True},
        source="contribution",
    ),
    Field("demarche", "string", "Démarche", "", {"required": True}, source="contribution.demarche.slug"),
    Field("date", "date", "Jour", "Jour du soutien (heure de Paris).", {"required": True}, source="created_at"),
    Field(
        "soutiens",
        "integer",
        "Soutiens ce jour-là",
        "",
        {"required": True, "minimum": 1},
        source="pk",  # counted
    ),
)


def support_rows() -> Iterator[dict[str, Any]]:
    """Supports counted per contribution and per day: the curve, never who supported."""
    rows = (
        Support.objects.filter(contribution__demarche__in=public_demarches())
        .annotate(day=TruncDate("created_at"))
        .values("contribution_id", "contribution__demarche__slug", "day")
        .annotate(n=Count("pk"))
        .order_by("contribution_id", "day")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield {
            "contribution": row["contribution_id"],
            "demarche": row["contribution__demarche__slug"],
            "date": row["day"].isoformat(),
            "soutiens": row["n"],
        }


def datasets() -> list[Dataset]:
    return [
        Dataset(
            name="contributions",
            title=gettext_noop("Contributions"),
            description=gettext_noop(
                "Problèmes, idées et questions déposés dans les démarches publiques, avec leur statut, leur lieu "
                "et leur nombre de soutiens. Les auteur·rices apparaissent sous leur pseudonyme public."
            ),
            model="contributions.Contribution",
            fields=CONTRIBUTION_FIELDS,
            rows=contribution_rows,
        ),
        Dataset(
            name="soutiens",
            title=gettext_noop("Soutiens par jour"),
            description=gettext_noop(
                "Nombre de soutiens reçus par chaque contribution, jour par jour (jamais qui a soutenu)."
            ),
            model="contributions.Support",
            fields=SUPPORT_FIELDS,
            rows=support_rows,
            primary_key=None,
        ),
    ]


# The comments on contributions, as the debate app publishes them.
COMMENTS = CommentsDataset(
    name="commentaires",
    title=gettext_noop("Commentaires"),
    description=gettext_noop(
        "Le débat sur les contributions, pseudonymisé : position, réponses officielles des services, "
        "pseudonymes publics seulement."
    ),
    column="contribution",
    column_title="Contribution",
    column_description="Numéro de la contribution commentée.",
)
