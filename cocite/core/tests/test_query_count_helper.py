"""The query-count helper catches an N+1 in a real render, where a warm cache would hide it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cocite.contributions import queries
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.tests.factories import DemarcheFactory

pytestmark = [pytest.mark.django_db, pytest.mark.caches_on]


def _add(demarche: Any, n: int) -> None:
    Contribution.objects.bulk_create(
        [Contribution(demarche=demarche, kind="idee", title=f"Idée n° {i}", body="x") for i in range(n)]
    )


def _with_a_deliberate_n_plus_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each card of the list reads its démarche again: one query per row, as a forgotten select_related would."""
    original = queries.contribution_page

    def page(*args: Any, **kwargs: Any) -> Any:
        found = original(*args, **kwargs)
        for item in found.items:
            item.demarche = type(item.demarche).objects.get(pk=item.demarche_id)
        return found

    monkeypatch.setattr(queries, "contribution_page", page)


def test_a_deliberate_n_plus_one_fails_the_real_render_count(monkeypatch: pytest.MonkeyPatch) -> None:
    demarche = DemarcheFactory()
    url = f"/demarches/{demarche.slug}/contributions/"
    visitor = Client()
    _add(demarche, 3)
    small = real_render_queries(visitor, url)
    _add(demarche, 10)
    assert_same_cost(small, real_render_queries(visitor, url), at_most=13, what="the list")  # sound as it is

    _with_a_deliberate_n_plus_one(monkeypatch)
    demarche = DemarcheFactory()
    url = f"/demarches/{demarche.slug}/contributions/"
    _add(demarche, 3)
    small = real_render_queries(visitor, url)
    _add(demarche, 10)
    with pytest.raises(AssertionError, match=r"repeated or new:\n  ×[0-9]+ SELECT \"demarches_demarche\""):
        assert_same_cost(small, real_render_queries(visitor, url), at_most=13, what="the list")

    # Counted on a warm page instead, the same N+1 is invisible: the visitor gets the cached copy.
    visitor.get(url)
    with CaptureQueriesContext(connection) as warm:
        assert visitor.get(url)["X-Cocite-Cache"] == "hit"
    assert len(warm) == 0


def test_the_helper_renders_with_every_cache_off() -> None:
    contribution = ContributionFactory()
    visitor = Client()
    first = real_render_queries(visitor, contribution.get_absolute_url())
    second = real_render_queries(visitor, contribution.get_absolute_url())
    assert len(first) == len(second) > 5  # rendered both times, nothing served from a cache
