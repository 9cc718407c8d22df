"""The comments in the open data: one dataset for each commentable resource that asks for it
(`Commentable.dataset`), pseudonymised, on the objects of public démarches only."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from cocite.demarches.queries import public_demarches
from cocite.items.registry import CommentsDataset, ResourceSpec
from cocite.items.registry import registry as resources
from cocite.opendata.registry import registry as opendata
from cocite.opendata.schema import CHUNK, Dataset, Field, enum, utc

from .models import Comment, Stance


def comment_fields(spec: ResourceSpec, dataset: CommentsDataset) -> tuple[Field, ...]:
    return (
        Field("id", "integer", "Numéro", "", {"required": True, "unique": True}, source="pk"),
        Field(
            dataset.column,
            "integer",
            dataset.column_title,
            dataset.column_description,
            {"required": True},
            source="object_id",
        ),
        # Read from the commented object (its model, then the path).
        Field("demarche", "string", "Démarche", "", {"required": True}, source=f"{spec.model}:demarche.slug"),
        Field(
            "en_reponse_a",
            "integer",
            "En réponse à",
            "Numéro du commentaire auquel celui-ci répond.",
            source="parent",
        ),
        Field(
            "position",
            "string",
            "Position",
            "pour, contre, nuance (vide pour une réponse).",
            enum(Stance.choices, required=False),
            source="stance",
        ),
        Field("reponse_officielle", "boolean", "Réponse officielle", "", {"required": True}, source="is_official"),
        Field("service", "string", "Service", "Service qui signe une réponse officielle.", source="department.name"),
        Field(
            "auteur_pseudonyme",
            "string",
            "Pseudonyme",
            "Pseudonyme public ; vide pour une réponse officielle non signée, un commentaire supprimé ou masqué.",
            source="author.display_name",
        ),
        Field(
            "texte",
            "string",
            "Texte",
            "Vide si le commentaire a été supprimé par son auteur ou masqué par la modération.",
            source="body",
        ),
        Field("supprime", "boolean", "Supprimé par son auteur", "", {"required": True}, source="deleted_at"),
        Field("masque", "boolean", "Masqué par la modération", "", {"required": True}, source="masked_at"),
        Field("date", "datetime", "Publié le", "UTC, ISO 8601.", {"required": True}, source="created_at"),
    )


def comment_rows(spec: ResourceSpec, column: str) -> Iterator[dict[str, Any]]:
    """The comments on the objects of this resource that lie in a public démarche."""
    model = apps.get_model(spec.model)
    public_slugs = dict(
        model._default_manager.filter(demarche__in=public_demarches()).values_list("pk", "demarche__slug")
    )
    comments = (
        Comment.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=list(public_slugs))
        .select_related("author", "department")
        .order_by("pk")
    )
    for comment in comments.iterator(chunk_size=CHUNK):
        deleted, masked, official = comment.is_deleted, comment.is_masked, comment.is_official
        department = comment.department if official else None
        author = comment.author
        pseudonym = ""
        if author is not None and not deleted and not masked and (not official or comment.signed):
            pseudonym = author.display_name
        yield {
            "id": comment.pk,
            column: comment.object_id,
            "demarche": public_slugs[comment.object_id],
            "en_reponse_a": comment.parent_id,
            "position": comment.stance,
            "reponse_officielle": official,
            "service": department.name if department is not None else "",
            "auteur_pseudonyme": pseudonym,
            "texte": "" if deleted or masked else comment.body,
            "supprime": deleted,
            "masque": masked,
            "date": utc(comment.created_at),
        }


def datasets() -> list[Dataset]:
    """One dataset per commentable resource that publishes its comments."""
    found = []
    for spec in resources.all():
        dataset = spec.commentable.dataset if spec.commentable is not None else None
        if dataset is None:
            continue
        found.append(
            Dataset(
                name=dataset.name,
                title=dataset.title,
                description=dataset.description,
                model="debate.Comment",
                fields=comment_fields(spec, dataset),
                rows=partial(comment_rows, spec, dataset.column),
            )
        )
    return found


def register() -> None:
    opendata.register("debate", datasets)
