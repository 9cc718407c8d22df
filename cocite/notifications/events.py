"""Events worth a notification, as plain JSON-able data handed to the fan-out task.

Builders run in the request (on commit), read what the sentence needs from objects
already in memory, and decide who is told: the followers of some targets. The task
(`tasks.fan_out`) does the set-based work.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from cocite.demarches.models import Demarche
from cocite.items.models import ItemStatus
from cocite.items.registry import registry
from cocite.territory.models import Quartier, Theme

from .models import Notification


@dataclass(frozen=True)
class Event:
    kind: str
    # Same key → same event: at most one notification per person, whatever the retries.
    key: str
    target_type_id: int
    target_id: int
    url: str
    demarche_id: int | None
    actor_id: int | None
    payload: dict[str, Any]
    # Followers of these targets are told: [content type id, [object ids]].
    audiences: list[tuple[int, list[int]]]
    # Told first with another kind, if they follow (e.g. the author of the comment replied to).
    priority: list[tuple[int, str]] = field(default_factory=list)
    # People never told (besides the actor): e.g. the agent who recorded an offline contribution.
    excluded_ids: list[int] = field(default_factory=list)
    # An official answer replaces the "new comment" notification of the same comment.
    upgrade: bool = False

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Event:
        values = dict(data)
        values["audiences"] = [(int(ct), [int(i) for i in ids]) for ct, ids in values.get("audiences", [])]
        values["priority"] = [(int(user), str(kind)) for user, kind in values.get("priority", [])]
        return cls(**values)


def _ct(obj: models.Model | type[models.Model]) -> int:
    return int(ContentType.objects.get_for_model(obj).pk)


def _url_of(obj: Any) -> str:
    get_url = getattr(obj, "get_absolute_url", None)
    return str(get_url()) if callable(get_url) else ""


def _demarche_id_of(target: Any) -> int | None:
    if isinstance(target, Demarche):
        return int(target.pk)
    return getattr(target, "demarche_id", None)


def new_contribution(contribution: Any) -> Event:
    """Told: followers of the démarche, of the contribution's quartier and of its themes."""
    demarche = contribution.demarche
    audiences: list[tuple[int, list[int]]] = [(_ct(Demarche), [demarche.pk])]
    if contribution.quartier_id:
        audiences.append((_ct(Quartier), [contribution.quartier_id]))
    theme_ids = [theme.pk for theme in contribution.themes.all()]
    if theme_ids:
        audiences.append((_ct(Theme), theme_ids))
    return Event(
        kind=Notification.Kind.NEW_CONTRIBUTION,
        key=f"contribution:{contribution.pk}",
        target_type_id=_ct(contribution),
        target_id=contribution.pk,
        url=_url_of(contribution),
        demarche_id=demarche.pk,
        actor_id=contribution.author_id,
        payload={
            "title": contribution.title,
            "demarche_title": demarche.title,
            "actor_name": contribution.public_author_name,
        },
        audiences=audiences,
        excluded_ids=[contribution.recorded_by_id] if contribution.recorded_by_id else [],
    )


def status_changed(contribution: Any, old_status: str, new_status: str, actor: Any = None) -> Event:
    """Told: followers of the contribution. A withdrawal is the author's own act.

    Uses only fields of the contribution row (bulk status changes send many of these).
    """
    actor_id = getattr(actor, "pk", None)
    if actor_id is None and new_status == ItemStatus.WITHDRAWN:
        actor_id = contribution.author_id
    return Event(
        kind=Notification.Kind.STATUS_CHANGED,
        # A status may come back to an earlier value: every change is its own event.
        key=f"status:{contribution.pk}:{new_status}:{uuid.uuid4().hex[:12]}",
        target_type_id=_ct(contribution),
        target_id=contribution.pk,
        url=_url_of(contribution),
        demarche_id=contribution.demarche_id,
        actor_id=actor_id,
        payload={
            "title": contribution.title,
            "old_status": str(old_status),
            "new_status": str(new_status),
        },
        audiences=[(_ct(contribution), [contribution.pk])],
    )


