"""Reads for the arbitration pages: bounded queries whatever the number of rows.

`*_get_for(user, …)` raise 404 (hidden) or return what this person may see.
"""

from __future__ import annotations

import datetime
import json
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _t

from cocite.accounts.models import User
from cocite.accounts.viewer import Viewer
from cocite.core.personal_data import rows
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.queries import visible_demarches
from cocite.items.models import Item, ItemStatus
from cocite.items.queries import url_segment
from cocite.items.registry import registry
from cocite.territory.models import Department, Theme

from . import journal, ledger, permissions
from .models import (
    Commitment,
    Decision,
    DecisionItem,
    LogEntry,
    Opinion,
    OpinionRequest,
    Routing,
    RoutingEvent,
)

INBOX_PAGE_SIZE = 25
DECISIONS_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50
OVERDUE_PAGE_SIZE = 50
OPEN_STATUSES = (ItemStatus.RECEIVED, ItemStatus.ROUTED, ItemStatus.UNDER_REVIEW)


# ---------------------------------------------------------------------------
# Current decisions
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Inbox
# ---------------------------------------------------------------------------


@dataclass
class InboxFilters:
    status: str = ""  # "" = still to handle, "toutes" = all, or a ItemStatus value
    demarche: str = ""
    overdue: bool = False


def _overdue_annotations(qs: QuerySet[Any], item_ref: str) -> QuerySet[Any]:
    now = timezone.now()
    today = timezone.localdate()
    commitment = Commitment.objects.filter(item_id=OuterRef(item_ref))
    annotated: QuerySet[Any] = qs.annotate(
        overdue_commitment=Exists(commitment.filter(answered_at__isnull=True, due_at__lt=now)),
        overdue_opinion=Exists(
            OpinionRequest.objects.filter(
                item_id=OuterRef(item_ref), status=OpinionRequest.Status.PENDING, deadline__lt=today
            )
        ),
        due_at=Subquery(commitment.filter(answered_at__isnull=True).values("due_at")[:1]),
    ).annotate(
        is_overdue=ExpressionWrapper(Q(overdue_commitment=True) | Q(overdue_opinion=True), output_field=BooleanField())
    )
    return annotated


def inbox_queryset(user: Viewer, department: Department, filters: InboxFilters) -> QuerySet[Routing]:
    """The department's routed contributions that this person may see (a draft démarche's stay out)."""
    qs = Routing.objects.filter(department=department, item__demarche__in=visible_demarches(user))
    if filters.status == "toutes":
        pass
    elif filters.status in ItemStatus.values:
        qs = qs.filter(item__status=filters.status)
    else:
        qs = qs.filter(item__status__in=OPEN_STATUSES)
    if filters.demarche:
        qs = qs.filter(item__demarche__slug=filters.demarche)
    qs = _overdue_annotations(qs, "item_id")
    if filters.overdue:
        qs = qs.filter(is_overdue=True)  # type: ignore[misc]  # an annotation the stubs do not see
    return qs.order_by(F("is_overdue").desc(), F("due_at").asc(nulls_last=True), "-item__created_at", "-item_id")


def inbox_page(user: Viewer, department: Department, filters: InboxFilters, page_number: Any) -> Page[Any]:
    """One page of a department's inbox, overdue first, in a constant number of queries."""
    qs = inbox_queryset(user, department, filters).select_related("item", "item__demarche")
    qs = qs.prefetch_related(
        Prefetch(
            "item__opinion_requests",
            queryset=OpinionRequest.objects.select_related("department").order_by("deadline", "pk"),
        )
    )
    return Paginator(qs, INBOX_PAGE_SIZE).get_page(page_number)


def department_opinion_requests(
    user: Viewer, department: Department, limit: int = 50
) -> tuple[list[OpinionRequest], int]:
    """Opinions asked of this department and not given yet, most urgent first (those this person may see)."""
    qs = OpinionRequest.objects.filter(
        department=department,
        status=OpinionRequest.Status.PENDING,
        item__demarche__in=visible_demarches(user),
    )
    rows = list(qs.select_related("item").order_by("deadline", "pk")[:limit])
    total = len(rows) if len(rows) < limit else qs.count()
    return rows, total


