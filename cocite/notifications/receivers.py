"""What other apps' signals mean for follows and notifications. Connected in NotificationsConfig.ready().

Every signal here is sent on commit by the sending app's actions, so the receivers only
do a quick write (an automatic follow) and queue the fan-out — except `support_recorded`,
sent as soon as the support is written, so the supporter follows at once.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete

from cocite.contributions import signals as contribution_signals
from cocite.debate import signals as debate_signals
from cocite.demarches import signals as demarche_signals

from . import actions, events
from .targets import FOLLOWABLE


def on_contribution_submitted(sender: Any, contribution: Any, **kwargs: Any) -> None:
    # Offline contributions have no author account: nobody to follow for them.
    actions.follow_auto(user_id=contribution.author_id, target=contribution)
    actions.event_publish(events.new_contribution(contribution))


def on_contribution_supported(sender: Any, contribution: Any, user: Any, **kwargs: Any) -> None:
    actions.follow_auto(user_id=getattr(user, "pk", None), target=contribution)


def on_contribution_status_changed(
    sender: Any, contribution: Any, old_status: str, new_status: str, **kwargs: Any
) -> None:
    if old_status == new_status:
        return
    actor = kwargs.get("actor") or kwargs.get("user")
    actions.event_publish(events.status_changed(contribution, old_status, new_status, actor=actor))


def on_comment_posted(sender: Any, comment: Any, target: Any, **kwargs: Any) -> None:
    actions.follow_auto(user_id=getattr(comment, "author_id", None), target=target)
    actions.event_publish(events.comment_posted(comment, target))


def on_official_answer_posted(sender: Any, comment: Any, target: Any, department: Any = None, **kwargs: Any) -> None:
    actions.event_publish(events.official_answer_posted(comment, target, department))


def on_phase_changed(sender: Any, demarche: Any, phase: Any, **kwargs: Any) -> None:
    if phase is not None:
        actions.phase_announce(demarche=demarche, phase=phase)


def on_followable_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    actions.follows_delete_for(instance)


def connect() -> None:
    uid = "cocite.notifications"
    contribution_signals.contribution_submitted.connect(on_contribution_submitted, dispatch_uid=f"{uid}.submitted")
    # Right after the support is written (not on commit): the supporter follows at once.
    contribution_signals.support_recorded.connect(on_contribution_supported, dispatch_uid=f"{uid}.supported")
    contribution_signals.contribution_status_changed.connect(
        on_contribution_status_changed, dispatch_uid=f"{uid}.status"
    )
    debate_signals.comment_posted.connect(on_comment_posted, dispatch_uid=f"{uid}.comment")
    debate_signals.official_answer_posted.connect(on_official_answer_posted, dispatch_uid=f"{uid}.answer")
    demarche_signals.phase_changed.connect(on_phase_changed, dispatch_uid=f"{uid}.phase")
    for label in FOLLOWABLE.values():
        post_delete.connect(on_followable_deleted, sender=apps.get_model(label), dispatch_uid=f"{uid}.delete.{label}")