def _comment_url(comment: Any, target: Any) -> str:
    url = _url_of(comment)
    if url:
        return url
    return f"{_url_of(target)}#commentaire-{comment.pk}"


def _comment_payload(target: Any) -> dict[str, Any]:
    return {"title": str(getattr(target, "title", target))}


def comment_posted(comment: Any, target: Any) -> Event:
    """Told: followers of the commented object; the author of the comment replied to is told it is a reply."""
    demarche_id = _demarche_id_of(target)
    author_id = getattr(comment, "author_id", None)
    payload = _comment_payload(target)
    author = getattr(comment, "author", None) if author_id else None
    if author is not None:
        payload["actor_name"] = str(getattr(author, "display_name", ""))
    priority: list[tuple[int, str]] = []
    parent_id = getattr(comment, "parent_id", None)
    if parent_id:
        parent_author_id = getattr(getattr(comment, "parent", None), "author_id", None)
        if parent_author_id and parent_author_id != author_id:
            priority.append((parent_author_id, Notification.Kind.REPLY))
    return Event(
        kind=Notification.Kind.COMMENT,
        key=f"comment:{comment.pk}",
        target_type_id=_ct(target),
        target_id=target.pk,
        url=_comment_url(comment, target),
        demarche_id=demarche_id,
        actor_id=author_id,
        payload=payload,
        audiences=[(_ct(target), [target.pk])],
        priority=priority,
    )


def official_answer_posted(comment: Any, target: Any, department: Any) -> Event:
    """Told: followers of the answered object. Same key as the comment: one notification, upgraded."""
    demarche_id = _demarche_id_of(target)
    payload = _comment_payload(target)
    if department is not None:
        payload["department_name"] = str(department.name)
    return Event(
        kind=Notification.Kind.OFFICIAL_ANSWER,
        key=f"comment:{comment.pk}",
        target_type_id=_ct(target),
        target_id=target.pk,
        url=_comment_url(comment, target),
        demarche_id=demarche_id,
        actor_id=getattr(comment, "author_id", None),
        payload=payload,
        audiences=[(_ct(target), [target.pk])],
        upgrade=True,
    )


def phase_changed(demarche: Any, phase: Any) -> Event:
    """Told: followers of the démarche."""
    return Event(
        kind=Notification.Kind.PHASE_CHANGED,
        key=f"phase:{demarche.pk}:{phase.pk}",
        target_type_id=_ct(demarche),
        target_id=demarche.pk,
        url=_url_of(demarche),
        demarche_id=demarche.pk,
        actor_id=None,
        payload={"demarche_title": demarche.title, "phase": str(phase.kind)},
        audiences=[(_ct(demarche), [demarche.pk])],
    )


def decision_corrected(decision: Any) -> Event | None:
    """Told: followers of what a correction covers — that a correcting decision, with its reason, replaced one.

    (The items' status change, when the outcome changed, is told apart, as for any decision.)
    """
    items = list(decision.items.all())
    audiences: dict[int, list[int]] = {}
    for item in items:
        spec = registry.get(item.kind)
        if spec is not None:
            audiences.setdefault(_ct(apps.get_model(spec.model)), []).append(item.object_id)
    if not audiences:
        return None
    first = items[0]
    spec = registry.spec(first.kind)
    return Event(
        kind=Notification.Kind.DECISION_CORRECTED,
        key=f"correction:{decision.pk}",
        target_type_id=_ct(apps.get_model(spec.model)),
        target_id=first.object_id,
        url=_url_of(decision),
        demarche_id=decision.demarche_id,
        actor_id=decision.recorded_by_id,
        payload={
            "title": first.title,
            "others": len(items) - 1,
            "number": decision.pk,
            "replaced": decision.supersedes_id,
            "reason": decision.correction_reason[:300],
        },
        audiences=sorted(audiences.items()),
    )
