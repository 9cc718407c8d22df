"""The vote's terms a ballot is checked against are cached, and forgotten by what changes them;
a ballot drops no cached page (the caches are on here: they are what is tested)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from cocite.budgets import actions, queries
from cocite.budgets.models import Ballot
from cocite.core.cache import demarche_scope, scope_versions
from cocite.core.errors import ActionError
from cocite.decisions.models import Opinion
from cocite.decisions.tests.factories import item_of
from cocite.demarches.models import Rulebook
from cocite.demarches.tests.factories import publish_version

from .helpers import budget_setup, verified

pytestmark = [pytest.mark.django_db, pytest.mark.caches_on]


def test_casting_and_keying_ballots_drop_only_their_demarches_cached_pages() -> None:
    """The write of a vote's peak: its démarche's page counts the ballots and is redrawn; before,
    each ballot dropped every cached page of the site."""
    setup = budget_setup([40000, 30000, 50000])
    projects, scope = setup["projects"], (demarche_scope(setup["demarche"].pk),)
    voter = verified()
    before, counted = scope_versions(()), scope_versions(scope)
    actions.ballot_cast(voter=voter, demarche=setup["demarche"], project_ids=[projects[0].pk], age_confirmed=True)
    first = scope_versions(scope)
    assert first > counted
    actions.ballot_cast(voter=voter, demarche=setup["demarche"], project_ids=[projects[1].pk], age_confirmed=True)
    for agent in (setup["agent"], setup["manager"]):
        actions.paper_entry_key(
            agent=agent, demarche=setup["demarche"], station="Mairie", sheet="P-1", project_ids=[projects[2].pk]
        )
    assert scope_versions(scope) > first  # the paper ballot counted once keyed twice
    assert Ballot.objects.filter(demarche=setup["demarche"]).count() == 2
    assert scope_versions(()) == before


def test_the_terms_are_read_once_then_forgotten_when_a_project_is_added(
    django_assert_num_queries: Any,
) -> None:
    setup = budget_setup([40000, 30000], total=200000)
    demarche = setup["demarche"]
    first = queries.vote_terms(demarche)
    assert set(first.projects) == {project.pk for project in setup["projects"]}
    with django_assert_num_queries(0):
        assert queries.vote_terms(demarche) == first
    item = item_of(setup["contributions"][0])
    opinion = Opinion.objects.get(request__item=item, published_at__isnull=False)
    added = actions.project_create(
        actor=setup["manager"],
        demarche=demarche,
        title="Un projet ajouté",
        description="Ajouté après la première lecture des règles.",
        items=[item],
        cost_opinion=opinion,
    )
    assert queries.vote_terms(demarche).projects[added.pk] == (40000, None)
    ballot = actions.ballot_cast(voter=verified(), demarche=demarche, project_ids=[added.pk], age_confirmed=True)
    assert list(ballot.projects.values_list("pk", flat=True)) == [added.pk]


def test_a_rule_version_coming_into_force_later_changes_the_terms_without_a_write(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    setup = budget_setup([40000, 30000], total=100000)
    demarche = setup["demarche"]
    now = timezone.now()
    later = publish_version(
        Rulebook.objects.get(demarche=demarche), number=3, effective_at=now + datetime.timedelta(days=1)
    )
    actions.budget_rules_publish(
        rule_version=later,
        total_budget=50000,
        method="approval_budget",
        counting_rule="greedy",
        opens_at=now + datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
    )
    cart = [project.pk for project in setup["projects"]]  # 70 000 €
    assert queries.vote_terms(demarche).rules == setup["rules"]  # cached, with the moment it ends
    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(days=2))
    terms = queries.vote_terms(demarche)
    assert terms.rules is not None
    assert terms.rules.total_budget == 50000
    with pytest.raises(ActionError) as refused:
        actions.ballot_cast(voter=verified(), demarche=demarche, project_ids=cart, age_confirmed=True)
    assert refused.value.code == "over_budget"
