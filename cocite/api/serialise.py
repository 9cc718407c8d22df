"""Objects as the API shows them, field by field (nothing leaves by accident).

Hidden items (moderated, or waiting for approval) are tombstones: their id, dates and counters,
never their text or author.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import timezone

from cocite.contributions.models import Contribution
from cocite.debate.models import Comment
from cocite.debate.queries import Node
from cocite.decisions.models import Decision, LogEntry
from cocite.demarches.models import Demarche, RuleVersion
from cocite.results.models import Result
from cocite.territory.models import Quartier, Theme


def theme(t: Theme) -> dict[str, Any]:
    return {"id": t.pk, "slug": t.slug, "name": t.name, "description": t.description}


def quartier(q: Quartier) -> dict[str, Any]:
    return {"id": q.pk, "slug": q.slug, "name": q.name, "population": q.population}


def demarche(d: Demarche) -> dict[str, Any]:
    phase = d.current_phase()
    return {
        "slug": d.slug,
        "title": d.title,
        "framing_question": d.framing_question,
        "status": d.status,
        "audience": d.audience,
        "url": d.get_absolute_url(),
        "themes": [t.slug for t in d.scope_themes()],
        "quartiers": [q.slug for q in d.scope_quartiers()],
        "current_phase": phase.kind if phase is not None else None,
        "components": [c.name for c in d.enabled_components()],
    }


def rules(version: RuleVersion | None) -> dict[str, Any] | None:
    if version is None:
        return None
    return {
        "version": version.number,
        "effective_at": version.effective_at,
        "change_note": version.change_note,
        "who_may_take_part": version.who_may_take_part,
        "what_happens_to_contributions": version.what_happens_to_contributions,
        "support_threshold": version.support_threshold,
        "answer_deadline_days": version.answer_deadline_days,
        "decider": version.decider,
        "text": version.text,
    }


def demarche_detail(d: Demarche, version: RuleVersion | None) -> dict[str, Any]:
    current = d.current_phase()
    today = timezone.localdate()
    return {
        **demarche(d),
        "context": d.context,
        "phases": [
            {
                "kind": p.kind,
                "label": str(p.get_kind_display()),
                "position": p.position,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "description": p.description,
                "current": current is not None and p.pk == current.pk and p.starts_on <= today,
            }
            for p in d.ordered_phases()
        ],
        "rules": rules(version),
    }


def contribution(c: Contribution, demarche_slug: str) -> dict[str, Any]:
    hidden = ("pending" if c.is_pending else "moderated") if c.is_masked else None
    shown = hidden is None
    author = None
    if shown:
        # What the site prints under the title (a pseudonym, or the name an offline contributor gave).
        author = c.author.display_name if c.author_id and c.author is not None else (c.offline_author_name or None)
    return {
        "id": c.pk,
        "url": c.get_absolute_url(),
        "demarche": demarche_slug,
        "kind": c.kind,
        "status": c.status,
        "channel": c.channel,
        "hidden": hidden,
        "title": c.title if shown else None,
        "body": c.body if shown else None,
        "author": author,
        "themes": [t.slug for t in c.shown_themes()] if shown else [],
        "quartier": c.quartier.slug if shown and c.quartier is not None else None,
        "latitude": c.latitude if shown else None,
        "longitude": c.longitude if shown else None,
        "address": c.address if shown else "",
        "support_count": c.support_count,
        "comment_count": c.comment_count,
        "created_at": c.created_at,
        "edited_at": c.edited_at,
        "merged_into": c.merged_into_id,
    }


def comment_node(node: Node) -> dict[str, Any]:
    c: Comment = node.comment
    state = "deleted" if c.is_deleted else "hidden" if c.is_masked else "visible"
    shown = state == "visible"
    author = None
    if shown and c.author is not None and (not c.is_official or c.signed):
        author = c.author.display_name
    return {
        "id": c.pk,
        "parent": c.parent_id,
        "depth": c.depth,
        "state": state,
        "stance": c.stance if shown else "",
        "body": c.body if shown else None,
        "author": author,
        "official": c.is_official,
        "department": c.department.name if c.is_official and c.department is not None else None,
        "useful_count": c.useful_count,
        "reply_count": c.reply_count,
        "created_at": c.created_at,
        "edited_at": c.edited_at if shown else None,
        "replies": [comment_node(child) for child in node.children if child.visible],
    }


def decision(d: Decision, items: list[Any]) -> dict[str, Any]:
    return {
        "id": d.pk,
        "url": d.get_absolute_url(),
        "demarche": d.demarche.slug,
        "department": d.department.name if d.department is not None else None,
        "outcome": d.outcome,
        "outcome_label": str(d.get_outcome_display()),
        "explanation": d.explanation,
        "criteria": [str(c) for c in (d.criteria or [])],
        "body": d.body,
        "official_name": d.official_name,
        "deliberation_ref": d.deliberation_ref,
        "decided_on": d.decided_on,
        "published_at": d.published_at,
        "supersedes": d.supersedes_id,
        "items": [{"kind": i.kind, "id": i.object_id, "title": i.title, "status": i.status} for i in items],
    }


def log_entry(entry: LogEntry) -> dict[str, Any]:
    summary = json.loads(json.dumps(getattr(entry, "summary", {}), default=str))
    return {
        "seq": entry.seq,
        "kind": entry.kind,
        "timestamp": entry.timestamp,
        "hash": entry.hash,
        "prev_hash": entry.prev_hash,
        "summary": summary,
    }


def result(r: Result) -> dict[str, Any]:
    return {
        "id": r.pk,
        "url": r.get_absolute_url(),
        "title": r.title,
        "description": r.description,
        "status": r.status,
        "progress": r.progress,
        "demarche": r.demarche.slug if r.demarche is not None else None,
        "department": r.department.name if r.department is not None else None,
        "done_at": r.done_at,
        "updated_at": r.updated_at,
        "milestones": [{"title": m.title, "due_on": m.due_on, "done_on": m.done_on} for m in r.milestones.all()],
    }


def plain(value: Any) -> Any:
    """Computed figures as plain JSON values (dates and decimals as strings)."""
    return json.loads(json.dumps(value, default=str))
