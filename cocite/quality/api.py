"""Quality of services in the open API (`/api/v1/qualite`): the services open to feedback with the
figures their public page shows (residents' and agents' answers counted apart, the trend by
quarter, the department's answers to frequent remarks), and the information pages as they stand
(their current version, sources and FAQ).

Never an answer's free text nor who answered; never who asked a question on a page.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Router, Schema

from cocite.api.auth import reader
from cocite.api.endpoints import ERRORS

from . import queries
from .models import InformationPage, PublicService, Source

router = Router(tags=["Qualité des services"])
prefix = "/qualite"

Slug = Annotated[str, Path(max_length=150, pattern=r"^[-a-zA-Z0-9_]+$")]


class IndicatorsOut(Schema):
    answers: int
    satisfaction: float | None  # out of 10: « bien » 10, « moyen » 5, « pas bien » 0
    ease: float | None
    clarity: float | None
    help_obtained_percent: int | None  # of those who needed help
    satisfaction_levels: dict[str, int]  # "0" pas bien, "1" moyen, "2" bien


class ServiceOut(Schema):
    slug: str
    url: str
    name: str
    description: str
    department: str
    open_to_feedback: bool
    residents: IndicatorsOut
    agents: IndicatorsOut


class ServiceListOut(Schema):
    items: list[ServiceOut]


class QuarterOut(Schema):
    quarter: str
    residents: IndicatorsOut
    agents: IndicatorsOut


class ServiceAnswerOut(Schema):
    point: str
    answer: str
    created_at: datetime.datetime


class ServiceDetailOut(ServiceOut):
    trend: list[QuarterOut]
    department_answers: list[ServiceAnswerOut]


class InformationPageOut(Schema):
    slug: str
    url: str
    title: str
    department: str
    version: int
    verified_on: datetime.date
    verified_role: str
    review_by: datetime.date
    overdue_review: bool
    updated_at: datetime.datetime


class InformationPageListOut(Schema):
    items: list[InformationPageOut]


class SourceOut(Schema):
    kind: str
    label: str
    url: str | None


class FaqOut(Schema):
    question: str
    answer: str


class InformationPageDetailOut(InformationPageOut):
    body: str  # Markdown
    sources: list[SourceOut]
    faq: list[FaqOut]
    question_count: int


def _indicators(ind: queries.Indicators) -> dict[str, Any]:
    return {
        "answers": ind.answers,
        "satisfaction": ind.satisfaction_score,
        "ease": ind.ease_score,
        "clarity": ind.clarity_score,
        "help_obtained_percent": ind.help_share,
        "satisfaction_levels": {str(level): n for level, n in ind.satisfaction.items()},
    }


def _service(s: PublicService, residents: queries.Indicators, agents: queries.Indicators) -> dict[str, Any]:
    return {
        "slug": s.slug,
        "url": s.get_absolute_url(),
        "name": s.name,
        "description": s.description,
        "department": s.department.name,
        "open_to_feedback": s.is_active,
        "residents": _indicators(residents),
        "agents": _indicators(agents),
    }


def _page(p: InformationPage, today: datetime.date) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "url": p.get_absolute_url(),
        "title": p.title,
        "department": p.department.name,
        "version": p.version,
        "verified_on": p.verified_on,
        "verified_role": p.verified_role,
        "review_by": p.review_by,
        "overdue_review": p.review_by < today,
        "updated_at": p.updated_at,
    }


def _source(s: Source) -> dict[str, Any]:
    return {"kind": s.kind, "label": s.label, "url": s.url or (s.file.url if s.file else None)}


@router.get(
    "/services", response={200: ServiceListOut, **ERRORS}, summary="Services ouverts aux avis, et leurs indicateurs"
)
def service_list(request: HttpRequest) -> dict[str, Any]:
    reader(request)  # a refused token is refused here too
    services = queries.services_list()
    figures = queries.indicators_by_service([s.pk for s in services])
    return {"items": [_service(s, *figures[s.pk]) for s in services]}


@router.get(
    "/services/{slug}",
    response={200: ServiceDetailOut, **ERRORS},
    summary="Un service : indicateurs des usager·ères et des agent·es, tendance, réponses du service",
)
def service_detail(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    reader(request)
    view = queries.service_page(queries.service_get(slug))
    return {
        **_service(view.service, view.residents, view.agents),
        "trend": [
            {"quarter": residents.label, "residents": _indicators(residents), "agents": _indicators(agents)}
            for residents, agents in view.trend
        ],
        "department_answers": [{"point": p.point, "answer": p.answer, "created_at": p.created_at} for p in view.points],
    }


@router.get("/pages", response={200: InformationPageListOut, **ERRORS}, summary="Pages d'information vérifiées")
def information_page_list(request: HttpRequest) -> dict[str, Any]:
    reader(request)
    today = timezone.localdate()
    return {"items": [_page(p, today) for p in queries.pages_list(today)]}


@router.get(
    "/pages/{slug}",
    response={200: InformationPageDetailOut, **ERRORS},
    summary="Une page d'information, dans sa version en vigueur",
)
def information_page_detail(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    reader(request)
    view = queries.page_view(queries.page_get(slug))
    return {
        **_page(view.page, timezone.localdate()),
        "body": view.page.body,
        "sources": [_source(s) for s in view.sources],
        "faq": [{"question": f.question, "answer": f.answer} for f in view.faq],
        "question_count": view.question_count,
    }
