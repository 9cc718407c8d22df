"""Hostile numbers in the analysis pages' parameters: ignored or a French form error (issue 13, defect 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocite.analysis import actions
from cocite.analysis.models import ContributionTheme, SynthesisLine
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.tests.factories import DemarcheFactory

pytestmark = pytest.mark.django_db

# "²".isdigit() is True and int("²") raises; the others are numbers int() accepts but no id is.
BAD_IDS = ["²", "١٢", "+1", str(2**63), "9" * 400, "1e3"]


def test_the_public_synthesis_ignores_a_version_that_is_not_a_number(client: Client) -> None:
    demarche = DemarcheFactory()
    url = reverse("analysis:synthesis", kwargs={"slug": demarche.slug})
    for value in BAD_IDS:
        assert client.get(url, {"version": value}).status_code == 404, value


def _run_by(agent: Any) -> Any:
    """A démarche the agent's department runs (only those who run a démarche analyse it)."""
    return DemarcheFactory(managing_department=agent.department_memberships.get().department)


def test_the_merge_page_ignores_bad_ids(agent: Any, client_for: Any) -> None:
    demarche = _run_by(agent)
    target, source = ContributionFactory(demarche=demarche), ContributionFactory(demarche=demarche)
    client = client_for(agent)
    url = reverse("analysis:merge", kwargs={"slug": demarche.slug})
    for value in BAD_IDS:
        assert client.get(url, {"cible": value, "sources": f"{value},{source.pk}"}).status_code == 200, value
        response = client.post(url, {"cible": target.pk, "sources": value})
        assert response.status_code == 400, value
        assert "Choisissez la contribution à garder" in response.content.decode()


def test_moving_bad_ids_out_of_a_theme_is_refused_in_words(agent: Any, client_for: Any) -> None:
    demarche = _run_by(agent)
    theme = ContributionTheme.objects.create(demarche=demarche, label="Vélo", status="validated")
    client = client_for(agent)
    for value in BAD_IDS:
        response = client.post(
            reverse("analysis:move", kwargs={"pk": theme.pk}), {"contributions": value, "new_label": "Nouveau"}
        )
        assert response.status_code == 302, value
        assert response["Location"] == theme.get_absolute_url()


def test_a_synthesis_line_with_bad_source_numbers_is_a_form_error(agent: Any, client_for: Any) -> None:
    demarche = _run_by(agent)
    contribution = ContributionFactory(demarche=demarche)
    actions.synthesis_draft(analyst=agent, demarche=demarche)
    client = client_for(agent)
    url = reverse("analysis:line_add", kwargs={"slug": demarche.slug})
    for value in BAD_IDS:
        sources = f"{contribution.pk}, {value}"
        response = client.post(url, {"text": "Plus de pistes cyclables.", "extra_sources": sources})
        assert response.status_code == 400, value
        assert "pas un numéro de contribution" in response.content.decode()
    assert not SynthesisLine.objects.exists()
    response = client.post(url, {"text": "Plus de pistes cyclables.", "extra_sources": f"#{contribution.pk}"})
    assert response.status_code == 302
    assert list(SynthesisLine.objects.get().sources.all()) == [contribution]
