"""The department's inbox: routed items, unrouted ones, departments and their access."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.viewer import Viewer
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.queries import visible_demarches
from cocite.items.models import Item, ItemStatus
from cocite.items.queries import url_segment
from cocite.items.registry import registry
from cocite.territory.models import Department, Theme

from ..models import Commitment, OpinionRequest, Routing

INBOX_PAGE_SIZE = 25
OPEN_STATUSES = (ItemStatus.RECEIVED, ItemStatus.ROUTED, ItemStatus.UNDER_REVIEW)


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
