"""Current and public decisions: which decision holds for an item, the public list and one decision."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django_stubs_ext import StrOrPromise

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer
from cocite.demarches.queries import visible_demarches
from cocite.items.models import Item

from .. import ledger
from ..citations import Citable
from ..citations import source as citation_source
from ..models import Decision, DecisionItem, LogEntry, Opinion
from .workspace import answered_opinions

DECISIONS_PAGE_SIZE = 20


def current_decision_ids(item_ids: Iterable[int]) -> dict[int, int]:
    """{item id: id of its current (not superseded) decision}."""
    rows = (
        DecisionItem.objects.filter(item_id__in=list(item_ids))
        .filter(decision__superseded_by__isnull=True)
        .order_by("decision__published_at", "decision_id")
        .values_list("item_id", "decision_id")
    )
    return dict(rows)


def current_decision_for(item_id: int) -> Decision | None:
    return (
        Decision.objects.filter(item_links__item_id=item_id, superseded_by__isnull=True)
        .select_related("department", "rule_version__rulebook", "merged_into", "supersedes")
        .order_by("-published_at", "-pk")
        .first()
    )


@dataclass
class DecisionFilters:
    department: str = ""
    outcome: str = ""
    demarche: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None


def visible_decisions(user: Viewer) -> QuerySet[Decision]:
    return Decision.objects.filter(demarche__in=visible_demarches(user))


def decision_page(user: Viewer, filters: DecisionFilters, page_number: Any) -> Page[Any]:
    """One page of the public decisions, newest first: three queries whatever the number of decisions."""
    qs = visible_decisions(user)
    if filters.department:
        qs = qs.filter(department__slug=filters.department)
    if filters.outcome:
        qs = qs.filter(outcome=filters.outcome)
    if filters.demarche:
        qs = qs.filter(demarche__slug=filters.demarche)
    if filters.since:
        qs = qs.filter(decided_on__gte=filters.since)
    if filters.until:
        qs = qs.filter(decided_on__lte=filters.until)
    qs = (
        qs.select_related("demarche", "department", "supersedes")
        .annotate(
            is_superseded=Exists(Decision.objects.filter(supersedes=OuterRef("pk"))),
            replaced_by_id=Subquery(Decision.objects.filter(supersedes=OuterRef("pk")).values("pk")[:1]),
        )
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.only("pk", "kind", "object_id", "title", "status").order_by("pk"))
        )
        .order_by("-published_at", "-pk")
    )
    return Paginator(qs, DECISIONS_PAGE_SIZE).get_page(page_number)


@dataclass
class DecisionDetail:
    decision: Decision
    items: list[Item]
    relied_ids: set[int]
    opinions: list[Opinion]
    earlier: list[Decision]
    later: list[Decision]
    log_entry: LogEntry | None
    # What else it cites (decisions/citations.py), what this viewer may see of it: (heading, cited).
    citations: list[tuple[StrOrPromise, list[Citable]]] = field(default_factory=list)


def decision_get_for(user: Viewer, pk: int) -> DecisionDetail:
    decision = (
        visible_decisions(user)
        .filter(pk=pk)
        .select_related(
            "demarche",
            "department",
            "rule_version",
            "rule_version__rulebook",
            "rule_version__rulebook__demarche",
            "official",
            "merged_into",
            "supersedes",
        )
        .first()
    )
    if decision is None:
        raise Http404
    items = list(decision.items.order_by("pk"))
    relied = set(decision.opinion_links.values_list("opinion_id", flat=True))
    opinions = [o for o in answered_opinions([c.pk for c in items]) if o.published_at is not None or o.pk in relied]
    earlier: list[Decision] = []
    cursor = decision.supersedes
    while cursor is not None and len(earlier) < 50:
        earlier.append(cursor)
        cursor = Decision.objects.filter(pk=cursor.supersedes_id).first() if cursor.supersedes_id else None
    later: list[Decision] = []
    following = Decision.objects.filter(supersedes=decision).first()
    while following is not None and len(later) < 50:
        later.append(following)
        following = Decision.objects.filter(supersedes=following).first()
    return DecisionDetail(
        decision=decision,
        items=items,
        relied_ids=relied,
        opinions=opinions,
        earlier=earlier,
        later=later,
        log_entry=ledger.entry_for(f"decision:{decision.pk}"),
        citations=_citations(user, decision),
    )


def _citations(viewer: Viewer, decision: Decision) -> list[tuple[StrOrPromise, list[Citable]]]:
    """One query for the citations, then one per source cited."""
    by_kind: dict[str, list[int]] = {}
    for kind, object_id in decision.citations.order_by("pk").values_list("kind", "object_id"):
        by_kind.setdefault(kind, []).append(object_id)
    shown = []
    for kind, ids in by_kind.items():
        source = citation_source(kind)
        if source is not None and (visible := source.visible(viewer, ids)):
            shown.append((source.heading, visible))
    return shown


def decision_for_correction(pk: int) -> Decision:
    decision: Decision | None = Decision.objects.filter(pk=pk).select_related("demarche", "rule_version").first()
    if decision is None:
        raise Http404
    return decision


def criteria_choices(rule_version: Any) -> list[str]:
    """The criteria a decision can cite from the rule version: its commitments and the points of its text."""
    if rule_version is None:
        return []
    labels = [f"{label} : {value}" for label, value in rule_version.commitments()]
    for line in rule_version.text.splitlines():
        stripped = line.strip()
        for marker in ("- ", "* ", "+ "):
            if stripped.startswith(marker):
                labels.append(stripped[len(marker) :].strip())
        head, _dot, rest = stripped.partition(". ")
        if head.isdigit() and rest:
            labels.append(rest.strip())
    cleaned = [" ".join(label.replace("**", "").split()) for label in labels]
    return list(dict.fromkeys(label for label in cleaned if label))


def elected_officials() -> QuerySet[Any]:
    return User.objects.filter(is_elected_official=True, is_active=True).order_by("last_name", "first_name", "pk")
