"""Commitments: an item reaching its rule version's support threshold starts the answer deadline."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from cocite.core.cache import reference_data
from cocite.demarches.models import RuleVersion
from cocite.items.models import Item
from cocite.items.registry import registry

from .. import signals
from ..models import Commitment, Decision
from .base import on_commit


def _rule_version(pk: int) -> RuleVersion | None:
    """A published rule version: immutable (the ORM refuses to change one), so cached for long."""
    return (
        reference_data(f"rule-version:{pk}", lambda: RuleVersion.objects.filter(pk=pk).first() or False, timeout=3600)
        or None
    )


def _with_deadline(version: RuleVersion | None) -> bool:
    return version is not None and version.support_threshold is not None and version.answer_deadline_days is not None


def commitment_check_after_support(
    *, kind: str, object_id: int, rule_version_id: int | None, support_count: int
) -> Commitment | None:
    """After one more support: below the threshold (the common case) this costs no query."""
    version = _rule_version(rule_version_id) if rule_version_id else None
    if version is None or not _with_deadline(version) or support_count < (version.support_threshold or 0):
        return None
    item = Item.objects.filter(kind=kind, object_id=object_id).first()
    return commitment_check(item=item) if item is not None else None


def commitment_check(*, item: Item) -> Commitment | None:
    """Start the answer deadline once the item has reached its rule version's support threshold.

    The threshold and the deadline are those of the rule version recorded on the item; the
    deadline runs from the moment of the N-th support (the resource says when that was). Once
    started, a commitment stays even if supports are withdrawn later.
    """
    decidable = registry.spec(item.kind).decidable
    version = _rule_version(item.rule_version_id) if item.rule_version_id else None
    if decidable is None or decidable.threshold_reached_at is None or version is None or not _with_deadline(version):
        return None
    existing = Commitment.objects.filter(item_id=item.pk).first()
    if existing is not None:
        return existing
    threshold = version.support_threshold or 0
    reached_at = decidable.threshold_reached_at(item.object_id, threshold)
    if reached_at is None:  # below the threshold
        return None
    deadline_days = version.answer_deadline_days or 0
    first = (
        Decision.objects.filter(item_links__item_id=item.pk)
        .order_by("published_at", "pk")
        .only("pk", "published_at")
        .first()
    )
    try:
        with transaction.atomic():
            commitment = Commitment.objects.create(
                item=item,
                rule_version=version,
                threshold=threshold,
                deadline_days=deadline_days,
                reached_at=reached_at,
                due_at=reached_at + datetime.timedelta(days=deadline_days),
                answered_at=first.published_at if first else None,
                decision=first,
            )
    except IntegrityError:
        return Commitment.objects.get(item_id=item.pk)
    on_commit(lambda: signals.commitment_started.send(sender=Commitment, item=item, commitment=commitment))
    return commitment


def commitments_backfill() -> int:
    """Start the commitments of items already past their threshold (imports, demo data); returns how many."""
    kinds = [s.kind for s in registry.all() if s.decidable is not None and s.decidable.threshold_reached_at]
    candidates = Item.objects.filter(
        kind__in=kinds,
        rule_version__support_threshold__isnull=False,
        rule_version__answer_deadline_days__isnull=False,
        commitment__isnull=True,
    ).order_by("pk")
    count = 0
    for item in candidates.iterator(chunk_size=500):
        if commitment_check(item=item) is not None:
            count += 1
    return count
