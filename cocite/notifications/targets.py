"""What can be followed: the kind slug used in URLs, and its model.

Démarches, quartiers and themes are followed here; a resource (cocite/items/registry.py) is
followable when its spec has a `Followable` facet, under its kind ("contribution").
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from cocite.items.registry import Followable, registry

# kind (URL slug) -> "app_label.ModelName": what the machinery itself offers to follow.
BUILT_IN: dict[str, str] = {
    "demarche": "demarches.Demarche",
    "quartier": "territory.Quartier",
    "theme": "territory.Theme",
}

BUILT_IN_LABELS: dict[str, StrOrPromise] = {
    "demarche": _("Démarche"),
    "quartier": _("Quartier"),
    "theme": _("Thème"),
}


def followable_resources() -> dict[str, Followable]:
    """kind -> facet, for the registered resources whose objects can be followed."""
    return {spec.kind: spec.followable for spec in registry.all() if spec.followable is not None}


def followable() -> dict[str, str]:
    """kind (URL slug) -> "app_label.ModelName", for everything that can be followed."""
    resources = {spec.kind: spec.model for spec in registry.all() if spec.followable is not None}
    return {**resources, **BUILT_IN}


def is_followable(kind: str) -> bool:
    return kind in BUILT_IN or kind in followable_resources()


def kind_label(kind: str) -> StrOrPromise:
    spec = registry.get(kind)
    if spec is not None and spec.followable is not None:
        return capfirst(str(spec.label))
    return BUILT_IN_LABELS.get(kind, "")


# What notifications point to (`Notification.target`), and how each is checked when a notification
# is read or mailed (`queries.visibility_filter`): visibility may have changed since the event.
def notified_with_their_demarche() -> tuple[str, ...]:
    """Seen exactly when the notification's démarche is seen: the event recorded the démarche
    itself, or the one a followable resource's object (and the debate on it) belongs to."""
    resources = tuple(spec.model for spec in registry.all() if spec.followable is not None)
    return ("demarches.Demarche", *resources)


# - Seen when their app's own rule says so (it may be stricter than the démarche's).
NOTIFIED_WITH_THEIR_OWN_RULE: dict[str, str] = {
    "decisions.Decision": "cocite.decisions.queries.visible_decisions",
    "results.Result": "cocite.results.queries.visible_results",
    # A moderation decision is told to the person it concerns, and to no one else.
    "moderation.ModerationAction": "cocite.moderation.queries.notified_actions",
    # Reports (cocite.reports): their followers and reporter are told of each status.
    "reports.Report": "cocite.reports.queries.visible_reports",
    # A call for help of the network (cocite.network), told to those it matches.
    "network.CallForHelp": "cocite.network.queries.notified_calls",
}
# Any other target is never listed, counted nor mailed (fail closed): a component that starts
# notifying about a new kind of object adds it above, or registers a followable resource.


def model_for(kind: str) -> type[models.Model] | None:
    label = followable().get(kind)
    return apps.get_model(label) if label else None


def kind_of(obj: models.Model) -> str | None:
    label = f"{obj._meta.app_label}.{obj._meta.object_name}"
    return next((kind for kind, model in followable().items() if model == label), None)


def content_type_for(kind: str) -> ContentType:
    """Content types are cached by Django after the first lookup."""
    model = model_for(kind)
    if model is None:
        raise KeyError(kind)
    return ContentType.objects.get_for_model(model)


def kind_for_content_type_id(content_type_id: int) -> str | None:
    for kind in followable():
        if content_type_for(kind).pk == content_type_id:
            return kind
    return None


BUILT_IN_FOLLOWED_MESSAGES: dict[str, StrOrPromise] = {
    "demarche": _(
        "Vous suivez cette démarche : vous serez prévenu·e des nouvelles contributions et des changements de phase."
    ),
    "quartier": _("Vous suivez ce quartier : vous serez prévenu·e des nouvelles contributions qui le concernent."),
    "theme": _("Vous suivez ce thème : vous serez prévenu·e des nouvelles contributions qui le concernent."),
}
UNFOLLOWED_MESSAGE: StrOrPromise = _("Vous ne suivez plus cet élément : vous n'en recevrez plus de nouvelles.")


def followed_message(kind: str) -> StrOrPromise:
    resource = followable_resources().get(kind)
    if resource is not None:
        return resource.followed_message
    return BUILT_IN_FOLLOWED_MESSAGES[kind]
