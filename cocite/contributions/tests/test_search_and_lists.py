"""French search on both databases, list filters and sorts, keyset pagination, bounded query counts."""

from __future__ import annotations

import html
import io
import re
from typing import Any
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import actions
from cocite.contributions.models import Contribution, ContributionRevision, Support
from cocite.contributions.queries import ContributionFilters, contribution_page
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core import search
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _card_titles(response: Any) -> list[str]:
    """Titles of the cards on a list page, read from the HTML as a visitor sees them."""
    return [html.unescape(t) for t in re.findall(r'class="card__heading"><a href="[^"]+">([^<]+)</a>', response.text)]


def _card_ids(response: Any) -> list[int]:
    return [int(pk) for pk in re.findall(r'class="card__heading"><a href="/contributions/(\d+)/">', response.text)]


def _cursor(response: Any, rel: str) -> str | None:
    """The `apres` / `avant` value of the page's "next" / "previous" link, if any."""
    link = re.search(rf'<a href="\?([^"]+)" rel="{rel}">', response.text)
    if link is None:
        return None
    query = parse_qs(html.unescape(link.group(1)))
    return query["apres" if rel == "next" else "avant"][0]


def _submit(demarche: Any, title: str, body: str = "Texte.") -> Contribution:
    return actions.contribution_submit(author=UserFactory(), demarche=demarche, kind="idee", title=title, body=body)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("velo", {"Plus de Vélos en centre-ville"}),
        ("vélo", {"Plus de Vélos en centre-ville"}),
        ("ecole", {"Sécuriser la sortie de l'école"}),
        ("ÉCOLES", {"Sécuriser la sortie de l'école"}),
        ("arbres plantés", {"Planter des arbres rue Haute"}),
        ("piscine", set()),
        ("", {"Plus de Vélos en centre-ville", "Sécuriser la sortie de l'école", "Planter des arbres rue Haute"}),
        ("'; DROP TABLE x; --", set()),
        ('"velo" NEAR(', set()),
        (
            "la de le",
            {"Plus de Vélos en centre-ville", "Sécuriser la sortie de l'école", "Planter des arbres rue Haute"},
        ),
    ],
)
def test_french_search_ignores_accents_and_plurals(query: str, expected: set[str]) -> None:
    demarche = DemarcheFactory()
    _submit(demarche, "Plus de Vélos en centre-ville", "Des pistes cyclables.")
    _submit(demarche, "Sécuriser la sortie de l'école", "Les enfants traversent.")
    _submit(demarche, "Planter des arbres rue Haute", "De l'ombre en été.")
    found = contribution_page(demarche=demarche, filters=ContributionFilters(q=query)).items
    assert {c.title for c in found} == expected, connection.vendor


def test_search_page_and_hidden_demarches(client: Client) -> None:
    public = DemarcheFactory()
    hidden = DemarcheFactory(audience=Audience.AGENTS)
    _submit(public, "Des vélos en libre-service")
    contribution = Contribution.objects.create(
        demarche=hidden, kind="idee", title="Des vélos pour les agents", body="x", author=UserFactory()
    )
    search.index_document("contribution", contribution.pk, contribution.title, scope=hidden.pk)
    body = client.get(f"/demarches/{public.slug}/contributions/", {"q": "velo"}).content.decode()
    assert "Des vélos en libre-service" in body
    assert "pour les agents" not in body
    assert client.get(f"/demarches/{hidden.slug}/contributions/", {"q": "velo"}).status_code == 404


def test_filters_and_sorts(client: Client) -> None:
    demarche = DemarcheFactory()
    theme = ThemeFactory(slug="mobilite", name="Mobilités")
    quartier = QuartierFactory(slug="la-gare", name="La Gare")
    demarche.themes.add(theme)
    demarche.quartiers.add(quartier)
    a = ContributionFactory(demarche=demarche, kind="probleme", title="Problème de trottoir", quartier=quartier)
    a.themes.add(theme)
    b = ContributionFactory(demarche=demarche, kind="idee", title="Idée de marché couvert", support_count=5)
    c = ContributionFactory(demarche=demarche, kind="question", title="Question sur la cantine", comment_count=9)
    url = f"/demarches/{demarche.slug}/contributions/"

    def titles(**params: str) -> list[str]:
        response = client.get(url, params)
        assert response.status_code == 200
        return _card_titles(response)

    assert titles(kind="probleme") == [a.title]
    assert titles(theme="mobilite") == [a.title]
    assert titles(quartier="la-gare") == [a.title]
    assert titles(tri="soutenues")[0] == b.title
    assert titles(tri="debattues")[0] == c.title
    assert titles(tri="recentes") == [c.title, b.title, a.title]
    random_order = titles(tri="aleatoire")
    assert sorted(random_order) == sorted([a.title, b.title, c.title])
    assert titles(tri="aleatoire") == random_order  # stable for this visitor
    # Bad filter values are ignored with the list still shown, never a 500.
    assert len(titles(kind="inconnu", theme="nope", tri="n'importe", apres="!!!")) == 3


