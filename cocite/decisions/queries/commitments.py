"""The commitments dashboard: answer deadlines by department and démarche, the overdue list."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from cocite.accounts.viewer import Viewer
from cocite.demarches.queries import visible_demarches
from cocite.moderation.queries import ModerationDelay, moderation_delay

from ..commitment_sources import CommitmentSource, Row, all_sources
from ..models import Commitment

OVERDUE_PAGE_SIZE = 50


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
class OtherCommitments:
    """A registered source's promises (cocite/decisions/commitment_sources.py), by department."""

    source: CommitmentSource
    total: CommitmentFigures
    rows: list[CommitmentFigures]
    # What is promised, when the source says it: (what, department, delay in days).
    promises: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def chart(self) -> dict[str, Any]:
        return chart(self.rows, max([r.due for r in self.rows] or [1]))


def other_commitments(user: Viewer, now: datetime.datetime) -> list[tuple[OtherCommitments, list[Row]]]:
    """Every registered source's figures as this person may see them (one query each, one more for its
    promised delays), with its rows."""
    sections = []
    for source in all_sources():
        total = CommitmentFigures(label=gettext("Ensemble"), key="")
        groups: dict[str, CommitmentFigures] = {}
        rows = list(source.rows(user))
        for key, label, started, due, answered in rows:
            total.add(started, due, answered, now)
            groups.setdefault(key, CommitmentFigures(label=label, key=key)).add(started, due, answered, now)
        figures = sorted(groups.values(), key=lambda f: f.label.lower())
        promises = list(source.promises()) if source.promises is not None else []
        sections.append((OtherCommitments(source=source, total=total, rows=figures, promises=promises), rows))
    return sections


@dataclass
class Dashboard:
    total: CommitmentFigures
    by_department: list[CommitmentFigures]
    by_demarche: list[CommitmentFigures]
    overdue: Page[Any]
    scale: int
    # The moderation charter's delay, measured (cocite/moderation/queries.py).
    moderation: ModerationDelay | None = None
    # Other promises with a delay, registered by other apps (information pages' questions…).
    others: list[OtherCommitments] = field(default_factory=list)

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
    total = CommitmentFigures(label=gettext("Ensemble"), key="")
    departments: dict[str, CommitmentFigures] = {}
    demarches: dict[str, CommitmentFigures] = {}
    for reached_at, due_at, answered_at, dept_slug, dept_name, demarche_slug, demarche_title in rows:
        total.add(reached_at, due_at, answered_at, now)
        department = departments.setdefault(
            dept_slug or "", CommitmentFigures(label=dept_name or gettext("Non orientées"), key=dept_slug or "")
        )
        department.add(reached_at, due_at, answered_at, now)
        demarches.setdefault(demarche_slug, CommitmentFigures(label=demarche_title, key=demarche_slug)).add(
            reached_at, due_at, answered_at, now
        )
    others = other_commitments(user, now)
    for section, source_rows in others:
        if not section.source.in_departments:
            continue
        # Promises made outside démarches by the same departments (reports' answer delays).
        for dept_slug, dept_name, reached_at, due_at, answered_at in source_rows:
            total.add(reached_at, due_at, answered_at, now)
            departments.setdefault(
                dept_slug or "", CommitmentFigures(label=dept_name or gettext("Non orientées"), key=dept_slug or "")
            ).add(reached_at, due_at, answered_at, now)
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
    return Dashboard(
        total=total,
        by_department=by_department,
        by_demarche=by_demarche,
        overdue=overdue,
        scale=scale,
        moderation=moderation_delay(now),
        others=[section for section, _rows in others],
    )
