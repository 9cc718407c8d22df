"""What the public log records of rule versions, opinions and decisions, and how it is checked.

The same functions build an entry's payload when it is appended (cocite.decisions.actions) and
rebuild it from the rows when the database check runs (ledger.verify_database, through the
describers registered in DecisionsConfig.ready()). An entry concerning a démarche not open to
everyone is sealed (ledger.append(sealed_for=…)): the chain commits to it without revealing it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone

from cocite.demarches.models import Audience, Demarche, RuleVersion
from cocite.items.models import Item

from . import ledger
from .models import Decision, LogEntry, Opinion

PUBLIC_AUDIENCES = (Audience.EVERYONE, Audience.VERIFIED)


def is_public(demarche: Demarche | None) -> bool:
    """Whether the log may show an entry of this démarche in clear (None: the platform charter)."""
    return demarche is None or (demarche.audience in PUBLIC_AUDIENCES and demarche.status != Demarche.Status.DRAFT)


def sealed_for(demarches: Iterable[Demarche | None]) -> list[int]:
    """The démarche ids that keep an entry sealed: all of those it concerns if one is restricted, else none."""
    concerned = [d for d in demarches if d is not None]
    if all(is_public(d) for d in concerned):
        return []
    return sorted({d.pk for d in concerned})


def public_demarche_ids() -> set[int]:
    """Démarches whose sealed entries are disclosed (published or closed, open to everyone)."""
    return set(
        Demarche.objects.filter(audience__in=PUBLIC_AUDIENCES)
        .exclude(status=Demarche.Status.DRAFT)
        .values_list("pk", flat=True)
    )


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime.datetime | None) -> str | None:
    return ledger.format_timestamp(value) if value else None


def _seq(subject_key: str) -> int | None:
    return LogEntry.objects.filter(subject_key=subject_key).values_list("seq", flat=True).first()


# ---------------------------------------------------------------------------
# Rule versions
# ---------------------------------------------------------------------------


def rule_version_payload(version: RuleVersion) -> dict[str, Any]:
    rulebook = version.rulebook
    demarche = rulebook.demarche
    payload: dict[str, Any] = {
        "rule_version": {
            "id": version.pk,
            "rulebook": rulebook.title,
            "demarche": demarche.slug if demarche else None,
            "number": version.number,
            "effective_at": _moment(version.effective_at),
            "change_note": version.change_note,
            "text_sha256": hashlib.sha256(version.text.encode("utf-8")).hexdigest(),
            "who_may_take_part": version.who_may_take_part,
            "what_happens_to_contributions": version.what_happens_to_contributions,
            "support_threshold": version.support_threshold,
            "answer_deadline_days": version.answer_deadline_days,
            "decider": version.decider,
            "reopen_threshold": version.reopen_threshold,
            "url": version.get_absolute_url(),
        }
    }
    # Versions published before these rules existed were logged without them: their entries
    # rebuild the same (the log's check compares them).
    if version.reopen_proportion is not None:
        payload["rule_version"]["reopen_proportion"] = version.reopen_proportion
    if version.late_paper_entries:
        payload["rule_version"]["late_paper_entries"] = True
    return payload


def _rule_version(pk: int) -> RuleVersion | None:
    return RuleVersion.objects.select_related("rulebook", "rulebook__demarche").filter(pk=pk).first()


def describe_rule_version(subject_key: str) -> dict[str, Any] | None:
    version = _rule_version(int(subject_key.split(":")[1]))
    return rule_version_payload(version) if version is not None else None


def unlogged_rule_versions(keys: set[str]) -> Iterable[str]:
    """Rule versions of the charter and of démarches out of draft must be in the log."""
    published = RuleVersion.objects.exclude(rulebook__demarche__status=Demarche.Status.DRAFT).order_by("pk")
    for pk in published.values_list("pk", flat=True).iterator(chunk_size=1000):
        if f"rule_version:{pk}" not in keys:
            yield f"rule version {pk}"


# ---------------------------------------------------------------------------
# Opinions
# ---------------------------------------------------------------------------


def opinion_payload(opinion: Opinion) -> dict[str, Any]:
    request = opinion.request
    return {
        "opinion": {
            "id": opinion.pk,
            request.item.kind: request.item.object_id,
            "department": request.department.slug,
            "aspects": list(request.aspects),
            "question": request.question,
            "deadline": _date(request.deadline),
            "requested_at": _moment(request.created_at),
            "answered_at": _moment(opinion.created_at),
            "on_time": timezone.localdate(opinion.created_at) <= request.deadline,
            "feasibility": opinion.feasibility,
            "estimated_cost_eur": str(opinion.estimated_cost) if opinion.estimated_cost is not None else None,
            "legal_points": opinion.legal_points,
            "recommendation": opinion.recommendation,
            "text": opinion.text,
        }
    }


def describe_opinion(subject_key: str) -> dict[str, Any] | None:
    opinion = (
        Opinion.objects.select_related("request", "request__department", "request__item")
        .filter(pk=int(subject_key.split(":")[1]))
        .first()
    )
    return opinion_payload(opinion) if opinion is not None else None


def unlogged_opinions(keys: set[str]) -> Iterable[str]:
    published = Opinion.objects.filter(published_at__isnull=False).order_by("pk")
    for pk in published.values_list("pk", flat=True).iterator(chunk_size=1000):
        if f"opinion:{pk}" not in keys:
            yield f"published opinion {pk}"


# ---------------------------------------------------------------------------
# Decisions
# ---------------------------------------------------------------------------


def _items_by_kind(items: Sequence[Item]) -> dict[str, list[dict[str, Any]]]:
    lists: dict[str, list[dict[str, Any]]] = {}
    for item in sorted(items, key=lambda i: (i.kind, i.object_id)):
        lists.setdefault(f"{item.kind}s", []).append({"id": item.object_id, "title": item.title})
    return lists


def decision_payload(
    decision: Decision,
    items: Sequence[Item],
    opinions: Sequence[Opinion],
    rule_seq: int | None,
    opinion_seqs: dict[int, int],
    supersedes_seq: int | None,
) -> dict[str, Any]:
    version = decision.rule_version
    payload: dict[str, Any] = {
        "decision": {
            "id": decision.pk,
            "url": decision.get_absolute_url(),
            "demarche": decision.demarche.slug,
            "department": decision.department.slug if decision.department else None,
            "outcome": decision.outcome,
            "merged_into": decision.merged_into.object_id if decision.merged_into else None,
            "explanation": decision.explanation,
            "criteria": list(decision.criteria),
            "criteria_notes": decision.criteria_notes,
            "rule_version": {
                "id": version.pk,
                "number": version.number,
                "rulebook": version.rulebook.title,
                "log_seq": rule_seq,
            }
            if version
            else None,
            # One list per kind of item, named after it ("contributions": [{"id", "title"}]).
            **_items_by_kind(items),
            "opinions": [{"id": o.pk, "log_seq": opinion_seqs.get(o.pk)} for o in opinions],
            "body": decision.body,
            "official": decision.official_name or None,
            "deliberation_ref": decision.deliberation_ref or None,
            "decided_on": _date(decision.decided_on),
            "supersedes": {"id": decision.supersedes_id, "log_seq": supersedes_seq} if decision.supersedes_id else None,
            "correction_reason": decision.correction_reason if decision.supersedes_id else None,
        }
    }
    # Named only when given: decisions logged before it existed rebuild the same (the log's check).
    if decision.pending_opinions_reason:
        payload["decision"]["pending_opinions_reason"] = decision.pending_opinions_reason
    return payload


def describe_decision(subject_key: str) -> dict[str, Any] | None:
    decision = (
        Decision.objects.select_related("demarche", "department", "rule_version__rulebook", "merged_into")
        .filter(pk=int(subject_key.split(":")[1]))
        .first()
    )
    if decision is None:
        return None
    items = list(Item.objects.filter(decision_links__decision=decision))
    opinions = list(Opinion.objects.filter(decision_links__decision=decision).order_by("created_at", "pk"))
    opinion_seqs = {
        int(key.split(":")[1]): seq
        for key, seq in LogEntry.objects.filter(subject_key__in=[f"opinion:{o.pk}" for o in opinions]).values_list(
            "subject_key", "seq"
        )
    }
    return decision_payload(
        decision,
        items,
        opinions,
        _seq(f"rule_version:{decision.rule_version_id}") if decision.rule_version_id else None,
        opinion_seqs,
        _seq(f"decision:{decision.supersedes_id}") if decision.supersedes_id else None,
    )


def unlogged_decisions(keys: set[str]) -> Iterable[str]:
    for pk in Decision.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=1000):
        if f"decision:{pk}" not in keys:
            yield f"decision {pk}"


def register() -> None:
    """Teach the database check how to rebuild these entries (DecisionsConfig.ready())."""
    # Members copied from rows that may change later without falsifying anything: slugs, titles, links.
    ledger.register(
        ledger.Describer(
            "rule_version",
            describe_rule_version,
            ("rule_version.rulebook", "rule_version.demarche", "rule_version.url"),
            unlogged_rule_versions,
        )
    )
    ledger.register(ledger.Describer("opinion", describe_opinion, ("opinion.department",), unlogged_opinions))
    ledger.register(
        ledger.Describer(
            "decision",
            describe_decision,
            (
                "decision.url",
                "decision.demarche",
                "decision.department",
                "decision.rule_version.rulebook",
                "decision.*[].title",
            ),
            unlogged_decisions,
        )
    )