def test_keyset_pagination_walks_every_row_once(client: Client) -> None:
    demarche = DemarcheFactory()
    Contribution.objects.bulk_create(
        [
            Contribution(demarche=demarche, kind="idee", title=f"Contribution numéro {i:03d}", body="x")
            for i in range(45)
        ]
    )
    url = f"/demarches/{demarche.slug}/contributions/"
    seen: list[int] = []
    params: dict[str, str] = {}
    pages = 0
    while True:
        response = client.get(url, params)
        seen.extend(_card_ids(response))
        pages += 1
        next_cursor = _cursor(response, "next")
        if not next_cursor:
            break
        params = {"apres": next_cursor}
    assert pages == 3
    assert len(seen) == len(set(seen)) == 45
    # And back: the previous page of page 3 is page 2.
    back = client.get(url, {"avant": _cursor(response, "prev")})
    assert _card_ids(back) == seen[20:40]


@pytest.mark.parametrize("logged_in", [False, True])
def test_list_query_count_is_constant(client_for: Any, logged_in: bool) -> None:
    demarche = DemarcheFactory()
    user = UserFactory()
    theme = ThemeFactory()
    client = client_for(user) if logged_in else Client()
    url = f"/demarches/{demarche.slug}/contributions/"
    sorted_by_support = {"tri": "soutenues", "kind": "idee"}

    def add(n: int) -> None:
        created = Contribution.objects.bulk_create(
            [
                Contribution(
                    demarche=demarche,
                    kind="idee",
                    title=f"Contribution n° {i}",
                    body="x",
                    quartier=QuartierFactory() if i % 50 == 0 else None,
                    # Authored rows: the card names the author (a per-row démarche read once hid here).
                    author=user if i % 2 else None,
                )
                for i in range(n)
            ]
        )
        for item in created[::7]:
            item.themes.add(theme)
        Support.objects.bulk_create([Support(contribution=item, user=user) for item in created[::3]])

    add(10)
    small = real_render_queries(client, url)
    small_sorted = real_render_queries(client, url, sorted_by_support)
    add(490)
    # Real renders, caches off. Issue 15's target is 12; signed in, the list still asks 13
    # (the démarche's structure alone takes 5): this bound only goes down.
    assert_same_cost(small, real_render_queries(client, url), at_most=13, what="the list")
    assert_same_cost(
        small_sorted, real_render_queries(client, url, sorted_by_support), at_most=13, what="the sorted list"
    )


@pytest.mark.parametrize("logged_in", [False, True])
def test_search_query_count_is_constant(client_for: Any, logged_in: bool) -> None:
    demarche = DemarcheFactory()
    client = client_for(UserFactory()) if logged_in else Client()
    author = UserFactory()
    url = f"/demarches/{demarche.slug}/contributions/"
    query = {"q": "velo"}

    def add(n: int) -> None:
        created = Contribution.objects.bulk_create(
            [
                Contribution(
                    demarche=demarche,
                    kind="idee",
                    title=f"Plus de vélos n° {i}",
                    body="Des arceaux à vélos.",
                    quartier=QuartierFactory() if i % 50 == 0 else None,
                    author=author if i % 2 else None,
                )
                for i in range(n)
            ]
        )
        search.index_documents_bulk(
            "contribution",
            [(c.pk, f"{c.title} {c.body}") for c in created],
            scopes={c.pk: demarche.pk for c in created},
        )

    add(10)
    small = real_render_queries(client, url, query)
    add(490)
    assert_same_cost(small, real_render_queries(client, url, query), at_most=13 if logged_in else 11, what="the search")
    assert len(_card_ids(client.get(url, query))) > 10  # the words were found: a full page of results


