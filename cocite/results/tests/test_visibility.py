"""A result is as visible as its most restricted source, and never publishes what its author may not see.

Found from outside (issue 13, defect 1): a result following decisions of two démarches had no
démarche, so it showed an invitation-only title to visitors; an elected official (not an agent)
got an agents-only contribution's title pre-filled and could publish it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import PermissionDenied
from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import item_of, items_of
from cocite.demarches.models import Audience
from cocite.results import actions, queries
from cocite.results.models import Result

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Rénovation confidentielle du vestiaire des agents"


def _two_demarches(restricted_audience: str) -> dict[str, Any]:
    public = f.routed_setup()
    restricted = f.routed_setup(audience=restricted_audience, managing_department=public["department"])
    # One department handles both, so one manager may follow both decisions.
    restricted_contribution = restricted["contributions"][0]
    type(restricted_contribution).objects.filter(pk=restricted_contribution.pk).update(title=SECRET_TITLE)
    type(item_of(restricted_contribution)).objects.filter(pk=item_of(restricted_contribution).pk).update(
        title=SECRET_TITLE
    )
    from cocite.decisions.models import Routing

    Routing.objects.filter(item=item_of(restricted_contribution)).update(department=public["department"])
    invited = UserFactory()
    restricted["demarche"].invited.add(invited)
    public_decision = f.publish(actor=public["manager"], items=items_of(public["contributions"]))
    restricted_decision = f.publish(actor=public["manager"], items=items_of([restricted_contribution]))
    return {
        "public": public,
        "restricted": restricted,
        "manager": public["manager"],
        "department": public["department"],
        "decisions": [public_decision, restricted_decision],
        "invited": invited,
    }


def _create(setup: dict[str, Any], *, actor: Any = None, title: str = "Suivi commun de deux décisions") -> Result:
    return actions.result_create(
        actor=actor or setup["manager"],
        title=title,
        description="Ce qui va être réalisé.",
        department=setup["department"],
        decisions=setup["decisions"],
    )


def test_a_result_following_a_restricted_decision_is_hidden_from_visitors(client_for: Any) -> None:
    setup = _two_demarches(Audience.INVITED)
    result = _create(setup)
    visitor = Client()
    assert visitor.get(f"/resultats/{result.pk}/").status_code == 404
    assert "Suivi commun" not in visitor.get("/resultats/").content.decode()
    resident = client_for(UserFactory())
    assert resident.get(f"/resultats/{result.pk}/").status_code == 404
    assert not queries.visible_results(UserFactory()).filter(pk=result.pk).exists()
    # Those who may see every source see it, with the restricted contribution.
    page = client_for(setup["invited"]).get(f"/resultats/{result.pk}/").content.decode()
    assert SECRET_TITLE in page


def test_linked_contributions_are_filtered_for_the_viewer() -> None:
    setup = _two_demarches(Audience.AGENTS)
    result = _create(setup)
    # Even if a result row were visible, its restricted sources are not listed to a resident.
    Result.objects.filter(pk=result.pk).update(demarche=setup["public"]["demarche"])
    resident = UserFactory()
    detail_for_agent = queries.result_get_for(setup["manager"], result.pk)
    assert SECRET_TITLE in [c.title for c in detail_for_agent.items]
    assert not queries.visible_results(resident).filter(pk=result.pk).exists()


def test_nobody_follows_up_a_decision_they_may_not_see(client_for: Any) -> None:
    setup = _two_demarches(Audience.AGENTS)
    official = f.elected_official()  # elected, not an agent: agents-only démarches are hidden from them
    restricted_decision = setup["decisions"][1]
    client = client_for(official)
    response = client.get(f"/resultats/nouveau/?decision={restricted_decision.pk}")
    assert SECRET_TITLE not in response.content.decode()
    response = client.post(
        f"/resultats/nouveau/?decision={restricted_decision.pk}",
        {
            "decision": restricted_decision.pk,
            "title": "Un titre de suivi assez long",
            "description": "Publier ce qu'on ne voit pas.",
            "department": setup["department"].pk,
            "progress": 0,
        },
    )
    assert response.status_code in (302, 403, 404)
    assert not Result.objects.exists()
    with pytest.raises(PermissionDenied):
        _create(setup, actor=official)
    assert not Result.objects.exists()
