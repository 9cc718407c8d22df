"""Reports in the open API: the public list (filters, keyset pages), a report and its timeline,
nothing hidden or personal, and status changes by an application token through the site's rules."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.api.models import PERSONAL_SCOPES, ApiToken, Scope
from cocite.api.tests.helpers import api_get, api_post, token_for
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.reports import actions
from cocite.reports.models import Report, ReportEvent

from .helpers import LAT, category, quartier, report

pytestmark = pytest.mark.django_db


def test_list_filters_and_pages_by_cursor() -> None:
    lights = category(slug="eclairage")
    roads = category(slug="voirie")
    for index in range(22):
        report(lights, lat=LAT + index * 0.001)
    pothole = report(roads, description="Nid-de-poule")
    client = Client()
    first = api_get(client, "/signalements?category=eclairage").json()
    assert first["total"] == 22
    assert len(first["items"]) == 20
    assert first["next_cursor"]
    second = api_get(client, f"/signalements?category=eclairage&after={first['next_cursor']}").json()
    assert len(second["items"]) == 2
    assert second["next_cursor"] is None
    assert not {r["id"] for r in first["items"]} & {r["id"] for r in second["items"]}
    roads_only = api_get(client, "/signalements?category=voirie").json()
    assert [r["id"] for r in roads_only["items"]] == [pothole.pk]
    assert roads_only["items"][0]["quartier"] == "q-reports"
    assert api_get(client, "/signalements?quartier=q-reports").json()["total"] == 23
    assert api_get(client, "/signalements?quartier=ailleurs").json()["total"] == 0
    assert api_get(client, "/signalements?status=clos").json()["total"] == 0
    assert api_get(client, "/signalements?status=ouverts").json()["total"] == 23
    assert api_get(client, "/signalements?status=inconnu").status_code == 422


def test_no_personal_data_and_a_public_timeline() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    author = UserFactory(display_name="Pseudo Visible")
    made = report(cat, author=author)
    actions.report_set_status(agent=agent, report=made, status="pris_en_charge", message="Une équipe passe demain.")
    on_behalf = actions.report_submit(
        user=agent,
        category=cat,
        description="Au guichet",
        address="1 rue Haute",
        channel="accueil",
        offline_author_name="Jeanne Dupont",
        rate_limited=False,
    )
    client = Client()
    detail = api_get(client, f"/signalements/{made.pk}")
    assert detail.status_code == 200
    data = detail.json()
    assert data["status"] == "pris_en_charge"
    assert [(e["kind"], e["status"]) for e in data["timeline"]] == [("depose", "recu"), ("statut", "pris_en_charge")]
    assert data["timeline"][1]["message"] == "Une équipe passe demain."
    listed = api_get(client, "/signalements").content.decode()
    shown = listed + detail.content.decode() + api_get(client, f"/signalements/{on_behalf.pk}").content.decode()
    for secret in (author.display_name, author.email, agent.email, agent.display_name, "Jeanne Dupont"):
        assert secret not in shown
    for key in ("author", "recorded_by", "offline_author_name", "actor", "masked_reason"):
        assert f'"{key}"' not in shown


@pytest.mark.parametrize("who", ["visitor", "person", "application", "moderator", "handler"])
def test_a_masked_report_never_appears(who: str) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    shown = report(cat, description="Visible")
    hidden = report(cat, description="Texte masqué")
    actions.report_mask(hidden, "Injurieux")
    secret = None
    if who == "person":
        secret = token_for(UserFactory(), *PERSONAL_SCOPES)
    elif who == "application":
        secret = token_for(agent, Scope.READ_AGENTS, Scope.REPORT_STATUS, kind=ApiToken.Kind.APPLICATION)
    elif who == "moderator":
        secret = token_for(UserFactory(is_moderator=True), *PERSONAL_SCOPES)
    elif who == "handler":
        secret = token_for(agent, *PERSONAL_SCOPES)
    client = Client()
    listed = api_get(client, "/signalements", secret).json()
    assert [r["id"] for r in listed["items"]] == [shown.pk]
    assert listed["total"] == 1
    assert api_get(client, f"/signalements/{hidden.pk}", secret).status_code == 404
    assert "Texte masqué" not in api_get(client, "/signalements", secret).content.decode()


def test_application_token_changes_the_status_with_the_site_rules() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat)
    secret = token_for(agent, Scope.REPORT_STATUS, kind=ApiToken.Kind.APPLICATION)
    client = Client()
    no_reason = api_post(client, f"/signalements/{made.pk}/status", {"status": "non_retenu"}, secret)
    assert no_reason.status_code == 400, no_reason.content
    assert no_reason["Content-Type"].startswith("application/problem+json")
    assert no_reason.json()["code"] == "reason_required"
    assert no_reason.json()["errors"] == [{"field": "message", "code": "reason_required"}]
    no_date = api_post(client, f"/signalements/{made.pk}/status", {"status": "planifie"}, secret)
    assert no_date.json()["code"] == "date_required"
    day = datetime.date.today() + datetime.timedelta(days=18)  # a planned date is never in the past
    past = api_post(
        client,
        f"/signalements/{made.pk}/status",
        {"status": "planifie", "planned_for": "2020-12-24", "message": "Intervention prévue."},
        secret,
    )
    assert past.status_code == 400, past.content
    assert past.json()["code"] == "date_past"
    planned = api_post(
        client,
        f"/signalements/{made.pk}/status",
        {"status": "planifie", "planned_for": day.isoformat(), "message": "Intervention prévue."},
        secret,
    )
    assert planned.status_code == 200, planned.content
    assert planned.json()["status"] == "planifie"
    assert planned.json()["planned_for"] == day.isoformat()
    assert planned.json()["event"]["message"] == "Intervention prévue."
    made.refresh_from_db()
    assert made.status == "planifie"
    assert made.planned_for == day
    assert made.answered_at is not None
    event = ReportEvent.objects.filter(report=made, kind="statut").get()
    assert event.actor_id == agent.pk
    rejected = api_post(
        client, f"/signalements/{made.pk}/status", {"status": "non_retenu", "message": "Domaine privé."}, secret
    )
    assert rejected.status_code == 200
    public = api_get(client, f"/signalements/{made.pk}").json()
    assert public["status"] == "non_retenu"
    assert public["timeline"][-1]["message"] == "Domaine privé."


def test_status_change_needs_an_application_token_of_the_right_department_and_scope() -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    made = report(cat)
    body = {"status": "resolu", "message": "Réparé."}
    client = Client()
    personal = token_for(agent, *PERSONAL_SCOPES)
    refused = api_post(client, f"/signalements/{made.pk}/status", body, personal)
    assert refused.status_code == 403
    assert refused.json()["code"] == "scope_missing"
    other_scope = token_for(agent, Scope.ROUTE, kind=ApiToken.Kind.APPLICATION)
    assert api_post(client, f"/signalements/{made.pk}/status", body, other_scope).json()["code"] == "scope_missing"
    other_agent = UserFactory()
    category(agents=[other_agent], slug="voirie")
    other_department = token_for(other_agent, Scope.REPORT_STATUS, kind=ApiToken.Kind.APPLICATION)
    not_handler = api_post(client, f"/signalements/{made.pk}/status", body, other_department)
    assert not_handler.status_code == 403
    assert not_handler.json()["code"] == "handle_forbidden"
    anonymous = client.post(f"/api/v1/signalements/{made.pk}/status", json.dumps(body), content_type="application/json")
    assert anonymous.status_code == 401
    made.refresh_from_db()
    assert made.status == "recu"
    actions.report_mask(made, "Injurieux")
    outsider = token_for(UserFactory(), Scope.REPORT_STATUS, kind=ApiToken.Kind.APPLICATION)
    assert api_post(client, f"/signalements/{made.pk}/status", body, outsider).status_code == 404


@pytest.mark.parametrize("with_token", [False, True])
def test_list_costs_the_same_with_10_and_500(with_token: bool) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    user = UserFactory()
    client = Client()
    if with_token:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(UserFactory(), *PERSONAL_SCOPES)}")

    def add(n: int) -> None:
        made = Report.objects.bulk_create(
            [
                Report(category=cat, department=cat.department, description=f"Problème {i}", address=f"{i} rue Haute",
                       author=user, due_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC),
                       quartier=cat_quartier if i % 2 else None)
                for i in range(n)
            ]
        )  # fmt: skip
        ReportEvent.objects.bulk_create(
            [ReportEvent(report=r, kind="depose", status="recu", department=cat.department) for r in made]
        )

    cat_quartier = quartier()
    add(10)
    small = real_render_queries(client, "/api/v1/signalements")
    small_filtered = real_render_queries(client, "/api/v1/signalements", {"status": "ouverts", "quartier": "q-reports"})
    add(490)
    assert_same_cost(small, real_render_queries(client, "/api/v1/signalements"), at_most=8, what="the reports")
    assert_same_cost(
        small_filtered,
        real_render_queries(client, "/api/v1/signalements", {"status": "ouverts", "quartier": "q-reports"}),
        at_most=8,
        what="the filtered reports",
    )
