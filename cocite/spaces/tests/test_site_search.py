"""The site's search (/recherche/, from the header): démarches, contributions, decisions and
results, with the contribution search's French stemming and accent folding, filtered by what each
role may see, grouped with counts and paged; hostile input answered cleanly; bounded queries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.actions import SEARCH_KIND as CONTRIBUTION_KIND
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core import search
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.decisions.actions.decisions import SEARCH_KIND as DECISION_KIND
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import items_of
from cocite.demarches.models import Audience, Demarche
from cocite.demarches.receivers import SEARCH_KIND as DEMARCHE_KIND
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.results import actions as result_actions
from cocite.results.actions import SEARCH_KIND as RESULT_KIND
from cocite.spaces.queries import SEARCH_KINDS

pytestmark = pytest.mark.django_db

URL = "/recherche/"


def contribution(**kwargs: Any) -> Contribution:
    """A contribution indexed as contribution_submit indexes it (factories write rows only)."""
    made = ContributionFactory(**kwargs)
    search.index_document(CONTRIBUTION_KIND, made.pk, made.title, made.body)
    return made


def page(client: Client, q: str, **params: Any) -> str:
    response = client.get(URL, {"q": q, **params})
    assert response.status_code == 200, q[:80]
    return response.content.decode()


def test_the_kinds_are_those_the_apps_index() -> None:
    assert [k.kind for k in SEARCH_KINDS] == [DEMARCHE_KIND, CONTRIBUTION_KIND, DECISION_KIND, RESULT_KIND]


def test_every_kind_is_found_with_stemming_and_accents_folded(client: Client) -> None:
    setup = f.routed_setup(count=0, title="Démarche des pistes cyclables")
    # The démarche is indexed by its save (demarches.receivers), the decision and result by their actions.
    found = f.contribution(
        demarche=setup["demarche"], themes=[setup["theme"]], title="Des arceaux à vélos devant l'école"
    )
    search.index_document(CONTRIBUTION_KIND, found.pk, found.title, found.body)
    decision = f.publish(
        actor=setup["manager"], items=items_of([found]),
        explanation=(
            "Les arceaux seront posés devant chaque école primaire de la commune, au printemps. Le service des "
            "espaces publics a vérifié la place disponible sur chaque trottoir, et le budget est inscrit au "
            "programme de l'année ; les parents d'élèves seront consultés sur les emplacements."
        ),
    )  # fmt: skip
    result_actions.result_create(
        actor=setup["manager"], title="Pose des arceaux à vélos", description="Quarante arceaux devant les écoles.",
        department=setup["department"], decisions=[decision],
    )  # fmt: skip
    html = page(client, "velo ecoles")
    assert found.get_absolute_url() in html  # « velo ecoles » finds « vélos … l'école »
    assert decision.get_absolute_url() in html
    assert "Pose des arceaux" in html
    assert "<mark>vélos</mark>" in html
    assert setup["demarche"].get_absolute_url() in page(client, "cyclable")
    assert '<a href="#resultats-contributions">' in html


def test_each_role_finds_only_what_it_may_see(client: Client) -> None:
    department = f.department()
    agent = f.member(department)
    public = DemarcheFactory(title="Démarche ouverte")
    agents_only = DemarcheFactory(title="Accueil interne", audience=Audience.AGENTS)
    draft = DemarcheFactory(title="Brouillon", status=Demarche.Status.DRAFT)
    invited = DemarcheFactory(title="Sur invitation", audience=Audience.INVITED)
    guest = UserFactory()
    invited.invited.add(guest)
    contribution(demarche=public, title="Lampadaire PUBLICMARK éteint rue Haute")
    contribution(demarche=agents_only, title="Lampadaire AGENTMARK du guichet interne")
    contribution(demarche=draft, title="Lampadaire DRAFTMARK en préparation")
    contribution(demarche=invited, title="Lampadaire INVITEDMARK pour les invités")
    seen = {
        "visitor": None,
        "resident": UserFactory(),
        "agent": agent,
        "guest": guest,
        "administrator": UserFactory(is_superuser=True, is_staff=True),
    }
    expected = {
        "visitor": {"PUBLICMARK"},
        "resident": {"PUBLICMARK"},
        "agent": {"PUBLICMARK", "AGENTMARK"},
        "guest": {"PUBLICMARK", "INVITEDMARK"},
        "administrator": {"PUBLICMARK", "AGENTMARK", "DRAFTMARK", "INVITEDMARK"},
    }
    for role, person in seen.items():
        viewer = Client()
        if person is not None:
            viewer.force_login(person)
        html = page(viewer, "lampadaires")
        shown = {m for m in ("PUBLICMARK", "AGENTMARK", "DRAFTMARK", "INVITEDMARK") if m in html}
        assert shown == expected[role], role
        # The counts of groups tell nothing of what is hidden either.
        assert f">{len(expected[role])} résultat" in html, role
    for title in ("Accueil interne", "Brouillon", "Sur invitation"):
        html = page(client, title)
        assert "search-result" not in html, title
        assert "Aucun résultat" in html


def test_matches_are_highlighted_and_everything_else_escaped(client: Client) -> None:
    contribution(title="Un titre <b>en gras</b> de vélo", body='<script>alert("x")</script> Plus de vélos <img src=x>')
    html = page(client, "vélo")
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>vélos</mark>" in html
    assert "<b>en gras</b>" not in html
    assert "<img src=x>" not in html


def test_no_result_says_so_with_suggestions(client: Client) -> None:
    contribution(title="Une fontaine place du marché")
    html = page(client, "zeppelin")
    assert "Aucun résultat pour « zeppelin »" in html
    assert reverse("demarches:list") in html
    assert "orthographe" in html


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("!!! ??? ...", "aucun mot à chercher"),
        ("le la de", "aucun mot à chercher"),
        ("vélo " * 200, "trop longue"),
        ("vélo\x00", 'class="errorlist"'),
        ("vélo\u202e", 'class="errorlist"'),
        ("'; DROP TABLE contributions_contribution; --", "Aucun résultat"),
        ('" OR 1=1 -- *', "Aucun résultat"),
        ("NEAR(vélo école) AND NOT", "Aucun résultat"),
        ("", ""),
    ],
)
def test_bad_input_is_answered_cleanly(client: Client, q: str, message: str) -> None:
    contribution(title="Une fontaine place du marché")
    html = page(client, q)
    assert message in html
    assert Contribution.objects.count() == 1


def test_hostile_parameters(client: Client) -> None:
    hostile: list[dict[str, str]] = [
        {"groupe": "inconnu"},
        {"groupe": "contributions", "apres": "abc"},
        {"apres": "99999999999999999999"},
        {"groupe": "contributions", "apres": "99999999999999999999"},
    ]
    for params in hostile:
        page(client, "fontaine", **params)
    assert client.get(URL, {"q": ["a", "b"]}).status_code == 200


def test_each_group_is_paged_with_see_more(client: Client) -> None:
    demarche = DemarcheFactory()
    made = [contribution(demarche=demarche, title=f"Fontaine numéro {i:02d} du quartier") for i in range(25)]
    first = page(client, "fontaines")
    assert ">25 résultats pour" in first
    assert first.count('class="search-result"') == 5
    assert "groupe=contributions" in first
    one_group = page(client, "fontaines", groupe="contributions")
    assert one_group.count('class="search-result"') == 20
    last = made[-20].pk
    rest = page(client, "fontaines", groupe="contributions", apres=str(last))
    assert rest.count('class="search-result"') == 5
    assert "Voir plus" not in rest


def _grow(n: int, demarche: Demarche) -> None:
    rows = Contribution.objects.bulk_create(
        Contribution(demarche=demarche, kind="idee", title=f"Banc public numéro {i}", body="Des bancs à l'ombre.")
        for i in range(n)
    )
    search.index_documents_bulk(CONTRIBUTION_KIND, [(c.pk, f"{c.title}\n{c.body}") for c in rows])


@pytest.mark.parametrize("role", ["visitor", "agent"])
def test_the_search_costs_the_same_at_10_and_500_rows(role: str) -> None:
    client = Client()
    if role == "agent":
        client.force_login(f.member(f.department()))
    # A démarche matches too: two groups with rows, two with a count only.
    small_demarche, large_demarche = DemarcheFactory(title="Bancs de la petite"), DemarcheFactory(title="Grande")
    _grow(10, small_demarche)
    small = real_render_queries(client, URL, {"q": "banc"})
    _grow(490, large_demarche)
    large = real_render_queries(client, URL, {"q": "banc"})
    # 2 queries a group with results (count, rows), 1 for a group without: 7 here, 9 at most for a
    # visitor; a signed-in person's session and person add 2.
    assert_same_cost(small, large, at_most=9 if role == "visitor" else 11, what=f"site search ({role})")
    focused = real_render_queries(client, URL, {"q": "banc", "groupe": "contributions"})
    assert len(focused) <= len(large)


def test_the_header_has_an_accessible_search_field(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert '<label for="site-search-q"' in html
    assert 'id="site-search-q" name="q"' in html


def test_search_reindex_rebuilds_every_kind(client: Client) -> None:
    demarche = DemarcheFactory(title="Démarche des jardins partagés")
    made = contribution(demarche=demarche, title="Un potager au pied des immeubles")
    search.remove_document(DEMARCHE_KIND, demarche.pk)
    search.remove_document(CONTRIBUTION_KIND, made.pk)
    html = page(client, "jardins potager")
    assert "Aucun résultat" in html
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    assert "demarche: 1" in out.getvalue()
    assert demarche.get_absolute_url() in page(client, "jardins")
    assert made.get_absolute_url() in page(client, "potager")
