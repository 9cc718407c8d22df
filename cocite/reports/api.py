"""Reports in the open API (`/api/v1/signalements`): the public list and a report's page, its public
timeline; a status change by the commune's systems (application token, scope « report_status »).

What the site shows a visitor, and nothing more: never a report hidden by the moderation (to a
token either), never who reported it (author, offline name, the agent who typed it) nor anything
to reach them.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Path, Router, Schema
from ninja.params.functions import Query
from pydantic import Field

from cocite.api.auth import TokenAuth, reader, request_token
from cocite.api.endpoints import ERRORS, WRITE_ERRORS, scope_refusal
from cocite.api.models import ApiToken, Scope
from cocite.api.permissions import can_write
from cocite.core.errors import PermissionDenied
from cocite.core.params import MAX_ID

from . import actions, permissions, queries
from .models import Report, ReportEvent, ReportPhoto, Status

router = Router(tags=["Signalements"])
prefix = "/signalements"

NO_NUL = r"^[^\x00]*$"
FILTER = r"^[-a-zA-Z0-9_]*$"
Pk = Annotated[int, Path(ge=1, le=MAX_ID)]


class ReportOut(Schema):
    id: int
    url: str
    category: str
    category_name: str
    department: str
    status: str
    status_label: str
    description: str
    address: str
    latitude: float | None
    longitude: float | None
    quartier: str | None
    channel: str
    plus_one_count: int
    planned_for: datetime.date | None
    competent_body: str
    created_at: datetime.datetime
    due_at: datetime.datetime
    answered_at: datetime.datetime | None
    resolved_at: datetime.datetime | None


class ReportPageOut(Schema):
    items: list[ReportOut]
    total: int
    next_cursor: str | None


class ReportEventOut(Schema):
    kind: str
    kind_label: str
    status: str
    status_label: str
    message: str
    department: str
    created_at: datetime.datetime


class ReportPhotoOut(Schema):
    url: str
    alt_text: str
    width: int
    height: int


class ReportDetailOut(ReportOut):
    timeline: list[ReportEventOut]
    photos: list[ReportPhotoOut]


class ReportStatusIn(Schema):
    status: str = Field(pattern=r"^(recu|pris_en_charge|planifie|resolu|non_retenu|hors_competence)$")
    message: str = Field("", max_length=2000, pattern=NO_NUL, description="Message public (requis pour non_retenu)")
    planned_for: datetime.date | None = Field(None, description="Date de l'intervention (requise pour planifie)")
    competent_body: str = Field(
        "", max_length=200, pattern=NO_NUL, description="Organisme compétent (requis pour hors_competence)"
    )


class ReportStatusOut(Schema):
    report: int
    status: str
    planned_for: datetime.date | None
    competent_body: str
    event: ReportEventOut


def report_representation(r: Report) -> dict[str, Any]:
    """A report as the API shows it to whoever may read it (the webhooks send it, less its description)."""
    return {
        "id": r.pk,
        "url": r.get_absolute_url(),
        "category": r.category.slug,
        "category_name": r.category.name,
        "department": r.department.name,
        "status": r.status,
        "status_label": str(Status(r.status).label) if r.status in Status.values else r.status,
        "description": r.description,
        "address": r.address,
        "latitude": r.latitude,
        "longitude": r.longitude,
        "quartier": r.quartier.slug if r.quartier_id and r.quartier is not None else None,
        "channel": r.channel,
        "plus_one_count": r.plus_one_count,
        "planned_for": r.planned_for,
        "competent_body": r.competent_body,
        "created_at": r.created_at,
        "due_at": r.due_at,
        "answered_at": r.answered_at,
        "resolved_at": r.resolved_at,
    }


def _event(e: ReportEvent) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "kind_label": str(e.get_kind_display()),
        "status": e.status,
        "status_label": str(e.get_status_display()),
        "message": e.message,
        "department": e.department.name,
        "created_at": e.created_at,
    }


def _photo(p: ReportPhoto) -> dict[str, Any]:
    return {"url": p.get_absolute_url(), "alt_text": p.alt_text, "width": p.width, "height": p.height}


def _public(request: HttpRequest, pk: int) -> Report:
    """A report everyone may see: one hidden by the moderation is « introuvable » here, to anyone."""
    report = queries.report_get_for(reader(request), pk)
    if report.is_masked:
        raise Http404
    return report


@router.get(
    "", response={200: ReportPageOut, **ERRORS}, summary="Signalements publics (filtres, pagination par curseur)"
)
def report_list(
    request: HttpRequest,
    category: str = Query("", max_length=60, pattern=FILTER),
    status: str = Query(
        "", pattern=r"^(ouverts|clos|recu|pris_en_charge|planifie|resolu|non_retenu|hors_competence)?$"
    ),
    quartier: str = Query("", max_length=100, pattern=FILTER),
    age: str = Query("", pattern=r"^(7j|30j|90j|1an)?$"),
    after: str = Query("", max_length=200, pattern=r"^[-A-Za-z0-9_=]*$"),
) -> dict[str, Any]:
    reader(request)  # a refused token is refused here too
    filters = queries.ReportFilters(category=category, status=status, quartier=quartier, age=age)
    page = queries.report_page(filters, after=after)
    items = [report_representation(r) for r in page.items]
    return {"items": items, "total": page.total, "next_cursor": page.next_cursor}


@router.get("/{pk}", response={200: ReportDetailOut, **ERRORS}, summary="Un signalement et son historique public")
def report_detail(request: HttpRequest, pk: Pk) -> dict[str, Any]:
    report = _public(request, pk)
    return {
        **report_representation(report),
        "timeline": [_event(e) for e in queries.timeline(report)],
        "photos": [_photo(p) for p in queries.photos(report)],
    }


def _application_token(request: HttpRequest, scope: str) -> ApiToken:
    token = request_token(request)
    if token is None or token.kind != ApiToken.Kind.APPLICATION or not can_write(token, scope):
        raise PermissionDenied(scope_refusal(scope), code="scope_missing")
    return token


@router.post(
    "/{pk}/status",
    auth=TokenAuth(),
    tags=["Écriture"],
    response={200: ReportStatusOut, **WRITE_ERRORS},
    summary="Changer le statut d'un signalement — jeton d'application, droit « report_status »",
)
def report_status(request: HttpRequest, pk: Pk, payload: ReportStatusIn) -> dict[str, Any]:
    token = _application_token(request, Scope.REPORT_STATUS)
    report = queries.report_get_for(token.user, pk)
    if report.is_masked and not permissions.can_see_masked(token.user, report):
        raise Http404
    event = actions.report_set_status(
        agent=token.user,
        report=report,
        status=payload.status,
        message=payload.message,
        planned_for=payload.planned_for,
        competent_body=payload.competent_body,
    )
    return {
        "report": report.pk,
        "status": report.status,
        "planned_for": report.planned_for,
        "competent_body": report.competent_body,
        "event": _event(event),
    }
