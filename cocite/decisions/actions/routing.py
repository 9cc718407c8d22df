"""Routing: each item goes to the department competent for its themes; managers reassign, with a reason."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core.cache import invalidate_pages
from cocite.core.errors import ActionError, PermissionDenied
from cocite.demarches.models import Audience
from cocite.items.actions import items_set_status
from cocite.items.models import Item, ItemStatus
from cocite.items.registry import registry
from cocite.territory.models import Department, Theme

from .. import permissions, queries, signals
from ..models import Routing, RoutingEvent
from .base import REASON_MIN_LENGTH, check_department_access, on_commit


def _theme_ids(item: Item) -> set[int]:
    routable = registry.spec(item.kind).routable
    return routable.theme_ids([item.object_id]).get(item.object_id, set()) if routable is not None else set()


def competent_department(item: Item) -> Department | None:
    """The department competent for most of the item's themes; ties go to the first by name.

    In an invitation-only démarche, only departments with access compete, and the managing
    department handles what none of them is competent for; so it does in an agents-only démarche.
    """
    demarche = item.demarche
    allowed = queries.departments_with_access(demarche) if demarche is not None else None
    theme_ids = list(_theme_ids(item))
    candidates = Department.objects.all() if allowed is None else Department.objects.filter(pk__in=allowed)
    found = (
        candidates.filter(themes__in=theme_ids).annotate(score=Count("pk")).order_by("-score", "name", "pk").first()
        if theme_ids
        else None
    )
    # An invitation-only démarche, or an internal one (agents only: e.g. « améliorer notre service »,
    # where the department's manager answers), falls back on its managing department.
    internal = demarche is not None and demarche.audience == Audience.AGENTS
    if (
        found is None
        and (allowed is not None or internal)
        and demarche is not None
        and demarche.managing_department_id is not None
    ):
        return Department.objects.filter(pk=demarche.managing_department_id).first()
    return found


@transaction.atomic
def routing_auto(*, item: Item) -> Routing:
    """Route a new item from its themes (idempotent: an existing routing is kept)."""
    existing = Routing.objects.filter(item_id=item.pk).select_related("department").first()
    if existing is not None:
        return existing
    department = competent_department(item)
    try:
        with transaction.atomic():
            routing = Routing.objects.create(
                item=item, department=department, routed_at=timezone.now() if department else None
            )
    except IntegrityError:  # routed concurrently
        return Routing.objects.select_related("department").get(item_id=item.pk)
    themes = ", ".join(Theme.objects.filter(pk__in=_theme_ids(item)).order_by("name").values_list("name", flat=True))
    RoutingEvent.objects.create(
        item=item, from_department=None, to_department=department, reason=themes, automatic=True
    )
    if department is not None:
        items_set_status(items=[item], status=ItemStatus.ROUTED, actor=None, only_from=[ItemStatus.RECEIVED])
    on_commit(
        lambda: signals.item_routed.send(sender=Routing, item=item, department=department, previous=None, actor=None)
    )
    return routing


@transaction.atomic
def routing_reassign(*, actor: Viewer, item: Item, department: Department, reason: str) -> Routing:
    """A manager routes an item to another department; the reason is mandatory and logged."""
    routing, _created = Routing.objects.get_or_create(item=item)
    routing = Routing.objects.select_for_update().get(pk=routing.pk)
    if not is_signed_in(actor) or not permissions.can_route(actor, routing.department_id):
        raise PermissionDenied(
            _("Seul·e un·e responsable du service qui traite cette contribution peut la réorienter."),
            code="route_forbidden",
        )
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN_LENGTH:
        raise ActionError(
            _("Expliquez pourquoi vous réorientez cette contribution (%(n)s caractères au moins).")
            % {"n": REASON_MIN_LENGTH},
            code="reason_required",
            field="reason",
        )
    if routing.department_id == department.pk:
        raise ActionError(
            _("Cette contribution est déjà orientée vers ce service."), code="same_department", field="department"
        )
    check_department_access(item.demarche, [department], "department")
    previous = routing.department
    Routing.objects.filter(pk=routing.pk).update(department=department, routed_at=timezone.now())
    RoutingEvent.objects.create(
        item=item, from_department=previous, to_department=department, reason=reason, actor=actor
    )
    items_set_status(
        items=[item],
        status=ItemStatus.ROUTED,
        actor=actor,
        only_from=[ItemStatus.RECEIVED, ItemStatus.UNDER_REVIEW],
    )
    routing.refresh_from_db()
    invalidate_pages()
    on_commit(
        lambda: signals.item_routed.send(
            sender=Routing, item=item, department=department, previous=previous, actor=actor
        )
    )
    return routing


@transaction.atomic
def routing_mark_under_review(*, actor: Viewer, items: Sequence[Item]) -> int:
    """Agents mark the items of their department "en cours d'examen"; returns how many changed."""
    routed = dict(Routing.objects.filter(item__in=[i.pk for i in items]).values_list("item_id", "department_id"))
    allowed = [i for i in items if permissions.can_mark_under_review(actor, routed.get(i.pk))]
    if len(allowed) < len(items):
        raise PermissionDenied(
            _("Vous ne pouvez traiter que les contributions orientées vers votre service."), code="review_forbidden"
        )
    changed = items_set_status(
        items=allowed,
        status=ItemStatus.UNDER_REVIEW,
        actor=actor if is_signed_in(actor) else None,  # a visitor is refused above, unless `items` is empty
        only_from=[ItemStatus.RECEIVED, ItemStatus.ROUTED],
    )
    return len(changed)


def route_unrouted() -> int:
    """Route the items of routable resources that have no routing yet (imports, demo data); returns how many."""
    kinds = [spec.kind for spec in registry.all() if spec.routable is not None]
    count = 0
    pending = Item.objects.filter(kind__in=kinds, routing__isnull=True).exclude(status=ItemStatus.WITHDRAWN)
    for item in pending.select_related("demarche").order_by("pk"):
        routing_auto(item=item)
        count += 1
    return count
