"""The open datasets: what each holds, its Table Schema, and its rows.

Rules every dataset follows:
- only public démarches: published or closed, open to everyone or to verified residents
  (never agents-only, invitation-only or draft ones) — what an anonymous visitor sees;
- no personal data: people appear by their public pseudonym only; names given offline,
  emails, real names and account ids are never exported;
- datasets read from other apps (comments, decisions, results) exist only when the app is
  installed, read through `apps.get_model`, and fail closed: a row that cannot be tied to
  a public démarche is left out.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Prefetch
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_noop

from cocite.contributions.models import Contribution, Support
from cocite.core import csv_writer
from cocite.demarches.queries import hidden_demarches, public_demarches
from cocite.demarches.registry import registry
from cocite.items.models import Item
from cocite.territory.models import Theme

CHUNK = 2000
LIST_SEPARATOR = " ; "
# Said of every free-text column in its Table Schema (cocite.core.csv_writer does it).
CSV_TEXT_NOTE = gettext_noop(
    "Dans le fichier CSV, une valeur qui commence par =, +, -, @, une tabulation, un retour chariot ou un "
    "caractère nul est précédée d'une apostrophe ('), pour qu'un tableur ne l'exécute pas comme une formule "
    "(recommandation OWASP) ; le fichier JSON donne la valeur telle quelle."
)


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, datetime
    title: str
    description: str = ""
    constraints: dict[str, Any] = field(default_factory=dict)

    @property
    def is_free_text(self) -> bool:
        """Text people or administrators write (not codes, not numbers): the CSV may prefix it with a quote."""
        return self.type == "string" and "enum" not in self.constraints and "pattern" not in self.constraints

    def descriptor(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "type": self.type, "title": self.title}
        description = self.description
        constraints = dict(self.constraints)
        if self.is_free_text:
            description = f"{description} {CSV_TEXT_NOTE}".strip()
            if "maxLength" in constraints:
                constraints["maxLength"] += len(csv_writer.PREFIX)
        if description:
            described["description"] = description
        if self.type == "datetime":
            described["format"] = "%Y-%m-%dT%H:%M:%SZ"
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class Dataset:
    name: str  # file stem, lowercase ASCII
    title: str  # French msgid, translated when shown
    description: str
    fields: tuple[Field, ...]
    rows: Callable[[], Iterator[dict[str, Any]]]
    primary_key: str | None = "id"

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = [self.primary_key]
        return schema


def utc(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# A list of ids in a text column ("12 40 41"): digits and spaces only, so never a formula.
NUMBERS = {"pattern": "[0-9]+( [0-9]+)*"}


def _enum(choices: Sequence[tuple[str, Any]], required: bool = True) -> dict[str, Any]:
    values = [value for value, _label in choices]
    return {"required": True, "enum": values} if required else {"enum": ["", *values]}


# Contributions

CONTRIBUTION_FIELDS = (
    Field(
        "id",
        "integer",
        "Numéro",
        "Identifiant de la contribution sur la plateforme.",
        {"required": True, "unique": True},
    ),
    Field("demarche", "string", "Démarche", "Identifiant (slug) de la démarche.", {"required": True}),
    Field("demarche_titre", "string", "Titre de la démarche", "", {"required": True}),
    Field("type", "string", "Type", "probleme, idee ou question.", _enum(Contribution.Kind.choices)),
    Field(
        "titre",
        "string",
        "Titre",
        "140 caractères au plus (141 avec l'apostrophe du CSV).",
        {"required": True, "maxLength": 140},
    ),
    Field("description", "string", "Description", "Texte en Markdown."),
    Field("statut", "string", "Statut", "Où en est la contribution.", _enum(Contribution.Status.choices)),
    Field(
        "canal",
        "string",
        "Canal",
        "En ligne, ou recueillie hors ligne par un agent.",
        _enum(Contribution.Channel.choices),
    ),
    Field("quartier", "string", "Quartier", "Vide si la contribution concerne toute la commune."),
    Field("themes", "string", "Thèmes", "Noms des thèmes, séparés par « ; »."),
    Field("latitude", "number", "Latitude", "WGS 84.", {"minimum": -90, "maximum": 90}),
    Field("longitude", "number", "Longitude", "WGS 84.", {"minimum": -180, "maximum": 180}),
    Field(
        "auteur_pseudonyme",
        "string",
        "Pseudonyme de l'auteur·rice",
        "Pseudonyme public ; vide pour les contributions recueillies hors ligne et les démarches pseudonymes.",
    ),
    Field("date_depot", "datetime", "Déposée le", "UTC, ISO 8601.", {"required": True}),
    Field("soutiens", "integer", "Soutiens", "Une personne, un soutien.", {"required": True, "minimum": 0}),
    Field("commentaires", "integer", "Commentaires", "", {"required": True, "minimum": 0}),
    Field("fusionnee_dans", "integer", "Fusionnée dans", "Numéro de la contribution qui reprend celle-ci."),
    Field(
        "version_regles", "integer", "Version des règles", "Version du règlement en vigueur au dépôt.", {"minimum": 1}
    ),
)


def contribution_rows() -> Iterator[dict[str, Any]]:
    from cocite.analysis.models import MergeRecord

    contributions = (
        Contribution.objects.filter(demarche__in=public_demarches())
        .select_related("demarche", "quartier", "author", "rule_version")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "name").order_by("name")))
        .order_by("pk")
    )
    merged = dict(
        MergeRecord.objects.filter(source__demarche__in=public_demarches()).values_list("source_id", "target_id")
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
            "fusionnee_dans": merged.get(c.pk),
            "version_regles": c.rule_version.number if c.rule_version else None,
        }


SUPPORT_FIELDS = (
    Field("contribution", "integer", "Contribution", "Numéro de la contribution soutenue.", {"required": True}),
    Field("demarche", "string", "Démarche", "", {"required": True}),
    Field("date", "date", "Jour", "Jour du soutien (heure de Paris).", {"required": True}),
    Field("soutiens", "integer", "Soutiens ce jour-là", "", {"required": True, "minimum": 1}),
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


# Comments (debate app), decisions and results: only when installed.


def _choices(model: Any, field_name: str) -> list[tuple[str, Any]]:
    try:
        return list(model._meta.get_field(field_name).choices or [])
    except Exception:
        return []


def _has(model: Any, *names: str) -> bool:
    existing = {f.name for f in model._meta.get_fields()}
    return all(name in existing for name in names)


COMMENT_APP = "cocite.debate"


def comment_fields() -> tuple[Field, ...]:
    model = apps.get_model("debate", "Comment")
    return (
        Field("id", "integer", "Numéro", "", {"required": True, "unique": True}),
        Field("contribution", "integer", "Contribution", "Numéro de la contribution commentée.", {"required": True}),
        Field("demarche", "string", "Démarche", "", {"required": True}),
        Field("en_reponse_a", "integer", "En réponse à", "Numéro du commentaire auquel celui-ci répond."),
        Field(
            "position",
            "string",
            "Position",
            "pour, contre, nuance (vide pour une réponse).",
            _enum(_choices(model, "stance"), required=False),
        ),
        Field("reponse_officielle", "boolean", "Réponse officielle", "", {"required": True}),
        Field("service", "string", "Service", "Service qui signe une réponse officielle."),
        Field(
            "auteur_pseudonyme",
            "string",
            "Pseudonyme",
            "Pseudonyme public ; vide pour une réponse officielle non signée, un commentaire supprimé ou masqué.",
        ),
        Field(
            "texte",
            "string",
            "Texte",
            "Vide si le commentaire a été supprimé par son auteur ou masqué par la modération.",
        ),
        Field("supprime", "boolean", "Supprimé par son auteur", "", {"required": True}),
        Field("masque", "boolean", "Masqué par la modération", "", {"required": True}),
        Field("date", "datetime", "Publié le", "UTC, ISO 8601.", {"required": True}),
    )


def comment_rows() -> Iterator[dict[str, Any]]:
    from django.contrib.contenttypes.models import ContentType

    model = apps.get_model("debate", "Comment")
    if not _has(model, "content_type", "object_id"):
        return  # cannot tie comments to a public démarche: publish none
    contribution_type = ContentType.objects.get_for_model(Contribution)
    public_slugs = dict(
        Contribution.objects.filter(demarche__in=public_demarches()).values_list("pk", "demarche__slug")
    )
    related = [name for name in ("author", "department") if _has(model, name)]
    comments = (
        model.objects.filter(content_type=contribution_type, object_id__in=list(public_slugs))
        .select_related(*related)
        .order_by("pk")
    )
    for comment in comments.iterator(chunk_size=CHUNK):
        deleted = getattr(comment, "deleted_at", None) is not None
        masked = getattr(comment, "masked_at", None) is not None
        official = bool(getattr(comment, "is_official", False))
        department = getattr(comment, "department", None) if official else None
        author = getattr(comment, "author", None)
        pseudonym = ""
        if author is not None and not deleted and not masked and (not official or getattr(comment, "signed", False)):
            pseudonym = author.display_name
        yield {
            "id": comment.pk,
            "contribution": comment.object_id,
            "demarche": public_slugs[comment.object_id],
            "en_reponse_a": getattr(comment, "parent_id", None),
            "position": getattr(comment, "stance", "") or "",
            "reponse_officielle": official,
            "service": department.name if department is not None else "",
            "auteur_pseudonyme": pseudonym,
            "texte": "" if deleted or masked else getattr(comment, "body", ""),
            "supprime": deleted,
            "masque": masked,
            "date": utc(comment.created_at),
        }


DECISION_APP = "cocite.decisions"


def decision_fields() -> tuple[Field, ...]:
    model = apps.get_model("decisions", "Decision")
    return (
        Field("id", "integer", "Numéro", "", {"required": True, "unique": True}),
        Field("demarche", "string", "Démarche", "", {"required": True}),
        Field("decision", "string", "Décision", "", _enum(_choices(model, "outcome"))),
        Field("explication", "string", "Explication", "", {"required": True}),
        Field("criteres", "string", "Critères appliqués", "Séparés par « ; »."),
        Field("instance", "string", "Instance qui décide", "", _enum(_choices(model, "body"), required=False)),
        Field("elu", "string", "Élu·e signataire", "Nom public de l'élu·e qui signe, le cas échéant."),
        Field("reference_deliberation", "string", "Référence de la délibération", ""),
        Field("service", "string", "Service", ""),
        Field("date_decision", "date", "Date de la décision", ""),
        Field("date_publication", "datetime", "Publiée le", "UTC, ISO 8601.", {"required": True}),
        Field("contributions", "string", "Contributions concernées", "Numéros séparés par des espaces.", NUMBERS),
        Field(
            "fusionnee_dans", "integer", "Fusionnée avec", "Pour une décision de fusion : la contribution qui reprend."
        ),
        Field(
            "corrige",
            "integer",
            "Corrige la décision",
            "Numéro de la décision corrigée (les décisions ne sont jamais modifiées).",
        ),
        Field("motif_correction", "string", "Motif de la correction", ""),
    )


def decision_rows() -> Iterator[dict[str, Any]]:
    model = apps.get_model("decisions", "Decision")
    if not _has(model, "demarche"):
        return
    related = ["demarche"] + [name for name in ("department",) if _has(model, name)]
    decisions = model.objects.filter(demarche__in=public_demarches()).select_related(*related).order_by("pk")
    decisions = decisions.select_related("merged_into").prefetch_related(
        Prefetch("items", queryset=Item.objects.only("pk", "kind", "object_id"))
    )
    for decision in decisions.iterator(chunk_size=CHUNK):
        criteria = getattr(decision, "criteria", []) or []
        department = getattr(decision, "department", None)
        contributions = [i.object_id for i in decision.items.all() if i.kind == "contribution"]
        yield {
            "id": decision.pk,
            "demarche": decision.demarche.slug,
            "decision": getattr(decision, "outcome", ""),
            "explication": getattr(decision, "explanation", ""),
            "criteres": LIST_SEPARATOR.join(str(c) for c in criteria) if isinstance(criteria, list) else str(criteria),
            "instance": getattr(decision, "body", ""),
            "elu": getattr(decision, "official_name", ""),
            "reference_deliberation": getattr(decision, "deliberation_ref", ""),
            "service": department.name if department is not None else "",
            "date_decision": _date(getattr(decision, "decided_on", None)),
            "date_publication": utc(getattr(decision, "published_at", None)),
            "contributions": " ".join(str(pk) for pk in sorted(contributions)),
            "fusionnee_dans": decision.merged_into.object_id if decision.merged_into is not None else None,
            "corrige": getattr(decision, "supersedes_id", None),
            "motif_correction": getattr(decision, "correction_reason", ""),
        }


RESULT_APP = "cocite.results"


def result_fields() -> tuple[Field, ...]:
    model = apps.get_model("results", "Result")
    return (
        Field("id", "integer", "Numéro", "", {"required": True, "unique": True}),
        Field("titre", "string", "Titre", "", {"required": True}),
        Field("description", "string", "Description", ""),
        Field("demarche", "string", "Démarche", "Vide pour une action décidée hors démarche."),
        Field("service", "string", "Service responsable", ""),
        Field("budget", "number", "Budget (€)", "", {"minimum": 0}),
        Field("avancement", "integer", "Avancement (%)", "", {"minimum": 0, "maximum": 100}),
        Field("statut", "string", "Statut", "", _enum(_choices(model, "status"))),
        Field("date_realisation", "datetime", "Réalisé le", "UTC, ISO 8601."),
        Field("date_reouverture", "datetime", "Suivi rouvert le", "UTC, ISO 8601."),
        Field("contributions", "string", "Contributions à l'origine", "Numéros séparés par des espaces.", NUMBERS),
        Field("decisions", "string", "Décisions", "Numéros séparés par des espaces.", NUMBERS),
        Field("date_creation", "datetime", "Créé le", "UTC, ISO 8601.", {"required": True}),
        Field("date_mise_a_jour", "datetime", "Mis à jour le", "UTC, ISO 8601."),
    )


def result_rows() -> Iterator[dict[str, Any]]:
    model = apps.get_model("results", "Result")
    if not _has(model, "demarche"):
        return
    # A result is as public as its most restricted source (cocite.results.queries.visible_results).
    hidden = hidden_demarches(None)
    results = (
        model.objects.exclude(decisions__demarche__in=hidden)
        .exclude(items__demarche__in=hidden)
        .select_related("demarche", *[n for n in ("department",) if _has(model, n)])
        .order_by("pk")
    )
    public_items = Item.objects.filter(demarche__in=public_demarches()).only("pk", "kind", "object_id")
    results = results.prefetch_related(Prefetch("items", queryset=public_items))
    if _has(model, "decisions"):
        decision_model = apps.get_model("decisions", "Decision")
        results = results.prefetch_related(
            Prefetch("decisions", queryset=decision_model.objects.filter(demarche__in=public_demarches()).only("pk"))
        )
    for result in results.iterator(chunk_size=CHUNK):
        department = getattr(result, "department", None)
        budget = getattr(result, "budget", None)
        yield {
            "id": result.pk,
            "titre": result.title,
            "description": getattr(result, "description", ""),
            "demarche": result.demarche.slug if result.demarche is not None else "",
            "service": department.name if department is not None else "",
            "budget": float(budget) if isinstance(budget, decimal.Decimal) else budget,
            "avancement": getattr(result, "progress", None),
            "statut": getattr(result, "status", ""),
            "date_realisation": utc(getattr(result, "done_at", None)),
            "date_reouverture": utc(getattr(result, "reopened_at", None)),
            "contributions": " ".join(
                str(pk) for pk in sorted(i.object_id for i in result.items.all() if i.kind == "contribution")
            ),
            "decisions": " ".join(str(pk) for pk in sorted(d.pk for d in result.decisions.all()))
            if _has(model, "decisions")
            else "",
            "date_creation": utc(getattr(result, "created_at", None)),
            "date_mise_a_jour": utc(getattr(result, "updated_at", None)),
        }


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else ""


# Component exports declared in the démarche registry (ComponentSpec.exports).


def _infer_type(values: Sequence[Any]) -> str:
    kinds = {type(v) for v in values if v is not None and v != ""}
    if kinds and kinds <= {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "integer"
    if kinds and kinds <= {int, float, decimal.Decimal}:
        return "number"
    if kinds and kinds <= {datetime.datetime}:
        return "datetime"
    if kinds and kinds <= {datetime.date}:
        return "date"
    return "string"


def _normalise(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return utc(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return value


def component_datasets() -> list[Dataset]:
    """One dataset per export a component declares, over the public démarches that use it."""
    datasets = []
    for spec in registry.all():
        for export_name, export in spec.exports.items():
            demarches = list(public_demarches().filter(components__name=spec.name).order_by("pk"))
            raw: list[dict[str, Any]] = []
            for demarche in demarches:
                for row in export(demarche):
                    raw.append({"demarche": demarche.slug, **dict(row)})
            columns: list[str] = list(dict.fromkeys(key for row in raw for key in row)) or ["demarche"]
            fields = tuple(
                Field(
                    name,
                    _infer_type([row.get(name) for row in raw]),
                    name,
                    "",
                    {"required": True} if name == "demarche" else {},
                )
                for name in columns
            )
            rows = [{name: _normalise(row.get(name)) for name in columns} for row in raw]
            datasets.append(
                Dataset(
                    name=f"{spec.name}-{export_name}".lower().replace("_", "-"),
                    title=f"{spec.label} — {export_name}",
                    description="",
                    fields=fields,
                    rows=lambda rows=rows: iter(rows),  # type: ignore[misc]
                    primary_key=None,
                )
            )
    return datasets


def all_datasets() -> list[Dataset]:
    datasets = [
        Dataset(
            name="contributions",
            title=gettext_noop("Contributions"),
            description=gettext_noop(
                "Problèmes, idées et questions déposés dans les démarches publiques, avec leur statut, leur lieu "
                "et leur nombre de soutiens. Les auteur·rices apparaissent sous leur pseudonyme public."
            ),
            fields=CONTRIBUTION_FIELDS,
            rows=contribution_rows,
        ),
        Dataset(
            name="soutiens",
            title=gettext_noop("Soutiens par jour"),
            description=gettext_noop(
                "Nombre de soutiens reçus par chaque contribution, jour par jour (jamais qui a soutenu)."
            ),
            fields=SUPPORT_FIELDS,
            rows=support_rows,
            primary_key=None,
        ),
    ]
    if apps.is_installed(COMMENT_APP):
        datasets.append(
            Dataset(
                name="commentaires",
                title=gettext_noop("Commentaires"),
                description=gettext_noop(
                    "Le débat sur les contributions, pseudonymisé : position, réponses officielles des services, "
                    "pseudonymes publics seulement."
                ),
                fields=comment_fields(),
                rows=comment_rows,
            )
        )
    if apps.is_installed(DECISION_APP):
        datasets.append(
            Dataset(
                name="decisions",
                title=gettext_noop("Décisions"),
                description=gettext_noop(
                    "Les décisions prises sur les contributions, avec leur explication, leurs critères et qui a décidé."
                ),
                fields=decision_fields(),
                rows=decision_rows,
            )
        )
    if apps.is_installed(RESULT_APP):
        datasets.append(
            Dataset(
                name="resultats",
                title=gettext_noop("Résultats suivis"),
                description=gettext_noop(
                    "Les actions décidées et leur avancement : statut, budget, contributions et décisions d'origine."
                ),
                fields=result_fields(),
                rows=result_rows,
            )
        )
    datasets.extend(component_datasets())
    return datasets
