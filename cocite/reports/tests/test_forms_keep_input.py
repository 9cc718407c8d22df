"""A refused form of the reports app comes back (status 400) with everything that was typed and the French error
beside its field, linked by aria-describedby; never a redirect that loses the text (audit of issue 19)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django import forms as django_forms
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.reports import actions
from cocite.reports import forms as report_forms
from cocite.reports.models import Status

from .helpers import category, report

pytestmark = pytest.mark.django_db

TYPED = "Texte saisi 4821 à garder"


@dataclass
class Refusal:
    form: type[django_forms.Form]
    url: str
    data: dict[str, str]
    field: str  # the field the error stands beside
    error: str
    kept: tuple[str, ...]  # values typed that must come back


def _cases() -> tuple[Any, list[Refusal]]:
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat)
    reporter = UserFactory()
    resolved = report(cat, author=reporter)
    actions.report_set_status(agent=agent, report=resolved, status=Status.RESOLVED, message="Fait")
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    status_url = f"/signalements/{made.pk}/statut/"
    cases = [
        # A status change the action refuses: « planifié » with a past date; « non retenu » without its reason;
        # « hors compétence » without the body.
        Refusal(
            report_forms.StatusForm,
            status_url,
            {"status": "planifie", "message": TYPED, "planned_for": yesterday},
            "planned_for",
            "La date prévue de l&#x27;intervention ne peut pas être passée.",
            (TYPED, yesterday),
        ),
        Refusal(
            report_forms.StatusForm,
            status_url,
            {"status": "non_retenu", "message": "", "competent_body": TYPED, "forward_to": "mairie@example.org"},
            "message",
            "Expliquez pourquoi ce signalement n&#x27;est pas retenu.",
            (TYPED, "mairie@example.org"),
        ),
        Refusal(
            report_forms.StatusForm,
            status_url,
            {"status": "hors_competence", "message": TYPED},
            "competent_body",
            "Nommez l&#x27;organisme compétent",
            (TYPED,),
        ),
        # A status form the form itself refuses (a date that does not exist).
        Refusal(
            report_forms.StatusForm,
            status_url,
            {"status": "planifie", "message": TYPED, "planned_for": "2030-02-31"},
            "planned_for",
            "Indiquez une date valide (jour, mois, année).",
            (TYPED, "2030-02-31"),
        ),
        Refusal(
            report_forms.ReassignForm,
            f"/signalements/{made.pk}/reorienter/",
            {"department": "", "reason": TYPED},
            "department",
            "Choisissez un service.",
            (TYPED,),
        ),
        Refusal(
            report_forms.ConfirmForm,
            f"/signalements/{resolved.pk}/confirmer/",
            {"message": TYPED},
            "solved",
            "Répondez oui ou non.",
            (TYPED,),
        ),
        Refusal(
            report_forms.DemarcheForm,
            "/signalements/tendances/",
            {"category": "", "title": TYPED},
            "category",
            "Choisissez la catégorie.",
            (TYPED,),
        ),
        Refusal(
            report_forms.DemarcheForm,
            "/signalements/tendances/en-demarche/",
            {"category": cat.slug, "title": TYPED + "x" * 160},
            "title",
            "160",
            (TYPED,),
        ),
        Refusal(
            report_forms.ReportForm,
            "/signalements/nouveau/",
            {"category": str(cat.pk), "description": TYPED, "address": ""},
            "address",
            "Placez un point sur la carte ou indiquez une adresse.",
            (TYPED,),
        ),
    ]
    users = {"/signalements/nouveau/": reporter, f"/signalements/{resolved.pk}/confirmer/": reporter}
    return (lambda url: users.get(url, agent)), cases


def test_every_refused_form_comes_back_with_what_was_typed_and_the_error_beside_its_field(
    client_for: Callable[[Any], Any],
) -> None:
    who, cases = _cases()
    # Every form of the app that is posted is swept (the list filter is a GET form: nothing is lost).
    posted = {
        klass
        for klass in vars(report_forms).values()
        if isinstance(klass, type)
        and issubclass(klass, django_forms.Form)
        and klass.__module__ == report_forms.__name__
    } - {report_forms.FilterForm}
    assert {case.form for case in cases} == posted
    for case in cases:
        response = client_for(who(case.url)).post(case.url, case.data)
        page = response.content.decode()
        assert response.status_code == 400, (case.url, case.data, response.status_code)
        assert case.error in page, (case.url, case.data)
        for value in case.kept:
            assert value in page, (case.url, case.data, value)
        # The error beside its field, and the field (or its group) described by it.
        error_id = f"id_{case.field}_error"
        assert re.search(rf'id="{error_id}"[^>]*>[^<]*{re.escape(case.error)}', page), (case.url, case.field)
        assert re.search(rf'aria-describedby="[^"]*\b{error_id}\b', page), (case.url, case.field)


def test_a_refused_status_keeps_the_report_unchanged_and_then_goes_through(client_for: Callable[[Any], Any]) -> None:
    agent = UserFactory()
    made = report(category(agents=[agent]))
    staff = client_for(agent)
    refused = staff.post(f"/signalements/{made.pk}/statut/", {"status": "non_retenu", "message": ""})
    assert refused.status_code == 400
    made.refresh_from_db()
    assert made.status == Status.RECEIVED
    accepted = staff.post(f"/signalements/{made.pk}/statut/", {"status": "non_retenu", "message": TYPED})
    assert accepted.status_code == 302
    made.refresh_from_db()
    assert made.status == Status.REJECTED
