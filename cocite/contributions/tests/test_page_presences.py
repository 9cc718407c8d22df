"""The panels apps above the contributions add to a contribution's page (merge credits, « au nom de »,
the missions it led to) ask their query only when the page's read of the contribution found a row
for them (`cocite.contributions.extensions.PagePresence`), and still show whatever there is."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from cocite.accounts.tests.factories import UserFactory
from cocite.analysis.models import MergeCredit
from cocite.contributions.models import Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import real_render_queries
from cocite.items.models import Item, ItemStatus
from cocite.missions.models import ActivityStatus, Mission
from cocite.missions.tests.helpers import mission, organiser
from cocite.network.models import ContributionActor
from cocite.network.tests.helpers import make_actor

pytestmark = pytest.mark.django_db

# A panel's own query selects its rows' ids; the page's read of the contribution only asks EXISTS.
PANEL_QUERIES = {
    "merge credits": '"analysis_mergecredit"."id"',
    "actor": '"network_contributionactor"."id"',
    "missions": '"missions_mission"."id"',
}


def panel_queries_asked(client: Client, url: str) -> tuple[str, set[str]]:
    sql = real_render_queries(client, url)
    with override_settings(COCITE_CACHING=False):
        page = client.get(url).content.decode()
    return page, {name for name, column in PANEL_QUERIES.items() if any(column in query for query in sql)}


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_contribution_with_none_of_them_asks_none_of_their_queries(signed_in: bool) -> None:
    contribution = ContributionFactory()
    client = Client()
    if signed_in:
        client.force_login(UserFactory())
    page, asked = panel_queries_asked(client, contribution.get_absolute_url())
    assert asked == set()
    assert "Contributions reprises ici" not in page
    assert "Contribution faite au nom de" not in page
    assert "Nous cherchons des bénévoles" not in page


def test_each_panel_with_something_to_show_asks_and_shows_it() -> None:
    contribution = ContributionFactory(title="Un abri vélos fermé à la gare")
    merged_author = UserFactory(display_name="Autrice fusionnée")
    source = ContributionFactory(demarche=contribution.demarche, author=merged_author)
    MergeCredit.objects.create(target=contribution, source=source, author=merged_author)
    ContributionActor.objects.create(contribution=contribution, actor=make_actor(name="Association du quartier"))
    item = Item.objects.get(kind="contribution", object_id=contribution.pk)
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.ACCEPTED)
    mission(by=organiser(), title="Monter l’abri ensemble", source_item=item)

    page, asked = panel_queries_asked(Client(), contribution.get_absolute_url())

    assert asked == set(PANEL_QUERIES)
    assert "Contributions reprises ici" in page
    assert "Autrice fusionnée" in page
    assert "Contribution faite au nom de" in page
    assert "Association du quartier" in page
    assert "Nous cherchons des bénévoles" in page
    assert "Monter l’abri ensemble" in page


def test_a_cancelled_mission_is_asked_for_but_not_shown() -> None:
    # The presence may say yes for a panel that shows nothing in the end: never the other way.
    contribution = ContributionFactory()
    item = Item.objects.get(kind="contribution", object_id=contribution.pk)
    cancelled = mission(by=organiser(), title="Mission annulée", source_item=item)
    Mission.objects.filter(pk=cancelled.pk).update(status=ActivityStatus.CANCELLED)
    page, asked = panel_queries_asked(Client(), contribution.get_absolute_url())
    assert "missions" in asked
    assert "Mission annulée" not in page


def test_the_readers_support_comes_with_the_contribution_for_them_alone() -> None:
    contribution = ContributionFactory()
    supporter, other = UserFactory(), UserFactory()
    Support.objects.create(contribution=contribution, user=supporter)
    url = contribution.get_absolute_url()
    for person, supports in ((supporter, True), (other, False)):
        client = Client()
        client.force_login(person)
        sql = real_render_queries(client, url)
        # No query of its own on the support table: the page's read of the contribution carries it.
        assert not [query for query in sql if query.startswith('SELECT 1 FROM "contributions_support"')]
        with override_settings(COCITE_CACHING=False):
            page = client.get(url).content.decode()
        assert ("Vous soutenez cette contribution." in page) is supports
        assert ('aria-pressed="true"' in page) is supports
