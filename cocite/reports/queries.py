"""Every read a reports page needs: bounded queries, keyset pagination, permission-checked getters."""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from cocite.accounts.permissions import department_roles, is_administrator
from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core import cursors
from cocite.demarches.models import Demarche
from cocite.demarches.permissions import can_view_demarche
from cocite.demarches.registry import PageLink
from cocite.items.models import Item
from cocite.territory.models import Department, Quartier

from . import permissions
from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    RESOURCE_KIND,
    ApiKey,
    Category,
    Report,
    ReportEvent,
    ReportFollower,
    ReportPhoto,
)

PAGE_SIZE = 20
QUEUE_PAGE_SIZE = 50
MAP_POINTS = 500
DUPLICATE_RADIUS_M = 50.0
MAX_ID = 2**62
# « Âge » filter of the public list: reports filed within these many days.
AGES = {"7j": 7, "30j": 30, "90j": 90, "1an": 365}
CONFIRMATION_AFTER = datetime.timedelta(weeks=4)


def visible_reports(viewer: Viewer) -> QuerySet[Report]:
    """Reports anyone may see (not hidden by the moderation): the notifications' rule for their targets."""
    return Report.objects.filter(masked_at__isnull=True)


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("department").order_by("name")


SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")


def category_by_slug(slug: str) -> Category | None:
    """None for anything that is not a slug (no query: PostgreSQL refuses NUL bytes in text)."""
    if not slug or not SLUG.match(slug):
        return None
    return Category.objects.filter(slug=slug).select_related("department").first()


# The public list and map


@dataclass(frozen=True)
class ReportFilters:
    category: str = ""
    status: str = ""  # a status, or "ouverts" / "clos"
    quartier: str = ""
    age: str = ""


def filtered(filters: ReportFilters, *, now: datetime.datetime | None = None) -> QuerySet[Report]:
    qs = visible_reports(None)  # type: ignore[arg-type]
    if filters.category:
        qs = qs.filter(category__slug=filters.category)
    if filters.status == "ouverts":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status == "clos":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.quartier:
        qs = qs.filter(quartier__slug=filters.quartier)
    if filters.age in AGES:
        qs = qs.filter(created_at__gte=(now or timezone.now()) - datetime.timedelta(days=AGES[filters.age]))
    return qs


@dataclass
class ReportPage:
    items: list[Report]
    total: int
    next_cursor: str | None
    is_first: bool


def report_page(filters: ReportFilters, *, after: str = "") -> ReportPage:
    """One page of the public list (newest first), in a constant number of queries (keyset, no OFFSET)."""
    qs = filtered(filters)
    total = qs.count()
    key = cursors.decode(after)
    if key:
        moment, pk = key
        qs = qs.filter(created_at__lte=moment).filter(Q(created_at__lt=moment) | Q(pk__lt=pk))
    rows = list(qs.select_related("category", "quartier", "department").order_by("-created_at", "-pk")[: PAGE_SIZE + 1])
    has_more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    next_cursor = cursors.encode(rows[-1].created_at, rows[-1].pk) if rows and has_more else None
    return ReportPage(items=rows, total=total, next_cursor=next_cursor, is_first=key is None)


def map_points(filters: ReportFilters) -> list[dict[str, Any]]:
    """The map's points (at most MAP_POINTS, newest first), one query."""
    rows = (
        filtered(filters)
        .filter(latitude__isnull=False)
        .order_by("-created_at", "-pk")
        .values_list("pk", "latitude", "longitude", "category__name", "status")[:MAP_POINTS]
    )
    return [
        {"id": pk, "lat": lat, "lon": lon, "title": name, "url": f"/signalements/{pk}/", "status": status}
        for pk, lat, lon, name, status in rows
    ]


def filter_choices() -> tuple[list[Category], list[Quartier]]:
    return list(Category.objects.order_by("name").only("pk", "name", "slug")), list(
        Quartier.objects.order_by("name").only("pk", "name", "slug")
    )


# One report


