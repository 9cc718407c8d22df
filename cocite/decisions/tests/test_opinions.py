"""Reasoned opinions: parallel requests, answers, the internal note, overdue escalation, publication."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.decisions import actions, signals
from cocite.decisions.models import LogEntry, Opinion, OpinionRequest
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import item_of, items_of

pytestmark = pytest.mark.django_db


def _request(setup: dict[str, Any], *departments: Any, deadline_days: int = 10) -> list[OpinionRequest]:
    requests, _skipped = actions.opinions_request(
        actor=setup["manager"],
        items=items_of(setup["contributions"]),
        departments=list(departments) or [setup["department"]],
        aspects=["faisabilite"],
        deadline=timezone.localdate() + datetime.timedelta(days=deadline_days),
    )
    return requests


def test_a_manager_asks_several_departments_in_parallel() -> None:
    setup = f.routed_setup()
    finances, legal = f.department(name="Finances"), f.department(name="Juridique")
    requests = _request(setup, finances, legal)
    assert {r.department for r in requests} == {finances, legal}
    assert all(r.status == "en_attente" for r in requests)
    setup["contributions"][0].refresh_from_db()
    assert setup["contributions"][0].status == "en_examen"
    with pytest.raises(PermissionDenied):
        actions.opinions_request(
            actor=setup["agent"], items=items_of(setup["contributions"]), departments=[finances],
            aspects=["cout"], deadline=timezone.localdate(),
        )  # fmt: skip
    with pytest.raises(ActionError) as error:
        actions.opinions_request(
            actor=setup["manager"], items=items_of(setup["contributions"]), departments=[finances],
            aspects=["cout"], deadline=timezone.localdate() - datetime.timedelta(days=1),
        )  # fmt: skip
    assert error.value.code == "deadline_past"


def test_the_asked_department_answers_once_with_its_internal_note_kept_apart(client_for: Any) -> None:
    setup = f.routed_setup()
    finances = f.department(name="Finances")
    finance_agent = f.member(finances)
    (request,) = _request(setup, finances)
    url = f"/instruction/avis/{request.pk}/"
    assert client_for(setup["agent"]).get(url).status_code == 403
    client = client_for(finance_agent)
    assert client.get(url).status_code == 200
    invalid = client.post(url, {"feasibility": "faisable", "recommendation": "favorable", "text": "court"})
    assert invalid.status_code == 400
    response = client.post(
        url,
        {
            "feasibility": "sous_conditions",
            "recommendation": "reserve",
            "estimated_cost": "12 500,50",
            "legal_points": "Marché à procédure adaptée.",
            "text": "Faisable si l'entretien est confié à la régie, pour un coût maîtrisé.",
            "internal_note": "Le prestataire actuel est défaillant, ne pas le citer.",
        },
    )
    assert response.status_code == 302
    opinion = Opinion.objects.get(request=request)
    assert opinion.estimated_cost == Decimal("12500.50")
    assert opinion.internal_note.text.startswith("Le prestataire")
    assert opinion.published_at is None
    with pytest.raises(Conflict):
        actions.opinion_give(
            actor=finance_agent, request=request, feasibility="faisable", recommendation="favorable", text="x" * 30
        )
    # Before the decision, only agents see it; never the note outside the administration.
    public = Client().get(setup["contributions"][0].get_absolute_url()).content.decode()
    assert "régie" not in public
    workspace = client_for(setup["agent"]).get(f"/instruction/contributions/{setup['contributions'][0].pk}/")
    assert "défaillant" in workspace.content.decode()  # the handling department reads the note
    other_agent = f.member(f.department(name="Culture"))
    elsewhere = client_for(other_agent).get(f"/instruction/contributions/{setup['contributions'][0].pk}/")
    assert "régie" in elsewhere.content.decode()
    assert "défaillant" not in elsewhere.content.decode()


def test_opinions_are_published_with_the_decision_and_logged_without_the_note() -> None:
    setup = f.routed_setup()
    finances = f.department(name="Finances")
    opinion = f.request_and_answer(
        actor=setup["manager"],
        item=item_of(setup["contributions"][0]),
        department=finances,
        answerer=f.member(finances),
        internal_note="NOTE-SECRETE",
    )
    decision = f.publish(actor=setup["manager"], items=items_of(setup["contributions"]), opinions=[opinion])
    opinion.refresh_from_db()
    assert opinion.published_at is not None
    entry = LogEntry.objects.get(subject_key=f"opinion:{opinion.pk}")
    assert "NOTE-SECRETE" not in entry.payload
    assert '"estimated_cost_eur":"12500.50"' in entry.payload
    decision_entry = LogEntry.objects.get(subject_key=f"decision:{decision.pk}")
    assert decision_entry.seq > entry.seq
    assert f'"log_seq":{entry.seq}' in decision_entry.payload
    page = Client().get(decision.get_absolute_url()).content.decode()
    assert "Faisable sur le domaine communal" in page
    assert "NOTE-SECRETE" not in page
    # An opinion given after the decision is published (and logged) at once.
    legal = f.department(name="Juridique")
    (request,) = _request(setup, legal)
    given = actions.opinion_give(
        actor=f.member(legal), request=request, feasibility="non_evaluee", recommendation="favorable",
        text="Aucun obstacle juridique à ce projet.",
    )  # fmt: skip
    given.refresh_from_db()
    assert given.published_at is not None
    assert LogEntry.objects.filter(subject_key=f"opinion:{given.pk}").exists()


def test_overdue_opinions_are_flagged_and_escalated_once(client_for: Any) -> None:
    setup = f.routed_setup()
    legal = f.department(name="Juridique")
    (request,) = _request(setup, legal, deadline_days=1)
    escalations: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        escalations.append(kwargs)

    signals.opinion_overdue.connect(receiver)
    try:
        out = StringIO()
        call_command("escalate_overdue_opinions", stdout=out)
        assert out.getvalue().startswith("0 ")
        OpinionRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=2))
        escalated = actions.opinions_escalate_overdue()
        assert [r.pk for r in escalated] == [request.pk]
        assert actions.opinions_escalate_overdue() == []  # idempotent
    finally:
        signals.opinion_overdue.disconnect(receiver)
    request.refresh_from_db()
    assert request.escalated_at is not None
    inbox = client_for(f.member(legal)).get(f"/services/{legal.slug}/boite/").content.decode()
    assert "En retard" in inbox
    assert "signalé au responsable" in inbox


def test_escalation_alerts_the_managers_of_the_handling_department(django_capture_on_commit_callbacks: Any) -> None:
    setup = f.routed_setup()
    legal = f.department(name="Juridique")
    (request,) = _request(setup, legal)
    OpinionRequest.objects.filter(pk=request.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    received: list[dict[str, Any]] = []

    def receiver(**kwargs: Any) -> None:
        received.append(kwargs)

    signals.opinion_overdue.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            actions.opinions_escalate_overdue()
    finally:
        signals.opinion_overdue.disconnect(receiver)
    assert [kw["request"].pk for kw in received] == [request.pk]
    assert received[0]["managers"] == [setup["manager"]]


def test_only_the_asked_department_sees_the_link_to_answer(client_for: Any) -> None:
    """The handling department's agent sees who must answer, not a « Rendre l'avis » link that would refuse them."""
    setup = f.routed_setup()
    finances = f.department(name="Finances")
    finance_agent = f.member(finances)
    (request,) = _request(setup, finances)
    page = f"/instruction/contributions/{setup['contributions'][0].pk}/"
    answer = f"/instruction/avis/{request.pk}/"
    handling = client_for(setup["agent"]).get(page).content.decode()
    assert answer not in handling
    assert "C'est au service Finances de le rendre." in handling
    asked = client_for(finance_agent).get(page).content.decode()
    assert answer in asked
    assert client_for(finance_agent).get(answer).status_code == 200