def unrouted_page(user: Viewer, page_number: Any) -> Page[Any]:
    """Items nobody is competent for, newest first, each with the names of its themes (three queries)."""
    qs = (
        Routing.objects.filter(department__isnull=True, item__demarche__in=visible_demarches(user))
        .exclude(item__status=ItemStatus.WITHDRAWN)
        .select_related("item", "item__demarche")
        .order_by("-item__created_at", "-pk")
    )
    page = Paginator(qs, INBOX_PAGE_SIZE).get_page(page_number)
    by_kind: dict[str, list[int]] = {}
    for routing in page.object_list:
        by_kind.setdefault(routing.item.kind, []).append(routing.item.object_id)
    themes: dict[tuple[str, int], set[int]] = {}
    for kind, object_ids in by_kind.items():
        routable = registry.spec(kind).routable
        for object_id, ids in (routable.theme_ids(object_ids) if routable else {}).items():
            themes[(kind, object_id)] = ids
    names = dict(Theme.objects.filter(pk__in=set().union(*themes.values())).values_list("pk", "name")) if themes else {}
    for routing in page.object_list:
        ids = themes.get((routing.item.kind, routing.item.object_id), set())
        routing.theme_names = sorted(names[i] for i in ids if i in names)  # type: ignore[attr-defined]
    return page


def departments_with_access(demarche: Demarche) -> list[int] | None:
    """Departments whose agents may see the démarche's contributions; None = every department.

    An invitation-only démarche is seen by its managing and associated departments only, so
    its contributions are routed, and opinions asked, among those (demarches.permissions).
    """
    if demarche.audience != Audience.INVITED:
        return None
    ids = set(
        Demarche.associated_departments.through.objects.filter(demarche_id=demarche.pk).values_list(
            "department_id", flat=True
        )
    )
    if demarche.managing_department_id is not None:
        ids.add(demarche.managing_department_id)
    return sorted(ids)


def workspace_url(item: Item) -> str:
    """The instruction page of an item: /instruction/contributions/12/."""
    return reverse("decisions:workspace", kwargs={"kind": url_segment(item.kind), "pk": item.object_id})


def routed_item_ids(department: Department, item_ids: Iterable[int]) -> list[int]:
    """Those of these items that are routed to the department."""
    return list(
        Routing.objects.filter(department=department, item_id__in=list(item_ids)).values_list("item_id", flat=True)
    )


def routed_departments(item_ids: Iterable[int]) -> list[int | None]:
    """The departments these items are routed to (one per routed item)."""
    return list(Routing.objects.filter(item__in=list(item_ids)).values_list("department_id", flat=True))


def merge_target(kind: str, object_id: int, demarche: Demarche) -> Item | None:
    """The item of this kind and number in the démarche (what a merged decision points to)."""
    return Item.objects.filter(kind=kind, object_id=object_id, demarche=demarche).first()


def departments_by_name(ids: Iterable[int] | None = None) -> list[Department]:
    """The departments (these ones, or all), by name."""
    departments = Department.objects.order_by("name", "pk")
    return list(departments if ids is None else departments.filter(pk__in=list(ids)))


def department_choices() -> list[tuple[str, str]]:
    """(slug, name) of every department, for filters."""
    return list(Department.objects.order_by("name").values_list("slug", "name"))


def department_get(slug: str) -> Department:
    department = Department.objects.filter(slug=slug).first()
    if department is None:
        raise Http404
    return department


def inbox_demarches(user: Viewer, department: Department) -> list[tuple[str, str]]:
    return list(
        visible_demarches(user)
        .filter(items__routing__department=department)
        .distinct()
        .order_by("title")
        .values_list("slug", "title")
    )


# ---------------------------------------------------------------------------
# Instruction workspace of one contribution
# ---------------------------------------------------------------------------


