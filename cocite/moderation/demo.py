"""Demo moderation (demo/moderation.yaml), written through the actions; idempotent."""

from __future__ import annotations

from typing import Any, TextIO

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User
from cocite.core.demo import check, fail, load, records, section

from . import actions
from .models import Appeal, Flag
from .registry import registry


def _person(local_part: str) -> User | None:
    return User.objects.filter(email=f"{local_part}@{DEMO_DOMAIN}").first()


def seed(stdout: TextIO) -> None:
    data = load("cocite.moderation", "moderation.yaml")
    entries = records(
        data,
        section(data, "items"),
        required=("kind", "starts_with", "flags"),
        optional=("hide", "appeal"),
        where="items",
    )
    flagged = hidden = appealed = 0
    for entry in entries:
        spec = registry.get(entry["kind"])
        if spec is None:
            raise fail(data, entry["starts_with"], f"unknown kind {entry['kind']!r}")
        obj: Any = (
            spec.model_class()._default_manager.filter(body__startswith=entry["starts_with"]).order_by("pk").first()
        )
        if obj is None:
            continue  # the app's demo is not loaded
        if Flag.objects.filter(kind=spec.kind, object_id=obj.pk).exists():
            continue  # already seeded
        for flag in records(data, entry["flags"], required=("who", "reason"), optional=("text",), where="flags"):
            reporter = _person(flag["who"])
            if reporter is not None:
                actions.flag_submit(
                    user=reporter, kind=spec.kind, object_id=obj.pk, reason=flag["reason"], text=flag.get("text", "")
                )
                flagged += 1
        if "hide" in entry:
            hide = check(data, entry["hide"], required=("by", "reason"), optional=("note",), where="hide")
            moderator = _person(hide["by"])
            if moderator is not None:
                actions.items_hide(
                    actor=moderator,
                    kind=spec.kind,
                    object_ids=[obj.pk],
                    reason=hide["reason"],
                    note=hide.get("note", ""),
                )
                hidden += 1
                author_id = spec.author_id(obj)
                author = User.objects.filter(pk=author_id).first() if author_id else None
                if entry.get("appeal") and author is not None and not Appeal.objects.filter(object_id=obj.pk).exists():
                    actions.appeal_submit(user=author, kind=spec.kind, object_id=obj.pk, text=entry["appeal"])
                    appealed += 1
    stdout.write(f"  modération : {flagged} signalements, {hidden} contenus masqués, {appealed} recours en attente")
