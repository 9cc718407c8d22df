"""The contribution page's follow-up panel reads its item in plain SQL on PostgreSQL: the same item, routing,
department and facts as the ORM's queryset."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocite.core.testing import field_values
from cocite.decisions.models import Routing
from cocite.decisions.tests import factories as f
from cocite.items.models import Item
from cocite.results import queries
from cocite.results.tests.test_results import _decided, _result

# Deselected on SQLite (which runs the ORM's queryset), run by CI's PostgreSQL pass.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]

FACTS = ("requested", "answered", "decided", "followed_up")


def _routing(item: Item) -> Routing | None:
    try:
        return item.routing
    except ObjectDoesNotExist:
        return None


def test_the_item_is_the_orms_with_its_routing_and_facts() -> None:
    setup = _decided(count=2)
    decided, followed = setup["contributions"]
    _result(setup, decisions=[setup["decision"]])
    asked = f.contribution(demarche=setup["demarche"], themes=[setup["theme"]])
    f.request_and_answer(actor=setup["manager"], item=asked, department=setup["department"], answerer=setup["agent"])
    unrouted = f.contribution(demarche=setup["demarche"], route=False)
    Routing.objects.filter(item=f.item_of(decided)).update(department=None)  # « non orientée »
    cases: dict[str, Any] = {"decided, no department": decided, "followed up": followed, "asked": asked}
    cases["not routed"] = unrouted
    seen_facts = set()
    for name, contribution in cases.items():
        item = f.item_of(contribution)
        read = queries._read_item(item.kind, item.object_id)
        orm = queries._item_through_the_orm(item.kind, item.object_id)
        assert read is not None, name
        assert orm is not None, name
        fast, fast_routing = read
        with CaptureQueriesContext(connection) as captured:
            assert field_values(fast) == field_values(orm), name
            orm_routing = _routing(orm)
            if fast_routing is not None:
                assert fast.routing is fast_routing, name
            assert (fast_routing is None) == (orm_routing is None), name
            if fast_routing is not None and orm_routing is not None:
                assert field_values(fast_routing) == field_values(orm_routing), name
                assert field_values(fast_routing.department) == field_values(orm_routing.department), name
            for fact in FACTS:
                assert getattr(fast, fact) == getattr(orm, fact), (name, fact)
                if getattr(fast, fact):
                    seen_facts.add(fact)
        assert captured.captured_queries == [], name  # everything read with the item
    assert seen_facts == set(FACTS)  # each fact was true somewhere, not only 0 or False
    assert queries._read_item("contribution", 10**12) is None