@dataclass
class Workspace:
    item: Item
    routing: Routing | None
    events: list[RoutingEvent]
    requests: list[OpinionRequest]
    decisions: list[Any]
    current_decision_id: int | None
    readable_notes: set[int] = field(default_factory=set)


def workspace_for(user: Viewer, item: Item) -> Workspace:
    routing = Routing.objects.filter(item=item).select_related("department").first()
    events = list(RoutingEvent.objects.filter(item=item).select_related("from_department", "to_department", "actor"))
    requests = list(
        OpinionRequest.objects.filter(item=item)
        .select_related("department", "requested_by", "opinion", "opinion__internal_note", "opinion__author")
        .order_by("created_at", "pk")
    )
    decisions = list(
        Decision.objects.filter(item_links__item=item)
        .select_related("supersedes")
        .annotate(is_superseded=Exists(Decision.objects.filter(supersedes=OuterRef("pk"))))
        .order_by("-published_at", "-pk")
    )
    current = next((d.pk for d in decisions if not getattr(d, "is_superseded", False)), None)
    routed_department = routing.department_id if routing else None
    readable = {r.pk for r in requests if permissions.can_read_internal_note(user, r, routed_department)}
    return Workspace(item, routing, events, requests, decisions, current, readable)


def opinion_request_get(pk: int) -> OpinionRequest:
    request = (
        OpinionRequest.objects.filter(pk=pk)
        .select_related("item", "item__demarche", "department", "requested_by")
        .first()
    )
    if request is None:
        raise Http404
    return request


def answered_opinions(item_ids: Iterable[int]) -> list[Opinion]:
    return list(
        Opinion.objects.filter(request__item__in=list(item_ids))
        .select_related("request", "request__department", "request__item")
        .order_by("created_at", "pk")
    )


# ---------------------------------------------------------------------------
# Public decisions
# ---------------------------------------------------------------------------


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
        .annotate(is_superseded=Exists(Decision.objects.filter(supersedes=OuterRef("pk"))))
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
    )


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


# ---------------------------------------------------------------------------
# The log
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Commitments dashboard
# ---------------------------------------------------------------------------


@dataclass
class CommitmentFigures:
    label: str
    key: str
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0
    delays: list[float] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return self.on_time + self.late

    @property
    def median_delay(self) -> float | None:
        """Median number of days between reaching the threshold and the answer (answered ones)."""
        return round(statistics.median(self.delays), 1) if self.delays else None

    def segments(self, scale: int, width: float = 300.0) -> list[dict[str, Any]]:
        """Stacked bar segments for the SVG chart (x and width in chart units)."""
        parts = []
        x = 0.0
        for kind, value in (("on_time", self.on_time), ("late", self.late), ("overdue", self.overdue),
                            ("pending", self.pending)):  # fmt: skip
            size = width * value / scale if scale else 0.0
            if value:
                parts.append({"kind": kind, "value": value, "x": round(x, 2), "width": round(size, 2)})
            x += size
        return parts

    def add(self, reached_at: datetime.datetime, due_at: datetime.datetime, answered_at: Any, now: Any) -> None:
        self.due += 1
        if answered_at is not None:
            self.delays.append(max(0.0, (answered_at - reached_at).total_seconds() / 86400))
            if answered_at <= due_at:
                self.on_time += 1
            else:
                self.late += 1
        elif due_at < now:
            self.overdue += 1
        else:
            self.pending += 1


ROW_HEIGHT = 24


def chart(rows: list[CommitmentFigures], scale: int) -> dict[str, Any]:
    """Server-rendered stacked bars: one row per group, in SVG units (600 wide)."""
    return {
        "height": max(1, len(rows)) * ROW_HEIGHT + 4,
        "rows": [
            {"label": row.label, "due": row.due, "y": index * ROW_HEIGHT, "segments": row.segments(scale)}
            for index, row in enumerate(rows)
        ],
    }


