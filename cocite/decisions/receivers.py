"""What the arbitration does when other apps signal something (connected in DecisionsConfig.ready).

- a contribution is submitted: route it to the competent department;
- a contribution is supported: start the answer deadline when it reaches the threshold;
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

from cocite.contributions import signals as contribution_signals
from cocite.demarches import signals as demarche_signals

logger = logging.getLogger(__name__)


def on_contribution_submitted(sender: Any, contribution: Any, **kwargs: Any) -> None:
    from .actions import routing_auto

    try:
        routing_auto(contribution=contribution)
    except Exception:  # the contribution is saved; `manage.py route_contributions` routes stragglers
        logger.exception("could not route contribution %s", getattr(contribution, "pk", None))


def on_contribution_supported(sender: Any, contribution: Any, **kwargs: Any) -> None:
    from .actions import commitment_check

    try:
        commitment_check(contribution=contribution, support_count=kwargs.get("support_count"))
    except Exception:
        logger.exception("could not check the commitment of contribution %s", getattr(contribution, "pk", None))


def on_rule_version_published(sender: Any, version: Any, **kwargs: Any) -> None:
    from .actions import log_rule_version

    log_rule_version(version)


def on_demarche_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """A démarche out of draft: its rule versions (kept out of the log while a draft) enter it now."""
    from cocite.demarches.models import Demarche

    from .actions import log_pending_rule_versions

    if raw or instance.status == Demarche.Status.DRAFT:
        return
    log_pending_rule_versions(instance)


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from .ledger import ensure_triggers

    ensure_triggers(connections[using])


def connect(config: AppConfig) -> None:
    contribution_signals.contribution_submitted.connect(on_contribution_submitted, dispatch_uid="decisions_route")
    contribution_signals.contribution_supported.connect(on_contribution_supported, dispatch_uid="decisions_commit")
    demarche_signals.rule_version_published.connect(on_rule_version_published, dispatch_uid="decisions_log_rules")
    post_migrate.connect(on_post_migrate, sender=config, dispatch_uid="decisions_triggers")
    post_save.connect(on_demarche_saved, sender="demarches.Demarche", dispatch_uid="decisions_log_published_rules")
