"""Quality of services in the open API: the figures of each service's page (residents and agents
apart), its department's answers, and the information pages in their current version; never an
answer's text nor who gave it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.api.models import PERSONAL_SCOPES, ApiToken, Scope
from cocite.api.tests.helpers import api_get, token_for
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.quality import actions, queries
from cocite.quality.models import Help, InformationPage, PublicService, Respondent
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import answers, page, service

pytestmark = pytest.mark.django_db


def test_services_show_the_page_figures_with_agents_apart() -> None:
    agent = UserFactory()
    department = DepartmentFactory(members=[agent])
    target = service(department, name="État civil", slug="etat-civil")
    answers(target, 3, satisfaction=2)
    answers(target, 1, kind=Respondent.AGENT, satisfaction=0)
    resident = UserFactory(display_name="Usager Discret")
    actions.feedback_give(
        service=target, respondent=resident, satisfaction=1, ease=1, clarity=1, help=Help.NONE, comment="Trop long"
    )
    actions.recurring_point_answer(
        author=agent, service=target, point="L'attente au guichet", answer="Nous ouvrons un second guichet."
    )
    closed = service(department, name="Ancienne prestation", is_active=False)
    client = Client()
    listed = api_get(client, "/qualite/services").json()["items"]
    assert [s["slug"] for s in listed] == ["etat-civil"]
    page_view = queries.service_page(target)
    detail = api_get(client, "/qualite/services/etat-civil")
    assert detail.status_code == 200
    data = detail.json()
    for shown in (listed[0], data):
        assert shown["residents"]["answers"] == page_view.residents.answers == 4
        assert shown["residents"]["satisfaction"] == page_view.residents.satisfaction_score
        assert shown["residents"]["help_obtained_percent"] == page_view.residents.help_share
        assert shown["agents"]["answers"] == 1
        assert shown["agents"]["satisfaction"] == 0.0
    assert data["trend"][-1]["residents"]["answers"] == 4
    assert data["department_answers"] == [
        {
            "point": "L'attente au guichet",
            "answer": "Nous ouvrons un second guichet.",
            "created_at": data["department_answers"][0]["created_at"],
        }
    ]
    text = detail.content.decode() + api_get(client, "/qualite/services").content.decode()
    for secret in ("Trop long", "Commentaire 1", resident.display_name, agent.display_name):
        assert secret not in text
    assert api_get(client, f"/qualite/services/{closed.slug}").json()["open_to_feedback"] is False
    assert api_get(client, "/qualite/services/inconnu").status_code == 404


@pytest.mark.parametrize("who", ["visitor", "person", "application"])
def test_information_pages_in_their_current_version(who: str) -> None:
    department = DepartmentFactory()
    info = page(department, title="Travaux rue Haute", slug="travaux-rue-haute")
    asker = UserFactory(display_name="Curieuse Anonyme")
    actions.question_ask(author=asker, page=info, kind="question", body="Jusqu'à quand ?")
    token = {
        "visitor": None,
        "person": token_for(UserFactory(), *PERSONAL_SCOPES),
        "application": token_for(UserFactory(), Scope.READ_AGENTS, kind=ApiToken.Kind.APPLICATION),
    }[who]
    client = Client()
    listed = api_get(client, "/qualite/pages", token).json()["items"]
    assert [p["slug"] for p in listed] == ["travaux-rue-haute"]
    detail = api_get(client, "/qualite/pages/travaux-rue-haute", token).json()
    assert detail["version"] == 1
    assert detail["body"].startswith("Le trafic baisse")
    assert detail["question_count"] == 1
    assert "Curieuse Anonyme" not in str(detail)
    assert "Jusqu'à quand" not in str(detail)


@pytest.mark.parametrize("path", ["/api/v1/qualite/services", "/api/v1/qualite/pages"])
def test_lists_cost_the_same_with_10_and_500(path: str) -> None:
    department = DepartmentFactory()
    client = Client()

    def add(n: int, start: int) -> None:
        made = PublicService.objects.bulk_create(
            [PublicService(name=f"Prestation {start + i}", slug=f"prestation-{start + i}", short_code=f"c{start + i}",
                           department=department) for i in range(n)]
        )  # fmt: skip
        for s in made[::25]:
            answers(s, 3)
            answers(s, 1, kind=Respondent.AGENT)
        InformationPage.objects.bulk_create(
            [InformationPage(title=f"Page {start + i}", slug=f"page-{start + i}", department=department, body="x",
                             verified_on="2026-01-01", verified_role="Responsable", review_by="2027-01-01")
             for i in range(n)]
        )  # fmt: skip

    add(10, 0)
    small = real_render_queries(client, path)
    add(490, 10)
    assert_same_cost(small, real_render_queries(client, path), at_most=6, what=path)


def test_a_token_reads_the_same_figures() -> None:
    target = service(DepartmentFactory(), slug="piscine")
    answers(target, 2)
    secret: Any = token_for(UserFactory(), *PERSONAL_SCOPES)
    assert (
        api_get(Client(), "/qualite/services/piscine", secret).json()
        == api_get(Client(), "/qualite/services/piscine").json()
    )