def test_an_n_plus_one_in_the_list_render_fails_the_count(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """The count is of a real render: drop the list's join on quartiers and each card asks for its own."""
    demarche = DemarcheFactory()
    url = f"/demarches/{demarche.slug}/contributions/"
    Contribution.objects.bulk_create(
        [
            Contribution(
                demarche=demarche, kind="idee", title=f"Contribution n° {i}", body="x", quartier=QuartierFactory()
            )
            for i in range(3)
        ]
    )
    small = real_render_queries(client, url)
    Contribution.objects.bulk_create(
        [
            Contribution(demarche=demarche, kind="idee", title=f"Autre n° {i}", body="x", quartier=QuartierFactory())
            for i in range(12)
        ]
    )
    original = QuerySet.select_related

    def without_quartier(self: QuerySet[Any], *fields: str) -> QuerySet[Any]:
        kept = [f for f in fields if f != "quartier"]
        return original(self, *kept) if kept else self

    monkeypatch.setattr(QuerySet, "select_related", without_quartier)
    with pytest.raises(AssertionError, match="repeated or new"):
        assert_same_cost(small, real_render_queries(client, url), at_most=100, what="the list")


def test_detail_query_count_is_constant(client_for: Any) -> None:
    contribution = ContributionFactory()
    client = client_for(UserFactory())
    before = real_render_queries(client, contribution.get_absolute_url())
    for _ in range(30):
        Support.objects.create(contribution=contribution, user=UserFactory())
    contribution.themes.add(ThemeFactory(), ThemeFactory())
    after = real_render_queries(client, contribution.get_absolute_url())
    # 14 (signed in): the démarche's frame (no themes nor quartiers); the panels of what came out of it
    # (its decision, missions published from it) read its item once,
    # with whether a decision or a result names it (neither here: their two queries are not asked);
    # merge credits, « au nom de » and missions are asked only when the contribution's own read found
    # some (`extensions.PagePresence`: none here, test_page_presences.py).
    # 13 on PostgreSQL: the debate's top-level comments and official answers in one query (cocite/debate/queries.py).
    at_most = 13 if connection.vendor == "postgresql" else 14
    assert_same_cost(before, after, at_most=at_most, what="the contribution page")


def test_history_query_count_is_constant(client: Client) -> None:
    contribution = ContributionFactory()
    editor = UserFactory()

    def edit(n: int) -> None:
        ContributionRevision.objects.bulk_create(
            [ContributionRevision(contribution=contribution, title=f"Titre {i}", body="Texte.", edited_by=editor)
             for i in range(n)]
        )  # fmt: skip

    url = f"/contributions/{contribution.pk}/historique/"
    edit(10)
    small = real_render_queries(client, url)
    edit(490)
    assert_same_cost(small, real_render_queries(client, url), at_most=10, what="the history")


def test_demarche_list_query_count_is_constant(client: Client) -> None:
    DemarcheFactory()
    before = real_render_queries(client, "/demarches/")
    for _ in range(8):
        ContributionFactory(demarche=DemarcheFactory())
    assert_same_cost(before, real_render_queries(client, "/demarches/"), at_most=12, what="the démarches")
    assert len(real_render_queries(client, "/")) <= len(before) + 4


@pytest.mark.parametrize("logged_in", [False, True])
def test_home_query_count_is_constant(client_for: Any, logged_in: bool) -> None:
    client = client_for(UserFactory()) if logged_in else Client()

    def add(demarches: int, places: int) -> None:
        for _ in range(demarches):
            ContributionFactory(demarche=DemarcheFactory())
        for _ in range(places):
            QuartierFactory()
            DepartmentFactory()

    add(1, 5)
    small = real_render_queries(client, "/")
    add(9, 45)  # more démarches than the six shown, ten times the quartiers and departments
    assert_same_cost(small, real_render_queries(client, "/"), at_most=12 if logged_in else 11, what="the home page")


def test_map_view_has_an_equivalent_list(client: Client) -> None:
    demarche = DemarcheFactory()
    ContributionFactory(demarche=demarche, title="Un banc cassé au parc", latitude=47.81, longitude=1.91)
    body = client.get(f"/demarches/{demarche.slug}/contributions/", {"vue": "carte"}).content.decode()
    assert 'id="map"' in body
    assert "Un banc cassé au parc" in body.split('id="map"')[1]  # in the table after the map
    assert "47.81000" in body or "47,81000" in body


def test_a_demarche_search_finds_what_each_way_of_indexing_wrote_and_no_other_demarches() -> None:
    """On PostgreSQL the démarche's search asks the index for its scope (core.search.SCOPE_LEXEME):
    a contribution indexed by its submission, its edit or `search_reindex` must carry it."""
    here, elsewhere = DemarcheFactory(), DemarcheFactory()
    submitted = _submit(here, "Un composteur partagé rue des Lilas")
    edited = _submit(here, "Un banc sous les tilleuls")
    actions.contribution_edit(
        user=edited.author, contribution=edited, title="Un composteur près du banc", body=edited.body
    )
    _submit(elsewhere, "Un composteur dans l'autre démarche")

    def found(demarche: Any) -> set[int]:
        page = contribution_page(demarche=demarche, filters=ContributionFilters(q="composteurs"))
        return {c.pk for c in page.items}

    assert found(here) == {submitted.pk, edited.pk}
    call_command("search_reindex", stdout=io.StringIO())
    assert found(here) == {submitted.pk, edited.pk}
    assert len(found(elsewhere)) == 1
