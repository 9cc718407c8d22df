"""What the machinery's signals mean for follows and notifications. Connected in NotificationsConfig.ready().

Every signal here is sent on commit by the sending app's actions, so the receivers only
do a quick write (an automatic follow) and queue the fan-out. Resources wire their own
events in (e.g. cocite/contributions/receivers.py): the machinery never imports them.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete

from cocite.debate import signals as debate_signals
from cocite.decisions import signals as decision_signals
from cocite.demarches import signals as demarche_signals
from cocite.items.registry import ResourceSpec, registry
from cocite.moderation import signals as moderation_signals

from . import actions, events, targets


def on_comment_posted(sender: Any, comment: Any, target: Any, **kwargs: Any) -> None:
    actions.follow_auto(user_id=getattr(comment, "author_id", None), target=target)
    actions.event_publish(events.comment_posted(comment, target))


def on_official_answer_posted(sender: Any, comment: Any, target: Any, department: Any = None, **kwargs: Any) -> None:
    actions.event_publish(events.official_answer_posted(comment, target, department))


def on_decision_published(sender: Any, decision: Any, **kwargs: Any) -> None:
    if decision.supersedes_id is None:
        return  # a first decision is told through the status it gives the items
    event = events.decision_corrected(decision)
    if event is not None:
        actions.event_publish(event)


def on_phase_changed(sender: Any, demarche: Any, phase: Any, **kwargs: Any) -> None:
    if phase is not None:
        actions.phase_announce(demarche=demarche, phase=phase)


def on_moderation(sender: Any, action: Any, url: str = "", until: Any = None, **kwargs: Any) -> None:
    actions.moderation_notify(action=action, url=url, until=until)


def on_followable_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    actions.follows_delete_for(instance)


def connect() -> None:
    uid = "cocite.notifications"
    debate_signals.comment_posted.connect(on_comment_posted, dispatch_uid=f"{uid}.comment")
    debate_signals.official_answer_posted.connect(on_official_answer_posted, dispatch_uid=f"{uid}.answer")
    demarche_signals.phase_changed.connect(on_phase_changed, dispatch_uid=f"{uid}.phase")
    decision_signals.decision_published.connect(on_decision_published, dispatch_uid=f"{uid}.correction")
    moderation_signals.person_told.connect(on_moderation, dispatch_uid=f"{uid}.moderation")
    for label in targets.BUILT_IN.values():
        _connect_deletion(label)
    # Followable resources, whenever their app registers them (before or after this app's ready()).
    registry.on_register(_on_resource)


def _on_resource(spec: ResourceSpec) -> None:
    if spec.followable is not None:
        _connect_deletion(spec.model)


def _connect_deletion(label: str) -> None:
    uid = f"cocite.notifications.delete.{label}"
    post_delete.connect(on_followable_deleted, sender=apps.get_model(label), dispatch_uid=uid)
