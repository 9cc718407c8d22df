"""The home page's quartier and department cards lead to public pages (issue 16: they led nowhere).

A quartier: the démarches about it (with their contribution list filtered on it) and the latest
contributions placed in it. A department: what it handles, the démarches it runs, its official
answers and its results. Both show only what the viewer may see, in a constant number of queries.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.debate.tests.factories import CommentFactory
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.results.models import Result
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def territory() -> dict[str, Any]:
    quartier = QuartierFactory(name="La Gare", slug="la-gare", population=4200)
    department = DepartmentFactory(name="Voirie et déplacements", slug="voirie", description="Chaussées et trottoirs.")
    department.themes.add(ThemeFactory(name="Mobilité"))
    public = DemarcheFactory(title="Rues apaisées", managing_department=department)
    public.quartiers.add(quartier)
    internal = DemarcheFactory(title="Chantier interne", audience=Audience.AGENTS, managing_department=department)
    internal.quartiers.add(quartier)
    agent = UserFactory()
    department.members.add(agent)
    return {"quartier": quartier, "department": department, "public": public, "internal": internal, "agent": agent}


def test_the_home_page_cards_lead_to_the_quartier_and_department_pages(client: Client, territory: Any) -> None:
    html = client.get(reverse("home")).text
    assert f'href="{reverse("spaces:quartier", kwargs={"slug": "la-gare"})}"' in html
    assert f'href="{reverse("spaces:department", kwargs={"slug": "voirie"})}"' in html


def test_a_quartier_page_lists_what_the_viewer_may_see(client: Client, client_for: Any, territory: Any) -> None:
    quartier, public, internal = territory["quartier"], territory["public"], territory["internal"]
    ContributionFactory(demarche=public, quartier=quartier, title="Un banc devant la gare")
    ContributionFactory(demarche=public, quartier=quartier, title="Idée retirée", status=Contribution.Status.WITHDRAWN)
    ContributionFactory(demarche=public, quartier=QuartierFactory(), title="Ailleurs dans la ville")
    ContributionFactory(demarche=internal, quartier=quartier, title="Note interne au quartier")
    url = reverse("spaces:quartier", kwargs={"slug": "la-gare"})
    html = client.get(url).text
    assert "La Gare" in html
    assert re.search(r"4\D{0,12}200 habitants", html)
    assert "Rues apaisées" in html
    # The démarche's list, filtered on the quartier.
    assert f"{reverse('contributions:list', kwargs={'slug': public.slug})}?quartier=la-gare" in html
    assert "Un banc devant la gare" in html
    for hidden in ("Idée retirée", "Ailleurs dans la ville", "Note interne au quartier", "Chantier interne"):
        assert hidden not in html, hidden
    agent_html = client_for(territory["agent"]).get(url).text
    assert "Note interne au quartier" in agent_html
    assert "Chantier interne" in agent_html
    assert client.get(reverse("spaces:quartier", kwargs={"slug": "nulle-part"})).status_code == 404


def test_a_department_page_shows_its_themes_answers_and_results(
    client: Client, client_for: Any, territory: Any
) -> None:
    department, public, internal = territory["department"], territory["public"], territory["internal"]
    seen = ContributionFactory(demarche=public, title="Des trottoirs trop étroits")
    CommentFactory(on=seen, is_official=True, department=department, stance="", body="Nous élargirons en 2027.")
    CommentFactory(on=seen, is_official=False, stance="pour", body="Un simple avis d'habitant.")
    hidden = ContributionFactory(demarche=internal, title="Sujet interne")
    CommentFactory(on=hidden, is_official=True, department=department, stance="", body="Réponse interne.")
    Result.objects.create(title="Élargir les trottoirs", description="Texte.", department=department, demarche=public)
    Result.objects.create(title="Résultat interne", description="x", department=department, demarche=internal)
    url = reverse("spaces:department", kwargs={"slug": "voirie"})
    html = client.get(url).text
    assert "Voirie et déplacements" in html
    assert "Chaussées et trottoirs." in html
    assert "Mobilité" in html
    assert "Rues apaisées" in html
    assert "Nous élargirons en 2027." in html
    assert f"{seen.get_absolute_url()}#commentaire-" in html
    assert "Un simple avis d'habitant." not in html
    assert "Élargir les trottoirs" in html
    assert f"{reverse('results:list')}?service=voirie" in html
    for secret in ("Sujet interne", "Réponse interne.", "Chantier interne"):
        assert secret not in html, secret
    agent_html = client_for(territory["agent"]).get(url).text
    assert "Réponse interne." in agent_html
    assert client.get(reverse("spaces:department", kwargs={"slug": "aucun"})).status_code == 404


@pytest.mark.parametrize("logged_in", [False, True])
def test_the_quartier_and_department_pages_cost_the_same_with_more_data(
    client_for: Any, territory: Any, logged_in: bool
) -> None:
    client = client_for(territory["agent"]) if logged_in else Client()
    quartier, department, public = territory["quartier"], territory["department"], territory["public"]
    quartier_url = reverse("spaces:quartier", kwargs={"slug": "la-gare"})
    department_url = reverse("spaces:department", kwargs={"slug": "voirie"})

    def add(n: int) -> None:
        for i in range(n):
            demarche = DemarcheFactory(managing_department=department)
            demarche.quartiers.add(quartier)
            contribution = ContributionFactory(demarche=public, quartier=quartier, title=f"Contribution {i}")
            CommentFactory(on=contribution, is_official=True, department=department, stance="", body=f"Réponse {i}")
            Result.objects.create(title=f"Résultat numéro {i}", description="x", department=department, demarche=public)

    add(1)
    small = (real_render_queries(client, quartier_url), real_render_queries(client, department_url))
    add(14)
    at_most = 12 if logged_in else 10
    assert_same_cost(small[0], real_render_queries(client, quartier_url), at_most=at_most, what="the quartier page")
    assert_same_cost(small[1], real_render_queries(client, department_url), at_most=at_most + 4, what="the department")
