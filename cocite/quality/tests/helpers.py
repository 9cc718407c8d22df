"""Builders for the quality tests."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone

from cocite.quality import actions
from cocite.quality.models import Feedback, Help, InformationPage, PublicService, Respondent

_numbers = itertools.count(1)


def service(department: Any, **fields: Any) -> PublicService:
    n = next(_numbers)
    defaults = {"name": f"Prestation {n}", "slug": f"prestation-{n}", "short_code": f"code{n}"}
    return PublicService.objects.create(department=department, **{**defaults, **fields})


def answers(target: PublicService, count: int, *, kind: str = Respondent.RESIDENT, day: datetime.date | None = None,
            satisfaction: int = 2) -> None:  # fmt: skip
    Feedback.objects.bulk_create(
        Feedback(
            service=target,
            respondent_kind=kind,
            satisfaction=satisfaction,
            ease=1,
            clarity=2,
            help=Help.DESK if index % 2 else Help.NONE,
            comment=f"Commentaire {index}",
            day=day or timezone.localdate(),
        )
        for index in range(count)
    )


def page(department: Any, **fields: Any) -> InformationPage:
    n = next(_numbers)
    today = timezone.localdate()
    arguments: dict[str, Any] = {
        "author": None,
        "department": department,
        "title": f"Page {n}",
        "slug": f"page-{n}",
        "body": "Le trafic baisse de 1 200 véhicules par jour.\n\nDeuxième paragraphe.",
        "verified_role": "Responsable",
        "verified_on": today,
        "review_by": today + datetime.timedelta(days=100),
        **fields,
    }
    return actions.page_create(**arguments)
