"""The public log: pages of entries, their summaries, the disclosure lines."""

from __future__ import annotations

import json
from typing import Any

from django.core.paginator import Page, Paginator

from .. import journal, ledger
from ..models import LogEntry

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


def log_page(page_number: Any) -> Page[Any]:
    """One page of the public log: two queries (the entries with their seals, the public démarches)."""
    qs = LogEntry.objects.select_related("seal").order_by("-seq")
    page = Paginator(qs, LOG_PAGE_SIZE).get_page(page_number)
    public_ids = (
        journal.public_demarche_ids() if any(e.kind == LogEntry.Kind.SEALED for e in page.object_list) else set()
    )
    for entry in page.object_list:
        entry.summary = entry_summary(entry, public_ids)  # type: ignore[attr-defined]
    return page


def disclosure_lines() -> Any:
    """The disclosure export: sealed entries whose démarches are all public now."""
    return ledger.disclosure_lines(journal.public_demarche_ids())
