"""Demo follows and notifications: a few residents follow things and have news waiting.

Idempotent: follows are unique per person and target; demo notifications have fixed
event keys ("demo:…") and are updated in place on a re-run.
"""

from __future__ import annotations

import datetime
from typing import Any, TextIO

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cocite.accounts.models import User
from cocite.contributions.models import Contribution
from cocite.demarches.models import Demarche
from cocite.territory.models import Quartier, Theme

from .models import Follow, Notification, NotificationPreference

DEMO_DOMAIN = "demo.bellerive.example"

# (email local part, [("demarche" | "quartier" | "theme", slug)])
FOLLOWS = [
    (
        "camille.martin",
        [("demarche", "budget-participatif-2027"), ("quartier", "les-tilleuls"), ("theme", "espaces-verts")],
    ),
    ("yanis.benali", [("demarche", "securite-rue-ecoles"), ("quartier", "la-gare"), ("theme", "mobilite")]),
    ("lea.dubois", [("demarche", "securite-rue-ecoles"), ("theme", "mobilite")]),
    ("nadia.haddad", [("quartier", "la-gare")]),
]

# Léa wants every piece of news at once; the others keep the default daily digest.
PREFERENCES = [("lea.dubois", NotificationPreference.EmailFrequency.IMMEDIATE)]

MODELS: dict[str, type[models.Model]] = {"demarche": Demarche, "quartier": Quartier, "theme": Theme}


def _follow(user: User, target: models.Model) -> None:
    Follow.objects.get_or_create(user=user, content_type=ContentType.objects.get_for_model(target), object_id=target.pk)


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


def seed(stdout: TextIO) -> None:
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
    follows = 0
    for local, wanted in FOLLOWS:
        user = people.get(local)
        if user is None:
            continue
        for kind, slug in wanted:
            target = MODELS[kind].objects.filter(slug=slug).first()  # type: ignore[attr-defined]
            if target is not None:
                _follow(user, target)
                follows += 1
    for local, frequency in PREFERENCES:
        if local in people:
            NotificationPreference.objects.update_or_create(user=people[local], defaults={"email_frequency": frequency})

    notifications = 0
    camille, yanis = people.get("camille.martin"), people.get("yanis.benali")
    budget = Demarche.objects.filter(slug="budget-participatif-2027").prefetch_related("phases").first()
    securite = Demarche.objects.filter(slug="securite-rue-ecoles").first()
    if camille is not None and budget is not None:
        phase = budget.current_phase()
        if phase is not None:
            _notify(
                camille, "phase-budget", Notification.Kind.PHASE_CHANGED, budget, budget, {"phase": phase.kind},
                hours_ago=30, read=True,
            )  # fmt: skip
            notifications += 1
        for index, contribution in enumerate(
            Contribution.objects.filter(demarche=budget).select_related("author").order_by("pk")[:2]
        ):
            if contribution.author_id == camille.pk:
                continue
            _follow(camille, contribution)
            _notify(
                camille, f"budget-contribution-{index}", Notification.Kind.NEW_CONTRIBUTION, contribution, budget,
                {"title": contribution.title, "actor_name": contribution.public_author_name},
                actor=contribution.author, hours_ago=5 + index,
            )  # fmt: skip
            notifications += 1
            if index == 0:
                _notify(
                    camille, "budget-status-0", Notification.Kind.STATUS_CHANGED, contribution, budget,
                    {"title": contribution.title, "old_status": Contribution.Status.RECEIVED,
                     "new_status": Contribution.Status.UNDER_REVIEW},
                    hours_ago=2,
                )  # fmt: skip
                notifications += 1
    if yanis is not None and securite is not None:
        for index, contribution in enumerate(
            Contribution.objects.filter(demarche=securite).select_related("author").order_by("pk")[:2]
        ):
            if contribution.author_id == yanis.pk:
                continue
            _notify(
                yanis, f"securite-contribution-{index}", Notification.Kind.NEW_CONTRIBUTION, contribution, securite,
                {"title": contribution.title, "actor_name": contribution.public_author_name},
                actor=contribution.author, hours_ago=3 + index,
            )  # fmt: skip
            notifications += 1
    stdout.write(f"  notifications : {follows} abonnements, {notifications} notifications de démonstration")
