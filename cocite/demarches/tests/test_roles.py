"""Who runs a démarche (issue 13, defect 13): its managing department and the people it names.

Before: every agent saw every invitation-only démarche, and any agent could merge contributions
and publish syntheses in any public démarche. Now:
- an invitation-only démarche is seen by the people invited, the agents of its managing and
  associated departments, its team (named people, e.g. an elected official) and administrators;
- analysis (theme grouping, merges, syntheses) is for the managing department's agents, the
  team and administrators.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from cocite.accounts.tests.factories import UserFactory
from cocite.analysis import actions as analysis_actions
from cocite.analysis import permissions as analysis_permissions
from cocite.analysis.merge import contribution_merge
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import ActionError, PermissionDenied
from cocite.decisions import actions as decision_actions
from cocite.decisions.tests import factories as f
from cocite.demarches.models import Audience
from cocite.demarches.permissions import can_view_demarche
from cocite.demarches.queries import visible_demarches
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> dict[str, Any]:
    pilot = f.department()
    associated = f.department()
    other = f.department()
    return {
        "pilot_department": pilot,
        "associated_department": associated,
        "pilot_agent": f.member(pilot),
        "associated_agent": f.member(associated),
        "other_agent": f.member(other),
        "official": f.elected_official(),
        "invited": UserFactory(),
    }


def test_an_invitation_only_demarche_is_seen_by_those_it_names(people: dict[str, Any], client_for: Any) -> None:
    demarche = DemarcheFactory(audience=Audience.INVITED, managing_department=people["pilot_department"])
    demarche.associated_departments.add(people["associated_department"])
    demarche.invited.add(people["invited"])
    demarche.team.add(people["official"])
    url = demarche.get_absolute_url()
    for key in ("pilot_agent", "associated_agent", "official", "invited"):
        user = people[key]
        assert can_view_demarche(user, demarche), key
        assert visible_demarches(user).filter(pk=demarche.pk).exists(), key
        assert client_for(user).get(url).status_code == 200, key
    other = people["other_agent"]
    assert not can_view_demarche(other, demarche)
    assert not visible_demarches(other).filter(pk=demarche.pk).exists()
    assert client_for(other).get(url).status_code == 404
    assert demarche.title not in client_for(other).get("/demarches/").content.decode()
    assert Client().get(url).status_code == 404


def test_only_those_running_a_demarche_merge_and_publish_syntheses(people: dict[str, Any]) -> None:
    demarche = DemarcheFactory(managing_department=people["pilot_department"])
    demarche.team.add(people["official"])
    target, source = ContributionFactory(demarche=demarche), ContributionFactory(demarche=demarche)
    other = people["other_agent"]
    assert not analysis_permissions.can_analyse(other, demarche)
    with pytest.raises(PermissionDenied):
        contribution_merge(analyst=other, target=target, sources=[source])
    with pytest.raises(PermissionDenied):
        analysis_actions.synthesis_draft(analyst=other, demarche=demarche)
    for key in ("pilot_agent", "official"):
        assert analysis_permissions.can_analyse(people[key], demarche), key
    synthesis = analysis_actions.synthesis_draft(analyst=people["pilot_agent"], demarche=demarche)
    assert synthesis.demarche_id == demarche.pk
    contribution_merge(analyst=people["official"], target=target, sources=[source])


def test_a_demarche_without_managing_department_is_analysed_by_its_team_and_administrators(
    people: dict[str, Any], administrator: Any
) -> None:
    demarche = DemarcheFactory()
    assert not analysis_permissions.can_analyse(people["pilot_agent"], demarche)
    assert analysis_permissions.can_analyse(administrator, demarche)
    demarche.team.add(people["pilot_agent"])
    assert analysis_permissions.can_analyse(UserFactory._meta.model.objects.get(pk=people["pilot_agent"].pk), demarche)


def test_an_invitation_only_demarche_is_routed_among_the_departments_that_see_it(people: dict[str, Any]) -> None:
    theme = ThemeFactory()
    outsider = f.department(themes=[theme])  # competent, but not associated with the démarche
    demarche = f.demarche_with_rules(audience=Audience.INVITED, managing_department=people["pilot_department"])
    contribution = f.contribution(demarche=demarche, themes=[theme])
    assert f.item_of(contribution).routing.department == people["pilot_department"]
    people["associated_department"].themes.add(theme)
    second = f.contribution(demarche=demarche, themes=[theme])
    demarche.associated_departments.add(people["associated_department"])
    third = f.contribution(demarche=demarche, themes=[theme])
    assert f.item_of(second).routing.department == people["pilot_department"]  # not associated yet
    assert f.item_of(third).routing.department == people["associated_department"]
    manager = f.manager(people["pilot_department"])
    with pytest.raises(ActionError) as refused:
        decision_actions.routing_reassign(
            actor=manager, item=f.item_of(contribution), department=outsider, reason="Compétence de ce service"
        )
    assert refused.value.code == "department_without_access"
    with pytest.raises(ActionError):
        f.request_and_answer(actor=manager, item=contribution, department=outsider, answerer=manager)
    opinion = f.request_and_answer(
        actor=manager,
        item=contribution,
        department=people["associated_department"],
        answerer=people["associated_agent"],
    )
    assert opinion.request.department == people["associated_department"]
