"""« Contribuer » only where one may (issue 16): else what is closed, why and when it opens; the
late paper entries the rules allow; the author told why they cannot support their own contribution."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.models import DemarcheComponent, PhaseKind
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.territory.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

LATE_PAPER_LINK = "Saisir une contribution papier recueillie pendant la collecte"


def _submit_url(demarche: Any) -> str:
    return reverse("contributions:submit", kwargs={"slug": demarche.slug})


def _page(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_no_contribuer_button_in_a_phase_that_does_not_allow_it_but_the_reason(client_for: Any, client: Any) -> None:
    demarche = DemarcheFactory(phase=PhaseKind.EXPLORATION)
    for who in (client, client_for(UserFactory())):
        for url in (demarche.get_absolute_url(), reverse("contributions:list", kwargs={"slug": demarche.slug})):
            page = _page(who, url)
            assert f'href="{_submit_url(demarche)}"' not in page
            assert "« Contribuer » n&#x27;est pas possible pendant la phase « Exploration »." in page
            assert "Aucune phase à venir de cette démarche ne le permet." in page


def test_the_closure_says_when_contributing_opens(client_for: Any) -> None:
    demarche = DemarcheFactory(phase=PhaseKind.EXPLORATION)
    DemarcheComponent.objects.filter(demarche=demarche).update(settings={"phase_actions": {"arbitrage": ["submit"]}})
    opening = demarche.phases.get(kind=PhaseKind.ARBITRAGE).starts_on
    page = _page(client_for(UserFactory()), demarche.get_absolute_url())
    assert f'href="{_submit_url(demarche)}"' not in page
    assert "Ce sera possible à partir du" in page
    assert str(opening.year) in page
    assert "(phase « Arbitrage »)" in page


def test_contribuer_is_shown_while_the_collection_is_open(client_for: Any, client: Any) -> None:
    demarche = DemarcheFactory(phase=PhaseKind.COLLECTE)
    for who in (client, client_for(UserFactory())):
        page = _page(who, demarche.get_absolute_url())
        assert f'href="{_submit_url(demarche)}"' in page
        assert "n&#x27;est pas possible" not in page


def test_an_author_is_told_why_they_cannot_support_their_own_contribution(client_for: Any) -> None:
    contribution = ContributionFactory(demarche=DemarcheFactory(phase=PhaseKind.COLLECTE))
    assert contribution.author is not None
    page = _page(client_for(contribution.author), contribution.get_absolute_url())
    assert "Vous ne pouvez pas soutenir votre propre contribution." in page
    assert "ne le permet pas" not in page
    assert "pendant la phase" not in page


def _closed_demarche_with_agents(*, late_paper: bool) -> tuple[Any, Any, Any]:
    agent, other_agent = UserFactory(), UserFactory()
    department = DepartmentFactory(members=[agent])
    DepartmentFactory(members=[other_agent])
    demarche = DemarcheFactory(phase=PhaseKind.EXPLORATION, managing_department=department)
    publish_version(RulebookFactory(demarche=demarche), late_paper_entries=late_paper)
    return demarche, agent, other_agent


def test_late_paper_entries_when_the_rules_count_them(client_for: Any) -> None:
    demarche, agent, other_agent = _closed_demarche_with_agents(late_paper=True)
    collection = demarche.phases.get(kind=PhaseKind.COLLECTE)
    page = _page(client_for(agent), demarche.get_absolute_url())
    assert LATE_PAPER_LINK in page
    assert "Recueillie le" in _page(client_for(agent), _submit_url(demarche))
    data = {"kind": "idee", "title": "Des bancs devant la mairie", "body": "Recueilli sur le marché."}

    today = timezone.localdate()
    refused = client_for(agent).post(_submit_url(demarche), {**data, "collected_on": today.isoformat()})
    assert refused.status_code == 400
    assert "La collecte n&#x27;était pas ouverte ce jour-là" in refused.content.decode()
    assert not Contribution.objects.exists()

    collected_on = collection.starts_on + datetime.timedelta(days=3)
    response = client_for(agent).post(
        _submit_url(demarche), {**data, "collected_on": collected_on.isoformat(), "offline_author_name": "M. Roux"}
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.channel == Contribution.Channel.PAPER
    assert contribution.recorded_by == agent
    assert contribution.author is None
    assert timezone.localdate(contribution.created_at) == collected_on
    assert contribution.offline_author_name == "M. Roux"

    # An agent of another department, and a resident, have no such path.
    for person in (other_agent, UserFactory()):
        assert LATE_PAPER_LINK not in _page(client_for(person), demarche.get_absolute_url())
        assert client_for(person).get(_submit_url(demarche)).status_code == 403


def test_late_paper_entries_refused_in_words_when_the_rules_do_not_count_them(client_for: Any) -> None:
    demarche, agent, _other = _closed_demarche_with_agents(late_paper=False)
    page = _page(client_for(agent), demarche.get_absolute_url())
    assert LATE_PAPER_LINK not in page
    assert "Les règles de cette démarche ne comptent pas les contributions papier" in page
    closed = client_for(agent).get(_submit_url(demarche))
    assert closed.status_code == 403
    assert "Les règles de cette démarche ne comptent pas les contributions papier" in closed.content.decode()
