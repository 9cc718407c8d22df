"""The public log: rule versions and opinions enter it (payloads: cocite.decisions.journal)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from cocite.demarches.models import Demarche, RuleVersion

from .. import journal, ledger
from ..models import LogEntry, Opinion


@transaction.atomic
def log_rule_version(version: RuleVersion) -> LogEntry | None:
    """Append a rule version to the log (idempotent); a draft démarche's versions wait for its publication."""
    existing = ledger.entry_for(f"rule_version:{version.pk}")
    if existing is not None:
        return existing
    version = RuleVersion.objects.select_related("rulebook", "rulebook__demarche").get(pk=version.pk)
    demarche = version.rulebook.demarche
    if demarche is not None and demarche.status == Demarche.Status.DRAFT:
        return None
    return ledger.append(
        kind=LogEntry.Kind.RULE_VERSION,
        subject_key=f"rule_version:{version.pk}",
        payload=journal.rule_version_payload(version),
        sealed_for=journal.sealed_for([demarche]),
    )


def log_pending_rule_versions(demarche: Demarche) -> list[LogEntry]:
    """Once a démarche leaves draft, its rule versions enter the log (oldest first, idempotent)."""
    entries = []
    for version in RuleVersion.objects.filter(rulebook__demarche=demarche).order_by("number"):
        entry = log_rule_version(version)
        if entry is not None:
            entries.append(entry)
    return entries


def publish_opinions(opinions: QuerySet[Opinion]) -> list[LogEntry]:
    """Publish answered opinions (in order) and append one log entry each (inside the caller's transaction)."""
    entries = []
    now = timezone.now()
    rows = list(
        opinions.filter(published_at__isnull=True)
        .select_related("request", "request__department", "request__item", "request__item__demarche")
        .order_by("created_at", "pk")
    )
    for opinion in rows:
        entries.append(
            ledger.append(
                kind=LogEntry.Kind.OPINION,
                subject_key=f"opinion:{opinion.pk}",
                payload=journal.opinion_payload(opinion),
                sealed_for=journal.sealed_for([opinion.request.item.demarche]),
            )
        )
    if rows:
        Opinion.objects.filter(pk__in=[o.pk for o in rows]).update(published_at=now)
    return entries
