"""Opinions: managers ask departments, in parallel, for reasoned opinions; the departments answer once."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.viewer import Viewer, is_signed_in
from cocite.core.cache import invalidate_pages
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.items.actions import items_set_status
from cocite.items.models import Item, ItemStatus
from cocite.territory.models import Department, DepartmentMembership

from .. import permissions, queries, signals
from ..models import Opinion, OpinionInternalNote, OpinionRequest, Routing
from .base import MAX_COST, OPINION_MIN_LENGTH, check_department_access, on_commit
from .log import publish_opinions


@transaction.atomic
def opinions_request(
    *,
    actor: Viewer,
    items: Sequence[Item],
    departments: Sequence[Department],
    aspects: Sequence[str],
    deadline: datetime.date,
    question: str = "",
) -> tuple[list[OpinionRequest], int]:
    """Ask departments, in parallel, for reasoned opinions; returns (created, skipped as already pending)."""
    if not items:
        raise ActionError(_("Choisissez au moins une contribution."), code="no_contribution")
    if not departments:
        raise ActionError(_("Choisissez au moins un service."), code="no_department", field="departments")
    aspects = list(dict.fromkeys(aspects))
    if not aspects or not set(aspects) <= set(OpinionRequest.Aspect.values):
        raise ActionError(
            _("Choisissez ce sur quoi porte l'avis (faisabilité, coût, aspects juridiques…)."),
            code="aspects_invalid",
            field="aspects",
        )
    if deadline < timezone.localdate():
        raise ActionError(_("La date limite ne peut pas être passée."), code="deadline_past", field="deadline")
    question = (question or "").strip()
    if len(question) > 2000:
        raise ActionError(_("La question ne peut dépasser 2 000 caractères."), code="question_length", field="question")
    if not is_signed_in(actor):
        raise PermissionDenied(
            _("Seul·e un·e responsable du service qui traite la contribution peut demander des avis."),
            code="request_forbidden",
        )
    routed = dict(Routing.objects.filter(item__in=[i.pk for i in items]).values_list("item_id", "department_id"))
    for item in items:
        check_department_access(item.demarche, departments, "departments")
        if not permissions.can_request_opinions(actor, routed.get(item.pk)):
            raise PermissionDenied(
                _("Seul·e un·e responsable du service qui traite la contribution peut demander des avis."),
                code="request_forbidden",
            )
        if item.status == ItemStatus.WITHDRAWN:
            raise ActionError(_("Une contribution retirée ne fait pas l'objet d'avis."), code="withdrawn")
    pending = set(
        OpinionRequest.objects.filter(
            item__in=[i.pk for i in items],
            department__in=[d.pk for d in departments],
            status=OpinionRequest.Status.PENDING,
        ).values_list("item_id", "department_id")
    )
    created = []
    skipped = 0
    for item in items:
        for department in departments:
            if (item.pk, department.pk) in pending:
                skipped += 1
                continue
            created.append(
                OpinionRequest.objects.create(
                    item=item,
                    department=department,
                    aspects=aspects,
                    question=question,
                    deadline=deadline,
                    requested_by=actor,
                )
            )
    items_set_status(
        items=items,
        status=ItemStatus.UNDER_REVIEW,
        actor=actor,
        only_from=[ItemStatus.RECEIVED, ItemStatus.ROUTED],
    )

    def send() -> None:
        for request in created:
            signals.opinion_requested.send(sender=OpinionRequest, request=request, actor=actor)

    invalidate_pages()
    on_commit(send)
    return created, skipped


def parse_cost(value: Any) -> Decimal | None:
    """A cost typed in French ("12 500,50"), or None; a clear error otherwise."""
    if value in (None, ""):
        return None
    try:
        cost = Decimal(str(value).replace(" ", "").replace("\u202f", "").replace(",", "."))
    except InvalidOperation as error:
        raise ActionError(
            _("Indiquez un montant en euros, par exemple 12500 ou 12500,50."),
            code="cost_invalid",
            field="estimated_cost",
        ) from error
    if not cost.is_finite() or cost < 0 or cost > MAX_COST:
        raise ActionError(
            _("Le coût estimé doit être un montant positif."), code="cost_invalid", field="estimated_cost"
        )
    return cost.quantize(Decimal("0.01"))


@transaction.atomic
def opinion_give(
    *,
    actor: Viewer,
    request: OpinionRequest,
    feasibility: str,
    recommendation: str,
    text: str,
    estimated_cost: Decimal | str | None = None,
    legal_points: str = "",
    internal_note: str = "",
) -> Opinion:
    """The asked department gives its reasoned opinion (once). The internal note is stored apart."""
    locked = OpinionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != OpinionRequest.Status.PENDING:
        raise Conflict(_("Cet avis a déjà été rendu."), code="already_answered")
    if not is_signed_in(actor) or not permissions.can_answer_opinion(actor, locked):
        raise PermissionDenied(
            _("Seuls les agents du service sollicité peuvent rendre cet avis."), code="answer_forbidden"
        )
    if feasibility not in Opinion.Feasibility.values:
        raise ActionError(_("Indiquez la faisabilité."), code="feasibility_invalid", field="feasibility")
    if recommendation not in Opinion.Recommendation.values:
        raise ActionError(
            _("Indiquez votre avis : favorable, défavorable ou réservé."),
            code="recommendation_invalid",
            field="recommendation",
        )
    text = (text or "").strip()
    if len(text) < OPINION_MIN_LENGTH:
        raise ActionError(
            _("Motivez votre avis en quelques phrases (%(n)s caractères au moins).") % {"n": OPINION_MIN_LENGTH},
            code="text_required",
            field="text",
        )
    cost = parse_cost(estimated_cost)
    opinion = Opinion.objects.create(
        request=locked,
        author=actor,
        feasibility=feasibility,
        recommendation=recommendation,
        text=text[:10000],
        estimated_cost=cost,
        legal_points=(legal_points or "").strip()[:5000],
    )
    note = (internal_note or "").strip()
    if note:
        OpinionInternalNote.objects.create(opinion=opinion, text=note[:5000])
    OpinionRequest.objects.filter(pk=locked.pk).update(status=OpinionRequest.Status.ANSWERED)
    locked.status = OpinionRequest.Status.ANSWERED
    # Given after the decision: published at once, like the others were with the decision.
    if queries.current_decision_for(locked.item_id) is not None:
        publish_opinions(Opinion.objects.filter(pk=opinion.pk))
    invalidate_pages()
    on_commit(lambda: signals.opinion_given.send(sender=Opinion, opinion=opinion, actor=actor))
    return opinion


def opinions_escalate_overdue(*, today: datetime.date | None = None) -> list[OpinionRequest]:
    """Flag pending requests past their deadline and alert the managers (idempotent: once per request)."""
    today = today or timezone.localdate()
    escalated: list[OpinionRequest] = []
    with transaction.atomic():
        overdue = list(
            OpinionRequest.objects.select_for_update()
            .filter(status=OpinionRequest.Status.PENDING, deadline__lt=today, escalated_at__isnull=True)
            .order_by("pk")
        )
        if not overdue:
            return []
        now = timezone.now()
        OpinionRequest.objects.filter(pk__in=[r.pk for r in overdue]).update(escalated_at=now)
        routed = dict(
            Routing.objects.filter(item__in=[r.item_id for r in overdue]).values_list("item_id", "department_id")
        )
        managers_by_department: dict[int, list[Any]] = {}
        for membership in DepartmentMembership.objects.filter(
            role=DepartmentMembership.Role.MANAGER,
            department__in={d for d in routed.values() if d} | {r.department_id for r in overdue},
        ).select_related("user"):
            managers_by_department.setdefault(membership.department_id, []).append(membership.user)
        for request in overdue:
            request.escalated_at = now
            escalated.append(request)
        alerts = [
            (
                request,
                managers_by_department.get(routed.get(request.item_id) or 0, [])
                or managers_by_department.get(request.department_id, []),
            )
            for request in overdue
        ]

        def send() -> None:
            for request, managers in alerts:
                signals.opinion_overdue.send(sender=OpinionRequest, request=request, managers=managers)

        on_commit(send)
    return escalated