def report_get_for(viewer: Viewer, pk: int) -> Report:
    """The report (a hidden one too: its page is a tombstone, shown by the template)."""
    report = (
        Report.objects.select_related("category", "department", "quartier", "author", "recorded_by", "demarche")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def timeline(report: Report) -> list[ReportEvent]:
    return list(report.events.select_related("department").order_by("created_at", "pk"))


def photos(report: Report) -> list[ReportPhoto]:
    return list(report.photos.all())


def follows(viewer: Viewer, report: Report) -> ReportFollower | None:
    if not is_signed_in(viewer):
        return None
    return ReportFollower.objects.filter(report=report, user_id=viewer.pk).first()


def photo_get_for(viewer: Viewer, pk: int, photo_pk: int, name: str) -> ReportPhoto:
    photo = ReportPhoto.objects.select_related("report").filter(pk=photo_pk, report_id=pk).first()
    if photo is None or photo.file_name != name:
        raise Http404
    if photo.report.is_masked and not permissions.can_see_masked(viewer, photo.report):
        raise Http404
    return photo


# One's own reports


MINE_PAGE_SIZE = 20


def my_reports(viewer: Viewer, *, page_number: Any = 1) -> Page[Report]:
    """The reports this person made or follows (« c'est le même problème » too), newest first, paginated;
    `mine` says which they made. Hidden ones are left out, as on the public list."""
    if not is_signed_in(viewer):
        raise Http404
    followed = ReportFollower.objects.filter(user_id=viewer.pk).values("report_id")
    qs = (
        visible_reports(viewer)
        .filter(Q(author_id=viewer.pk) | Q(pk__in=followed))
        .select_related("category", "quartier")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(qs, MINE_PAGE_SIZE).get_page(page_number)
    for report in page.object_list:
        report.mine = report.author_id == viewer.pk  # type: ignore[attr-defined]
    return page


# Duplicates


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in metres."""
    rlat1, rlat2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = rlat2 - rlat1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(rlat1) * math.cos(rlat2) * math.sin(dlon / 2) ** 2
    return 2 * 6371000.0 * math.asin(min(1.0, math.sqrt(a)))


def nearby_open(
    category: Category, latitude: float, longitude: float, *, exclude_pk: int | None = None, limit: int = 5
) -> list[Report]:
    """Open reports of the same category within 50 m, nearest first: a bounding box, then the exact distance."""
    dlat = DUPLICATE_RADIUS_M / 111_320.0
    dlon = DUPLICATE_RADIUS_M / (111_320.0 * max(0.01, math.cos(math.radians(latitude))))
    qs = visible_reports(None).filter(  # type: ignore[arg-type]
        category=category,
        status__in=OPEN_STATUSES,
        latitude__range=(latitude - dlat, latitude + dlat),
        longitude__range=(longitude - dlon, longitude + dlon),
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    found = []
    for report in qs.select_related("category", "quartier").order_by("-created_at")[:50]:
        assert report.latitude is not None
        assert report.longitude is not None
        distance = distance_m(latitude, longitude, report.latitude, report.longitude)
        if distance <= DUPLICATE_RADIUS_M:
            report.distance_m = round(distance)  # type: ignore[attr-defined]
            found.append(report)
    found.sort(key=lambda r: r.distance_m)  # type: ignore[attr-defined]
    return found[:limit]


# The departments' queues


def queue_departments(viewer: Viewer) -> list[Department]:
    if is_administrator(viewer):
        # Every department, as for their inboxes: « Mon espace » links an administrator to any department's queue.
        return list(Department.objects.order_by("name"))
    return list(Department.objects.filter(pk__in=list(department_roles(viewer))).order_by("name"))


def queue_page(department: Department, *, show: str = "ouverts", page_number: Any = 1) -> Page[Report]:
    qs = Report.objects.filter(department=department)
    qs = qs.filter(status__in=OPEN_STATUSES) if show != "tous" else qs
    qs = qs.select_related("category", "quartier").order_by("due_at", "pk")
    return Paginator(qs, QUEUE_PAGE_SIZE).get_page(page_number)


def open_count_by_department(department_ids: list[int]) -> dict[int, int]:
    rows = (
        Report.objects.filter(department_id__in=department_ids, status__in=OPEN_STATUSES)
        .values("department_id")
        .annotate(n=Count("pk"))
    )
    return {row["department_id"]: row["n"] for row in rows}


# Patterns


@dataclass
class Patterns:
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_quartier: list[tuple[str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)

    @staticmethod
    def bars(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
        top = max([n for _label, n in rows] or [1])
        return [
            {"label": label, "n": n, "width": round(300 * n / top, 1), "y": i * 24} for i, (label, n) in enumerate(rows)
        ]

    def charts(self) -> list[dict[str, Any]]:
        return [
            {"key": "categorie", "rows": self.by_category, "bars": self.bars(self.by_category)},
            {"key": "quartier", "rows": self.by_quartier, "bars": self.bars(self.by_quartier)},
            {"key": "mois", "rows": self.by_month, "bars": self.bars(self.by_month)},
        ]


def patterns(*, category: str = "", quartier: str = "", months: int = 12) -> Patterns:
    """Reports per category, quartier and month over the last `months` months (three queries)."""
    since = timezone.now() - datetime.timedelta(days=31 * months)
    qs = visible_reports(None).filter(created_at__gte=since)  # type: ignore[arg-type]
    if category:
        qs = qs.filter(category__slug=category)
    if quartier:
        qs = qs.filter(quartier__slug=quartier)
    by_category = [
        (row["category__name"], row["n"])
        for row in qs.values("category__name").annotate(n=Count("pk")).order_by("-n", "category__name")
    ]
    by_quartier = [
        (row["quartier__name"] or "—", row["n"])
        for row in qs.values("quartier__name").annotate(n=Count("pk")).order_by("-n", "quartier__name")
    ]
    months_counter: Counter[str] = Counter()
    for row in qs.annotate(month=TruncMonth("created_at")).values("month").annotate(n=Count("pk")):
        months_counter[row["month"].strftime("%Y-%m")] += row["n"]
    return Patterns(by_category, by_quartier, sorted(months_counter.items()))


def categories_handled(viewer: Viewer) -> QuerySet[Category]:
    """The categories whose reports this person may carry into a démarche (their departments'; all: administrators)."""
    qs = Category.objects.order_by("name")
    if is_administrator(viewer):
        return qs
    return qs.filter(department_id__in=list(department_roles(viewer)))


def reports_for_demarche(*, category: str, quartier: str = "", limit: int = 200) -> list[Report]:
    """The reports a « transformer en démarche » would carry (newest first), those already in a démarche too."""
    qs = visible_reports(None).filter(category__slug=category)  # type: ignore[arg-type]
    if quartier:
        qs = qs.filter(quartier__slug=quartier)
    return list(qs.select_related("category", "quartier", "demarche").order_by("-created_at", "-pk")[:limit])


@dataclass
class Carry:
    """What « transformer en démarche » would do: the reports to carry, those already in a démarche."""

    to_carry: list[Report]
    already: list[Report]


def carry_preview(*, category: str, quartier: str = "") -> Carry:
    found = reports_for_demarche(category=category, quartier=quartier)
    return Carry(
        to_carry=[r for r in found if r.demarche_id is None], already=[r for r in found if r.demarche_id is not None]
    )


def demarche_reports(viewer: Viewer, demarche: Demarche) -> list[Report]:
    """The reports linked to the démarche as its items, oldest first (masked ones for those who may see them)."""
    ids = Item.objects.filter(kind=RESOURCE_KIND, demarche=demarche).values("object_id")
    qs = Report.objects.filter(pk__in=ids).select_related("category", "quartier", "department")
    if not permissions.handles(viewer, demarche.managing_department_id):
        qs = qs.filter(masked_at__isnull=True)
    return list(qs.order_by("created_at", "pk")[:1000])


def can_see_demarche_reports(viewer: Viewer, demarche: Demarche) -> bool:
    """Those who see the démarche (a draft: administrators only, as everywhere on the site)."""
    return can_view_demarche(viewer, demarche)


def demarche_report_count(demarche: Demarche) -> int:
    return Item.objects.filter(kind=RESOURCE_KIND, demarche=demarche).count()


def demarche_for_reports_get_for(viewer: Viewer, slug: str) -> Demarche:
    """The démarche whose reports are listed: 404 for those who may not see it."""
    if not re.match(r"^[-a-zA-Z0-9_]{1,80}$", slug or ""):
        raise Http404
    demarche = Demarche.objects.filter(slug=slug).select_related("managing_department").first()
    if demarche is None or not can_see_demarche_reports(viewer, demarche):
        raise Http404
    return demarche


def quartier_by_slug(slug: str) -> Quartier | None:
    if not slug or not re.match(r"^[-a-zA-Z0-9_]{1,150}$", slug):
        return None
    return Quartier.objects.filter(slug=slug).only("pk", "name", "slug").first()


def demarche_page_links(demarche: Demarche, viewer: Viewer) -> list[PageLink]:
    """The démarche's page links to the reports at its origin (one query), when it has some."""
    if not can_see_demarche_reports(viewer, demarche):
        return []
    n = demarche_report_count(demarche)
    if not n:
        return []
    label = ngettext(
        "Le %(n)s signalement à l’origine de cette démarche",
        "Les %(n)s signalements à l’origine de cette démarche",
        n,
    ) % {"n": n}
    return [PageLink(label=label, url=reverse("reports:demarche", kwargs={"slug": demarche.slug}))]


# The four-week question


def due_for_confirmation(now: datetime.datetime | None = None) -> QuerySet[Report]:
    moment = (now or timezone.now()) - CONFIRMATION_AFTER
    return Report.objects.filter(
        status="resolu",
        resolved_at__lte=moment,
        confirmation_asked_at__isnull=True,
        author__isnull=False,
        masked_at__isnull=True,
    )


# Commitments (/engagements/), through cocite.decisions.commitment_sources


def commitment_rows(viewer: Viewer) -> list[tuple[str, str, datetime.datetime, datetime.datetime, Any]]:
    """(department slug, department name, reached, due, answered) of every visible report."""
    return list(
        visible_reports(viewer).values_list(
            "department__slug", "department__name", "created_at", "due_at", "answered_at"
        )
    )


def category_delays() -> list[tuple[str, str, int]]:
    """(category, its department, the answer delay in days) of every active category, one query: the
    promises /engagements/ shows before measuring them."""
    return list(
        Category.objects.filter(active=True)
        .order_by("name")
        .values_list("name", "department__name", "answer_delay_days")
    )


# Open311


def api_key_by_hash(key_hash: str) -> ApiKey | None:
    return ApiKey.objects.select_related("department").filter(key_hash=key_hash, active=True).first()


def open311_requests(
    *,
    ids: list[int] | None = None,
    service_codes: list[str] | None = None,
    status: str = "",
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    limit: int = 1000,
) -> list[Report]:
    qs = visible_reports(None)  # type: ignore[arg-type]
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if service_codes:
        valid = [code for code in service_codes if SLUG.match(code)]
        qs = qs.filter(category__slug__in=valid) if valid else qs.none()
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status == "closed":
        qs = qs.filter(status__in=CLOSED_STATUSES)
    if start is not None:
        qs = qs.filter(created_at__gte=start)
    if end is not None:
        qs = qs.filter(created_at__lte=end)
    return list(qs.select_related("category", "department").order_by("-created_at", "-pk")[:limit])


def first_photo_urls(report_ids: list[int]) -> dict[int, str]:
    """The path of each report's first photo (one query): Open311's `media_url`."""
    found: dict[int, str] = {}
    for photo in ReportPhoto.objects.filter(report_id__in=report_ids).order_by("report_id", "pk"):
        found.setdefault(photo.report_id, photo.get_absolute_url())
    return found


def last_public_message(report_ids: list[int]) -> dict[int, str]:
    """The latest non-empty public message of each report (one query)."""
    found: dict[int, str] = {}
    for report_id, message in (
        ReportEvent.objects.filter(report_id__in=report_ids)
        .exclude(message="")
        .order_by("report_id", "created_at", "pk")
        .values_list("report_id", "message")
    ):
        found[report_id] = message
    return found
