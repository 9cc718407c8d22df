"""What the arbitration does when other apps signal something (connected in DecisionsConfig.ready).

- a resource submitted an item: route it to the competent department;
- an item got one more support: start the answer deadline when it reaches the threshold;
- a rule version is published: append it to the public log, in the same transaction;
- a démarche leaves draft: append its rule versions (a draft publishes nothing);
- after `migrate`: make sure the append-only triggers exist (SQLite drops them when a
  migration rebuilds a table).
"""

from __future__ import annotations

import logging
from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate, post_save

from cocite.demarches import signals as demarche_signals
from cocite.demarches.models import Demarche
from cocite.items import signals as item_signals

from .actions import commitment_check_after_support, log_pending_rule_versions, log_rule_version, routing_auto
from .ledger import ensure_triggers

logger = logging.getLogger(__name__)


def on_item_submitted(sender: Any, item: Any, **kwargs: Any) -> None:
    try:
        routing_auto(item=item)
    except Exception:  # the object is saved; `manage.py route_contributions` routes stragglers
        logger.exception("could not route item %s", getattr(item, "pk", None))


def on_item_supported(
    sender: Any, kind: str, object_id: int, rule_version_id: int | None, support_count: int, **kwargs: Any
) -> None:
    try:
        commitment_check_after_support(
            kind=kind, object_id=object_id, rule_version_id=rule_version_id, support_count=support_count
        )
    except Exception:
        logger.exception("could not check the commitment of %s %s", kind, object_id)


def on_rule_version_published(sender: Any, version: Any, **kwargs: Any) -> None:
    log_rule_version(version)


def on_demarche_saved(sender: Any, instance: Demarche, raw: bool = False, **kwargs: Any) -> None:
    """A démarche out of draft: its rule versions (kept out of the log while a draft) enter it now."""
    if raw or instance.status == Demarche.Status.DRAFT:
        return
    log_pending_rule_versions(instance)


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    ensure_triggers(connections[using])


def connect(config: AppConfig) -> None:
    item_signals.item_submitted.connect(on_item_submitted, dispatch_uid="decisions_route")
    item_signals.item_supported.connect(on_item_supported, dispatch_uid="decisions_commit")
    demarche_signals.rule_version_published.connect(on_rule_version_published, dispatch_uid="decisions_log_rules")
    post_migrate.connect(on_post_migrate, sender=config, dispatch_uid="decisions_triggers")
    post_save.connect(on_demarche_saved, sender=Demarche, dispatch_uid="decisions_log_published_rules")
