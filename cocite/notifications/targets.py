"""What can be followed: the kind slug used in URLs, and its model."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# kind (URL slug) -> "app_label.ModelName"
FOLLOWABLE: dict[str, str] = {
    "contribution": "contributions.Contribution",
    "demarche": "demarches.Demarche",
    "quartier": "territory.Quartier",
    "theme": "territory.Theme",
}

KIND_LABELS: dict[str, StrOrPromise] = {
    "contribution": _("Contribution"),
    "demarche": _("Démarche"),
    "quartier": _("Quartier"),
    "theme": _("Thème"),
}


# What notifications point to (`Notification.target`), and how each is checked when a notification
# is read or mailed (`queries.visibility_filter`): visibility may have changed since the event.
# - Seen exactly when the notification's démarche is seen: the event recorded the démarche itself,
#   or the one a contribution (and the debate on it) belongs to.
NOTIFIED_WITH_THEIR_DEMARCHE: tuple[str, ...] = ("demarches.Demarche", "contributions.Contribution")
# - Seen when their app's own rule says so (it may be stricter than the démarche's).
NOTIFIED_WITH_THEIR_OWN_RULE: dict[str, str] = {
    "decisions.Decision": "cocite.decisions.queries.visible_decisions",
    "results.Result": "cocite.results.queries.visible_results",
}
# Any other target is never listed, counted nor mailed (fail closed): a component that starts
# notifying about a new kind of object adds it above.


def model_for(kind: str) -> type[models.Model] | None:
    label = FOLLOWABLE.get(kind)
    return apps.get_model(label) if label else None


def kind_of(obj: models.Model) -> str | None:
    label = f"{obj._meta.app_label}.{obj._meta.object_name}"
    return next((kind for kind, model in FOLLOWABLE.items() if model == label), None)


def content_type_for(kind: str) -> ContentType:
    """Content types are cached by Django after the first lookup."""
    model = model_for(kind)
    if model is None:
        raise KeyError(kind)
    return ContentType.objects.get_for_model(model)


def kind_for_content_type_id(content_type_id: int) -> str | None:
    for kind in FOLLOWABLE:
        if content_type_for(kind).pk == content_type_id:
            return kind
    return None


FOLLOWED_MESSAGES: dict[str, StrOrPromise] = {
    "contribution": _(
        "Vous suivez cette contribution : vous serez prévenu·e des commentaires, des réponses officielles "
        "et des changements de statut."
    ),
    "demarche": _(
        "Vous suivez cette démarche : vous serez prévenu·e des nouvelles contributions et des changements de phase."
    ),
    "quartier": _("Vous suivez ce quartier : vous serez prévenu·e des nouvelles contributions qui le concernent."),
    "theme": _("Vous suivez ce thème : vous serez prévenu·e des nouvelles contributions qui le concernent."),
}
UNFOLLOWED_MESSAGE: StrOrPromise = _("Vous ne suivez plus cet élément : vous n'en recevrez plus de nouvelles.")
