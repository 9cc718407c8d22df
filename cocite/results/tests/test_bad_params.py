"""Hostile ids in the results pages' parameters: ignored or refused in words, never a 500 (issue 13, defect 7)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from cocite.decisions.tests import factories as f
from cocite.decisions.tests.factories import items_of
from cocite.results import actions
from cocite.results.models import Milestone

pytestmark = pytest.mark.django_db

BAD_IDS = ["²", "١٢", "abc", "", str(2**63), "9" * 400, "-1", "1.5"]


def _result(setup: dict[str, Any]) -> Any:
    return actions.result_create(
        actor=setup["manager"],
        title="Des bancs le long de la promenade",
        description="Douze bancs avec accoudoirs.",
        department=setup["department"],
        decisions=[setup["decision"]],
        budget="",
        milestones=[("Commande", timezone.localdate() + datetime.timedelta(days=30))],
    )


def _decided() -> dict[str, Any]:
    setup = f.routed_setup()
    setup["decision"] = f.publish(actor=setup["manager"], items=items_of(setup["contributions"]))
    return setup


def test_the_result_form_ignores_bad_decision_ids(client_for: Any) -> None:
    setup = _decided()
    client = client_for(setup["manager"])
    for value in BAD_IDS:
        response = client.get(reverse("results:create"), {"decision": value})
        assert response.status_code == 302, value
        assert response["Location"] == reverse("decisions:list")


def test_marking_a_milestone_with_a_bad_id_changes_nothing(client_for: Any) -> None:
    setup = _decided()
    result = _result(setup)
    client = client_for(setup["manager"])
    url = reverse("results:manage", kwargs={"pk": result.pk})
    for value in BAD_IDS:
        response = client.post(url, {"operation": "franchie", "milestone": value, "done": "1"})
        assert response.status_code == 302, value
    assert not Milestone.objects.filter(done=True).exists()
    milestone = Milestone.objects.get()
    client.post(url, {"operation": "franchie", "milestone": str(milestone.pk), "done": "1"})
    milestone.refresh_from_db()
    assert milestone.done