@dataclass
class Dashboard:
    total: CommitmentFigures
    by_department: list[CommitmentFigures]
    by_demarche: list[CommitmentFigures]
    overdue: Page[Any]
    scale: int

    @property
    def department_chart(self) -> dict[str, Any]:
        return chart(self.by_department, max([r.due for r in self.by_department] or [1]))

    @property
    def demarche_chart(self) -> dict[str, Any]:
        return chart(self.by_demarche, max([r.due for r in self.by_demarche] or [1]))


def _commitments_for(user: Viewer) -> QuerySet[Commitment]:
    return Commitment.objects.filter(item__demarche__in=visible_demarches(user))


def commitments_dashboard(user: Viewer, page_number: Any = 1, now: datetime.datetime | None = None) -> Dashboard:
    """The rulebook's promises, measured: one query for the figures, two for the overdue page."""
    now = now or timezone.now()
    rows = _commitments_for(user).values_list(
        "reached_at",
        "due_at",
        "answered_at",
        "item__routing__department__slug",
        "item__routing__department__name",
        "item__demarche__slug",
        "item__demarche__title",
    )
    total = CommitmentFigures(label=_t("Ensemble"), key="")
    departments: dict[str, CommitmentFigures] = {}
    demarches: dict[str, CommitmentFigures] = {}
    for reached_at, due_at, answered_at, dept_slug, dept_name, demarche_slug, demarche_title in rows:
        total.add(reached_at, due_at, answered_at, now)
        department = departments.setdefault(
            dept_slug or "", CommitmentFigures(label=dept_name or _t("Non orientées"), key=dept_slug or "")
        )
        department.add(reached_at, due_at, answered_at, now)
        demarches.setdefault(demarche_slug, CommitmentFigures(label=demarche_title, key=demarche_slug)).add(
            reached_at, due_at, answered_at, now
        )
    overdue_qs = (
        _commitments_for(user)
        .filter(answered_at__isnull=True, due_at__lt=now)
        .select_related("item", "item__demarche", "item__routing__department")
        .order_by("due_at", "pk")
    )
    overdue = Paginator(overdue_qs, OVERDUE_PAGE_SIZE).get_page(page_number)
    for item in overdue.object_list:
        item.days_late = (now - item.due_at).days  # type: ignore[attr-defined]
    by_department = sorted(departments.values(), key=lambda f: (f.key == "", f.label.lower()))
    by_demarche = sorted(demarches.values(), key=lambda f: f.label.lower())
    scale = max([f.due for f in by_department + by_demarche] or [1])
    return Dashboard(total=total, by_department=by_department, by_demarche=by_demarche, overdue=overdue, scale=scale)


def personal_data(user: User) -> dict[str, Any]:
    """What the person did as an agent or elected official (routings, opinions, decisions); one query each."""
    return {
        "routing_events": rows(
            RoutingEvent.objects.filter(actor_id=user.pk).order_by("pk"),
            ["item__kind", "item__object_id", "from_department__name", "to_department__name", "reason", "created_at"],
            rename={
                "item__kind": "kind",
                "item__object_id": "object_id",
                "from_department__name": "from_department",
                "to_department__name": "to_department",
            },
        ),
        "opinion_requests_made": rows(
            OpinionRequest.objects.filter(requested_by_id=user.pk).order_by("pk"),
            ["item__kind", "item__object_id", "department__name", "question", "deadline", "created_at"],
            rename={"item__kind": "kind", "item__object_id": "object_id", "department__name": "department"},
        ),
        "decisions_signed": rows(
            Decision.objects.filter(official_id=user.pk).order_by("pk"),
            ["id", "outcome", "official_name", "decided_on", "published_at"],
        ),
        "decisions_recorded": rows(
            Decision.objects.filter(recorded_by_id=user.pk).order_by("pk"), ["id", "outcome", "published_at"]
        ),
        "opinions_written": rows(
            Opinion.objects.filter(author_id=user.pk).order_by("pk"),
            ["request__item__kind", "request__item__object_id", "feasibility", "recommendation", "text", "created_at"],
            rename={"request__item__kind": "kind", "request__item__object_id": "object_id"},
        ),
    }
