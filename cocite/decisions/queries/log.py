"""The public log: pages of entries, their summaries, the disclosure lines."""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Q

from cocite.accounts.viewer import Viewer
from cocite.demarches.queries import visible_demarches
from cocite.items.queries import visible_items
from cocite.items.registry import registry
from cocite.territory.models import Department

from .. import journal, ledger
from ..models import Decision, LogEntry

LOG_PAGE_SIZE = 50


def entry_summary(entry: LogEntry, public_ids: set[int] | None = None) -> dict[str, Any]:
    """What the log page shows of an entry's payload; a sealed entry shows its content once disclosed."""
    try:
        payload = json.loads(entry.payload)
    except ValueError:
        return {}
    if entry.kind == LogEntry.Kind.SEALED:
        seal = getattr(entry, "seal", None)
        if seal is None or public_ids is None or not ledger.is_disclosed(seal, public_ids):
            return {"key": "sealed", "sealed": True}
        payload = json.loads(seal.payload)
        return {**_summary_of(payload), "disclosed": True, "salt": seal.salt}
    return _summary_of(payload)


def _summary_of(payload: dict[str, Any]) -> dict[str, Any]:
    for key in ("decision", "opinion", "rule_version", "result"):
        if key in payload and isinstance(payload[key], dict):
            return {"key": key, **payload[key]}
    return {}


def log_page(page_number: Any, viewer: Viewer) -> Page[Any]:
    """One page of the public log, in words for `viewer`: at most six queries.

    The entries with their seals, the public démarches (when a sealed entry is on the page), then
    what turns the payloads' codes into words: the démarches `viewer` may see among those named,
    the departments' names, and the items of the opinions `viewer` may open.
    """
    qs = LogEntry.objects.select_related("seal").order_by("-seq")
    page = Paginator(qs, LOG_PAGE_SIZE).get_page(page_number)
    public_ids = (
        journal.public_demarche_ids() if any(e.kind == LogEntry.Kind.SEALED for e in page.object_list) else set()
    )
    summaries = []
    for entry in page.object_list:
        entry.summary = entry_summary(entry, public_ids)  # type: ignore[attr-defined]
        summaries.append(entry.summary)  # type: ignore[attr-defined]
    in_words(summaries, viewer)
    return page


def _opinion_item(summary: dict[str, Any]) -> tuple[str, int] | None:
    for spec in registry.all():
        object_id = summary.get(spec.kind)
        if isinstance(object_id, int):
            return spec.kind, object_id
    return None


def in_words(summaries: list[dict[str, Any]], viewer: Viewer) -> None:
    """Codes of the payloads become what a person reads, and links only to what `viewer` may open.

    An outcome code becomes its label; a démarche's slug its title, or nothing when `viewer` may
    not see the démarche (it may have become restricted after the entry was written: the log never
    changes, the page does); a department's slug its name; an opinion links to the page of its
    item, where the published opinions are.
    """
    slugs = {s["demarche"] for s in summaries if isinstance(s.get("demarche"), str)}
    demarches = dict(visible_demarches(viewer).filter(slug__in=slugs).values_list("slug", "title")) if slugs else {}
    departments_slugs = {s["department"] for s in summaries if isinstance(s.get("department"), str)}
    departments = (
        dict(Department.objects.filter(slug__in=departments_slugs).values_list("slug", "name"))
        if departments_slugs
        else {}
    )
    wanted = {key for s in summaries if s.get("key") == "opinion" and (key := _opinion_item(s)) is not None}
    items = {}
    if wanted:
        match = Q()
        for kind, object_id in wanted:
            match |= Q(kind=kind, object_id=object_id)
        items = {(i.kind, i.object_id): i for i in visible_items(viewer).filter(match)}
    outcomes = dict(Decision.Outcome.choices)
    for summary in summaries:
        slug = summary.get("demarche")
        summary["demarche_title"] = demarches.get(slug) if isinstance(slug, str) else None
        restricted = isinstance(slug, str) and slug not in demarches
        if restricted:
            summary["url"] = None  # a page this reader may not open
        if summary.get("key") == "decision":
            outcome = summary.get("outcome")
            summary["outcome_label"] = outcomes.get(outcome, outcome) if isinstance(outcome, str) else ""
        department = summary.get("department")
        summary["department_name"] = departments.get(department, "") if isinstance(department, str) else ""
        if summary.get("key") == "opinion":
            key = _opinion_item(summary)
            item = items.get(key) if key is not None else None
            summary["item_number"] = key[1] if key is not None else None
            summary["item_label"] = item.kind_label if item is not None else ""
            summary["url"] = f"{item.get_absolute_url()}#avis-publie-{summary.get('id')}" if item is not None else None


def disclosure_lines() -> Any:
    """The disclosure export: sealed entries whose démarches are all public now."""
    return ledger.disclosure_lines(journal.public_demarche_ids())
