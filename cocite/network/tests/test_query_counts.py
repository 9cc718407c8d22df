"""The directory, the map, an initiative's page and the territory feed cost the same queries with a
few rows or many."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.network import actions
from cocite.network.models import Initiative

from .helpers import make_actor, make_initiative, theme_and_quartier

pytestmark = pytest.mark.django_db


def _actors(n: int, theme: Any, quartier: Any, start: int = 0) -> None:
    for index in range(start, start + n):
        make_actor(
            name=f"Acteur {index:03d}",
            themes=[theme.pk],
            quartiers=[quartier.pk],
            offers=[("propose", "locaux", "une salle"), ("recherche", "financement", "")],
            latitude=47.8 + index / 1000,
            longitude=1.9,
            address=f"{index} rue du Test",
        )


def _initiatives(n: int, theme: Any, quartier: Any, holder: Any) -> list[Initiative]:
    made = []
    for index in range(n):
        initiative = make_initiative(holder, title=f"Initiative {index}", themes=[theme.pk], quartiers=[quartier.pk])
        actions.call_create(
            user=holder, initiative=initiative, kind="locaux", what="Une salle", when="Samedi", rate_limited=False
        )
        made.append(initiative)
    return made


@pytest.mark.parametrize("path", ["/acteurs/", "/acteurs/?vue=carte", "/acteurs/?q=acteur&propose=locaux"])
def test_directory_and_map(path: str) -> None:
    theme, quartier = theme_and_quartier()
    _actors(3, theme, quartier)
    small = real_render_queries(Client(), path)
    _actors(40, theme, quartier, start=3)
    large = real_render_queries(Client(), path)
    assert_same_cost(small, large, at_most=12, what=path)


def test_initiative_page_with_many_calls_answers_and_news(client_for: Any) -> None:
    holder = UserFactory()
    theme, _quartier = theme_and_quartier()
    few = make_initiative(holder, title="Peu", themes=[theme.pk])
    many = make_initiative(holder, title="Beaucoup", themes=[theme.pk])
    for initiative, n in ((few, 1), (many, 8)):
        for index in range(n):
            call = actions.call_create(
                user=holder,
                initiative=initiative,
                kind="locaux",
                what=f"Salle {index}",
                when="Samedi",
                rate_limited=False,
            )
            for _helper in range(2):
                answer = actions.help_offer(user=UserFactory(), call=call, message="Je peux", rate_limited=False)
                actions.help_decide(user=holder, answer=answer, accept=True)
            actions.news_post(user=holder, initiative=initiative, body=f"Nouvelle {index}", rate_limited=False)
    for client in (Client(), client_for(holder)):
        small = real_render_queries(client, few.get_absolute_url())
        large = real_render_queries(client, many.get_absolute_url())
        assert_same_cost(small, large, at_most=30, what="an initiative's page")


@pytest.mark.parametrize("query", ["", "?quartier={q}&theme={t}"])
def test_territory_feed_and_initiative_list(query: str) -> None:
    holder = UserFactory()
    theme, quartier = theme_and_quartier()
    path_feed = "/initiatives/fil/" + query.format(q=quartier.pk, t=theme.pk)
    _initiatives(2, theme, quartier, holder)
    small = [real_render_queries(Client(), p) for p in (path_feed, "/initiatives/")]
    _initiatives(25, theme, quartier, holder)
    large = [real_render_queries(Client(), p) for p in (path_feed, "/initiatives/")]
    for s, g in zip(small, large, strict=True):
        assert_same_cost(s, g, at_most=12, what="the feed and the list of initiatives")


def test_call_suggestions_are_bounded(client_for: Any) -> None:
    holder = UserFactory()
    theme, quartier = theme_and_quartier()
    [initiative] = _initiatives(1, theme, quartier, holder)
    call = initiative.calls.get()
    _actors(3, theme, quartier)
    small = real_render_queries(client_for(holder), f"/initiatives/appels/{call.pk}/suggestions/")
    _actors(30, theme, quartier, start=3)
    large = real_render_queries(client_for(holder), f"/initiatives/appels/{call.pk}/suggestions/")
    assert_same_cost(small, large, at_most=20, what="the suggestions of a call")
