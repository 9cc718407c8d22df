"""The status page and the front desk cost the same queries with one verification or many."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.residency import actions
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_ones_status_page_costs_the_same_with_a_long_history() -> None:
    agents = [UserFactory() for _ in range(3)]
    DepartmentFactory(members=agents)
    few, many = UserFactory(), UserFactory()
    actions.front_desk_verify(agent=agents[0], person=few, document_types=["passeport"])
    for index in range(15):
        actions.front_desk_verify(agent=agents[index % 3], person=many, document_types=["passeport", "bail"])
    small = real_render_queries(_client(few), "/mon-espace/residence/")
    large = real_render_queries(_client(many), "/mon-espace/residence/")
    assert_same_cost(small, large, at_most=12, what="« Ma résidence vérifiée »")


def test_the_front_desk_costs_the_same_after_many_verifications() -> None:
    quiet, busy = UserFactory(), UserFactory()
    DepartmentFactory(members=[quiet, busy])
    person = UserFactory(email="cherchee@exemple.fr")
    actions.front_desk_verify(agent=quiet, person=UserFactory(), document_types=["passeport"])
    for _index in range(15):
        actions.front_desk_verify(agent=busy, person=UserFactory(), document_types=["carte_identite"])
    search = {"personne": person.email}
    small = real_render_queries(_client(quiet), "/accueil/verification-residence/", search)
    large = real_render_queries(_client(busy), "/accueil/verification-residence/", search)
    assert_same_cost(small, large, at_most=12, what="the front desk's page")
