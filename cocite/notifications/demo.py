"""Demo follows and notifications: a few residents follow things and have news waiting.

The facts are data: `demo/notifications.yaml` (its header describes each key). Follows and
e-mail preferences go through the actions (`follow_set`, `preference_set`). The news are
written here, not fanned out: they are hand-picked examples with fixed event keys
("demo:…"), dated in the past and marked as already mailed, so `send_digests` never mails them.

Idempotent: follows are unique per person and target; demo notifications are updated in place
on a re-run.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cocite.accounts.models import User
from cocite.core import demo
from cocite.demarches.models import Demarche
from cocite.items.models import Item
from cocite.items.queries import objects_of
from cocite.territory.models import Quartier, Theme

from . import actions
from .models import Notification, NotificationPreference

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "notifications.yaml"

# The kind of item (cocite.items) the news are about: « contributions: N » in the data file.
# Reached through the items, as the machinery reaches every resource (it never imports one).
NEWS_ITEM_KIND = "contribution"
# follows: list key -> the model followed (by slug)
FOLLOWED: dict[str, type[models.Model]] = {"demarches": Demarche, "quartiers": Quartier, "themes": Theme}
NEWS_KINDS = {
    "phase_changed": Notification.Kind.PHASE_CHANGED,
    "new_contribution": Notification.Kind.NEW_CONTRIBUTION,
    "status_changed": Notification.Kind.STATUS_CHANGED,
}
NEWS_KEYS = {
    "required": {"recipient", "key", "kind", "demarche", "hours_ago"},
    "optional": {"contributions", "follow", "read", "old_status", "new_status"},
}


def load_content(data: demo.DemoData | None = None) -> dict[str, list[dict[str, Any]]]:
    """Read and check `demo/notifications.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.notifications", DATA_FILE)
    follows = demo.records(data, data["follows"], required={"who"}, optional=set(FOLLOWED), where="follows")
    preferences = demo.records(data, data["preferences"], required={"who", "email_frequency"}, where="preferences")
    for index, preference in enumerate(preferences):
        if preference["email_frequency"] not in NotificationPreference.EmailFrequency.values:
            raise demo.fail(data, f"preferences: {demo.describe(preference, index)}", "unknown email_frequency")
    news = demo.records(data, data["news"], where="news", **NEWS_KEYS)
    for index, entry in enumerate(news):
        where = f"news: entry {index + 1} (key: {entry['key']!r})"
        if entry["kind"] not in NEWS_KINDS:
            raise demo.fail(data, where, f"kind {entry['kind']!r} is not one of {', '.join(NEWS_KINDS)}")
        if entry["kind"] != "phase_changed" and not entry.get("contributions"):
            raise demo.fail(data, where, "say about how many of the démarche's first contributions (contributions: N)")
        if entry["kind"] == "status_changed" and not (entry.get("old_status") and entry.get("new_status")):
            raise demo.fail(data, where, "a status change needs old_status and new_status")
    return {"follows": follows, "preferences": preferences, "news": news}


def _notify(
    recipient: User,
    key: str,
    kind: str,
    target: models.Model,
    demarche: Demarche,
    payload: dict[str, Any],
    *,
    actor: User | None = None,
    hours_ago: int = 1,
    read: bool = False,
) -> None:
    created_at = timezone.now() - datetime.timedelta(hours=hours_ago)
    Notification.objects.update_or_create(
        recipient=recipient,
        event_key=f"demo:{key}",
        defaults={
            "kind": kind,
            "actor": actor,
            "target_type": ContentType.objects.get_for_model(target),
            "target_id": target.pk,
            "demarche": demarche,
            "payload": {"demarche_title": demarche.title, **payload},
            "url": str(target.get_absolute_url()),  # type: ignore[attr-defined]
            "created_at": created_at,
            "read_at": created_at + datetime.timedelta(minutes=30) if read else None,
            # Demo news is never mailed by send_digests.
            "emailed_at": created_at,
        },
    )


def _news(entry: dict[str, Any], recipient: User, demarche: Demarche) -> int:
    """Write one entry of `news`; returns how many notifications it made."""
    kind, key, hours_ago = NEWS_KINDS[entry["kind"]], entry["key"], int(entry["hours_ago"])
    read = bool(entry.get("read", False))
    if entry["kind"] == "phase_changed":
        phase = demarche.current_phase()
        if phase is None:
            return 0
        _notify(recipient, key, kind, demarche, demarche, {"phase": phase.kind}, hours_ago=hours_ago, read=read)
        return 1
    count = 0
    items = list(
        Item.objects.filter(kind=NEWS_ITEM_KIND, demarche=demarche).order_by("object_id")[: int(entry["contributions"])]
    )
    objects = objects_of(items)
    contributions: list[Any] = [objects[item.pk] for item in items if item.pk in objects]
    for index, contribution in enumerate(contributions):
        if contribution.author_id == recipient.pk:
            continue
        if entry.get("follow"):
            actions.follow_set(user=recipient, target=contribution, following=True)
        if entry["kind"] == "new_contribution":
            payload = {"title": contribution.title, "actor_name": contribution.public_author_name}
            _notify(
                recipient, f"{key}-{index}", kind, contribution, demarche, payload,
                actor=contribution.author, hours_ago=hours_ago + index, read=read,
            )  # fmt: skip
        else:
            payload = {
                "title": contribution.title,
                "old_status": entry["old_status"],
                "new_status": entry["new_status"],
            }
            _notify(recipient, f"{key}-{index}", kind, contribution, demarche, payload, hours_ago=hours_ago, read=read)
        count += 1
    return count


def seed(stdout: TextIO) -> None:
    content = load_content()
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    follows = 0
    for entry in content["follows"]:
        user = people.get(entry["who"])
        if user is None:
            continue
        for key, model in FOLLOWED.items():
            for slug in entry.get(key) or ():
                target = model._default_manager.filter(slug=slug).first()
                if target is not None:
                    actions.follow_set(user=user, target=target, following=True)
                    follows += 1
    for preference in content["preferences"]:
        if preference["who"] in people:
            actions.preference_set(user=people[preference["who"]], frequency=preference["email_frequency"])

    notifications = 0
    for entry in content["news"]:
        recipient = people.get(entry["recipient"])
        demarche = Demarche.objects.filter(slug=entry["demarche"]).prefetch_related("phases").first()
        if recipient is not None and demarche is not None:
            notifications += _news(entry, recipient, demarche)
    stdout.write(f"  notifications : {follows} abonnements, {notifications} notifications de démonstration")
