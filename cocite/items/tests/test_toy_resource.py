"""A resource the machinery has never heard of goes through routing → opinion → decision → result → export.

The toy app (cocite/items/tests/toy, installed by the test settings only) registers itself like
contributions do; nothing in decisions, results, notifications or opendata names it (issue 14,
acceptance 1).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.decisions import actions as decision_actions
from cocite.decisions import ledger
from cocite.decisions.models import Decision, Opinion, OpinionRequest, Routing
from cocite.decisions.tests import factories as f
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.items import signals as item_signals
from cocite.items.actions import ItemFacts, item_register
from cocite.items.models import Item, ItemStatus
from cocite.items.tests.toy.models import Proposal
from cocite.items.tests.toy.resource import KIND
from cocite.notifications.models import Follow
from cocite.notifications.tests.helpers import person
from cocite.opendata.datasets import all_datasets
from cocite.results import actions as result_actions
from cocite.results.queries import concerned_user_ids
from cocite.territory.tests.factories import ThemeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("cocite.items.tests.toy.root_urls")]


def _submit(demarche: Any, theme: Any, title: str, backers: list[Any], capture: Any) -> tuple[Proposal, Item]:
    """What a resource app does when someone submits: its row, its item, the signal (on commit)."""
    with capture(execute=True):
        proposal = Proposal.objects.create(title=title, demarche=demarche)
        proposal.themes.set([theme])
        proposal.backers.set(backers)
        item = item_register(
            kind=KIND,
            facts=ItemFacts(
                object_id=proposal.pk, demarche_id=demarche.pk, title=title, created_at=proposal.created_at
            ),
        )
        item_signals.item_submitted.send(sender=Item, item=item)
    item.refresh_from_db()
    return proposal, item


def test_a_toy_resource_goes_through_the_whole_machinery(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    theme = ThemeFactory()
    department = f.department(themes=[theme], name="Service des jouets")
    manager = f.manager(department)
    agent = f.member(department)
    demarche = f.demarche_with_rules(managing_department=department)
    backers = [UserFactory(), UserFactory()]
    proposal, item = _submit(
        demarche, theme, "Une aire de jeux en bois au parc", backers, django_capture_on_commit_callbacks
    )

    # Routing: by the toy's own themes, to the competent department; the toy mirrors the status.
    routing = Routing.objects.get(item=item)
    assert routing.department == department
    assert item.status == ItemStatus.ROUTED
    proposal.refresh_from_db()
    assert proposal.status == ItemStatus.ROUTED

    # Instruction page and inbox, through the registry (the toy's summary template, its URL segment).
    manager_client = client_for(manager)
    workspace = manager_client.get(f"/instruction/{KIND}s/{proposal.pk}/")
    assert workspace.status_code == 200
    assert "Proposition jouet : Une aire de jeux en bois au parc" in workspace.content.decode()
    inbox = manager_client.get(f"/services/{department.slug}/boite/").content.decode()
    assert f"/instruction/{KIND}s/{proposal.pk}/" in inbox

    # Opinion asked and given.
    with django_capture_on_commit_callbacks(execute=True):
        (request,), _skipped = decision_actions.opinions_request(
            actor=manager,
            items=[item],
            departments=[department],
            aspects=[OpinionRequest.Aspect.FEASIBILITY],
            deadline=timezone.localdate() + datetime.timedelta(days=7),
        )
        opinion = decision_actions.opinion_give(
            actor=agent,
            request=request,
            feasibility=Opinion.Feasibility.FEASIBLE,
            recommendation=Opinion.Recommendation.FAVOURABLE,
            text="Réalisable au printemps avec du bois local.",
        )

    # Decision in the public log, naming the toy by its kind.
    with django_capture_on_commit_callbacks(execute=True):
        decision = f.publish(actor=manager, items=[item], opinions=[opinion])
    assert list(decision.items.all()) == [item]
    proposal.refresh_from_db()
    assert proposal.status == Decision.Outcome.ACCEPTED
    entry = ledger.entry_for(f"decision:{decision.pk}")
    assert entry is not None
    assert f'"{KIND}s":[{{"id":{proposal.pk},' in entry.payload.replace(" ", "")
    assert ledger.verify_database().ok
    page = client_for(UserFactory()).get(decision.get_absolute_url()).content.decode()
    assert "Proposition jouet\u00a0: " in page  # French typography: a no-break space before the colon
    assert f"/jouets/{proposal.pk}/" in page

    # Result: follows the decision, its item in progress then done; the toy says who is concerned.
    with django_capture_on_commit_callbacks(execute=True):
        result = result_actions.result_create(
            actor=manager,
            title="Aire de jeux en bois",
            description="Construction au printemps.",
            department=department,
            decisions=[decision],
        )
    assert list(result.items.all()) == [item]
    assert concerned_user_ids(result) == {u.pk for u in backers}
    with django_capture_on_commit_callbacks(execute=True):
        result_actions.result_mark_done(actor=manager, result=result)
    proposal.refresh_from_db()
    assert proposal.status == ItemStatus.DONE
    # A backer answers « Est-ce bien réalisé ? »: the toy's own concerned people are asked.
    result_actions.completion_check_answer(user=backers[0], result=result, done=True)

    # Open data: the decision and the result name the toy by kind and number.
    datasets = {d.name: d for d in all_datasets()}
    decision_row = next(r for r in datasets["decisions"].rows() if r["id"] == decision.pk)
    assert decision_row["elements"] == f"{KIND}:{proposal.pk}"
    assert decision_row["contributions"] == ""
    result_row = next(r for r in datasets["resultats"].rows() if r["id"] == result.pk)
    assert result_row["elements"] == f"{KIND}:{proposal.pk}"


def test_a_toy_resource_is_followed_like_a_contribution(client_for: Any) -> None:
    proposal = Proposal.objects.create(title="Une cabane à livres", demarche=DemarcheFactory())
    internal = Proposal.objects.create(title="Une proposition interne", demarche=DemarcheFactory())
    internal.demarche.audience = Audience.AGENTS
    internal.demarche.save()
    user = person()
    client = client_for(user)
    response = client.post(reverse("notifications:follow", args=[KIND, proposal.pk]), headers={"HX-Request": "true"})
    assert "Vous suivez cette proposition." in response.content.decode()
    assert client.post(reverse("notifications:follow", args=[KIND, internal.pk])).status_code == 404
    html = client.get(reverse("notifications:follows")).content.decode()
    assert "Une cabane à livres" in html
    assert "Proposition jouet" in html
    assert proposal.demarche.title in html
    # The follows go with the object: the cleanup was wired when the toy registered, after notifications' ready().
    proposal.delete()
    assert not Follow.objects.filter(user=user).exists()
