"""« Je veux être tenu·e informé·e » means something wherever it is offered (audit of issue 19): for an agent
filing for someone at the front desk it did nothing (the person's e-mail is what counts); it is now unticked by
default for agents, says what it does, and is refused, with a French error, on a report filed for someone."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.reports.models import Report, ReportFollower

from .helpers import category

pytestmark = pytest.mark.django_db

EXPLAINED = "Pour quelqu’un d’autre, c’est son courriel qui compte."
REFUSED = "Décochez cette case pour un signalement saisi pour quelqu’un"


def test_the_follow_box_of_an_agent_filing_for_someone(client_for: Callable[[Any], Any]) -> None:
    agent = UserFactory()
    cat = category(agents=[agent])
    desk = client_for(agent)
    form = desk.get("/signalements/nouveau/").content.decode()
    assert 'name="channel"' in form
    assert not re.search(r'<input[^>]*name="follow"[^>]*checked', form)  # unticked: it does nothing for someone
    assert EXPLAINED in form
    assert re.search(r'<input[^>]*name="follow"[^>]*aria-describedby="id_follow_helptext"', form)
    for_someone = {
        "category": cat.pk,
        "description": "Banc cassé",
        "address": "Place de la Mairie",
        "channel": "accueil",
        "contact_email": "m.lebrun@exemple.fr",
    }
    refused = desk.post("/signalements/nouveau/", {**for_someone, "follow": "on"})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert REFUSED in page
    assert re.search(r'aria-describedby="[^"]*\bid_follow_error\b', page)
    assert "m.lebrun@exemple.fr" in page  # what was typed comes back
    assert not Report.objects.filter(recorded_by=agent).exists()
    assert desk.post("/signalements/nouveau/", for_someone).status_code == 302
    assert Report.objects.filter(recorded_by=agent, contact_email="m.lebrun@exemple.fr").exists()
    # In the agent's own name, online, the box does what it says.
    own = {**for_someone, "channel": "en_ligne", "contact_email": "", "follow": "on", "address": "Rue Haute"}
    assert desk.post("/signalements/nouveau/", own).status_code == 302
    mine = Report.objects.get(author=agent)
    assert ReportFollower.objects.filter(report=mine, user=agent).exists()


def test_a_resident_keeps_the_box_ticked_by_default(client_for: Callable[[Any], Any]) -> None:
    category()
    form = client_for(UserFactory()).get("/signalements/nouveau/").content.decode()
    assert re.search(r'<input[^>]*name="follow"[^>]*checked', form)
    assert EXPLAINED not in form
    assert 'name="channel"' not in form
