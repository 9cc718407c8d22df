"""What contributions' own events mean for the machinery: follows and notifications.

The resource wires itself in (the machinery never imports a resource app). Connected in
ContributionsConfig.ready(). `contribution_submitted` and `contribution_status_changed` are
sent on commit by the actions, so these receivers only do a quick write (an automatic follow)
and queue the fan-out; `support_recorded` is sent as soon as the support is written, so the
supporter follows at once.
"""

from __future__ import annotations

from typing import Any

from cocite.notifications import actions as notifications
from cocite.notifications import events

from . import signals


def on_contribution_submitted(sender: Any, contribution: Any, **kwargs: Any) -> None:
    # Offline contributions have no author account: nobody to follow for them.
    notifications.follow_auto(user_id=contribution.author_id, target=contribution)
    notifications.event_publish(events.new_contribution(contribution))


def on_contribution_supported(sender: Any, contribution: Any, user: Any, **kwargs: Any) -> None:
    notifications.follow_auto(user_id=getattr(user, "pk", None), target=contribution)


def on_contribution_status_changed(
    sender: Any, contribution: Any, old_status: str, new_status: str, **kwargs: Any
) -> None:
    if old_status == new_status:
        return
    actor = kwargs.get("actor") or kwargs.get("user")
    notifications.event_publish(events.status_changed(contribution, old_status, new_status, actor=actor))


def connect() -> None:
    uid = "cocite.contributions.notifications"
    signals.contribution_submitted.connect(on_contribution_submitted, dispatch_uid=f"{uid}.submitted")
    # Right after the support is written (not on commit): the supporter follows at once.
    signals.support_recorded.connect(on_contribution_supported, dispatch_uid=f"{uid}.supported")
    signals.contribution_status_changed.connect(on_contribution_status_changed, dispatch_uid=f"{uid}.status")
