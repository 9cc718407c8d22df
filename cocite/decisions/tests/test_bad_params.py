"""Hostile ids in the instruction pages' parameters: ignored, never a 500 (issue 13, defect 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse

from cocite.decisions.tests import factories as f

pytestmark = pytest.mark.django_db

# "²".isdigit() is True and int("²") raises; the others are numbers int() accepts but no id is.
BAD_IDS = ["²", "١٢", str(2**63), "9" * 400]


def test_the_decision_form_ignores_bad_contribution_ids(client_for: Any) -> None:
    setup = f.routed_setup()
    client = client_for(setup["manager"])
    good = f.item_of(setup["contributions"][0]).pk
    for value in BAD_IDS:
        response = client.get(reverse("decisions:create"), {"elements": value})
        assert response.status_code == 302, value
        assert response["Location"] == reverse("decisions:my_inbox")
        # The good id of a comma-separated list is kept.
        assert client.get(reverse("decisions:create"), {"elements": f"{value},{good}"}).status_code == 200


def test_the_inbox_bulk_action_ignores_bad_ids(client_for: Any) -> None:
    setup = f.routed_setup()
    client = client_for(setup["manager"])
    url = reverse("decisions:inbox_bulk", kwargs={"slug": setup["department"].slug})
    for value in BAD_IDS:
        response = client.post(url, {"action": "examen", "ids": [value]})
        assert response.status_code == 302, value
        errors = [str(m) for m in get_messages(response.wsgi_request) if m.level == constants.ERROR]
        assert errors, value  # « Sélectionnez un choix valide… » (Django's French message)
