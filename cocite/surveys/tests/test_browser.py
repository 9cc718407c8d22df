"""A survey in Chromium (acceptance point 4 of issue 22): every question kind, a conditional question,
a draft saved and resumed, then the results page and the export. Without JavaScript of ours: each
step is a form posted then redirected; axe finds nothing on the step, review and results pages.

COCITE_NO_BROWSER=1 deselects these tests knowingly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.surveys import answering
from cocite.surveys.models import Response
from cocite.surveys.tests.factories import full_survey, question, survey_demarche
from cocite.territory.tests.factories import QuartierFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response.get("violations", [])]


def _next(page: Any) -> None:
    page.get_by_role("button", name="Question suivante").click()
    page.wait_for_load_state()


def test_survey_journey_with_condition_draft_results_and_export(page_as: Any) -> None:
    demarche, manager = survey_demarche()
    survey = full_survey(demarche, manager)
    quartier = QuartierFactory(name="La Gare", population=4000)
    resident = UserFactory(display_name="Inès", quartier=quartier)
    page = page_as(resident)
    page.goto(f"/questionnaires/{survey.pk}/")
    page.get_by_role("link", name="Commencer le questionnaire").click()

    # 1. Single choice, required: the error first, in French, then « En voiture ».
    page.get_by_text("Question 1 sur 8").wait_for()
    _next(page)
    page.get_by_text("Cette question est obligatoire.").wait_for()
    assert _axe_violations(page) == []
    page.get_by_label("En voiture").check()
    _next(page)
    # 2. The conditional question appears (one more question in all).
    page.get_by_text("Question 2 sur 9").wait_for()
    page.get_by_label("Pourquoi la voiture ?").fill("Trop loin à pied")
    _next(page)
    # 3. Multiple choice; then the draft is saved, and the person leaves.
    page.get_by_label("Gare").check()
    page.get_by_label("Verdun").check()
    _next(page)
    page.get_by_text("Question 4 sur 9").wait_for()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Brouillon enregistré").wait_for()

    # Resumed later, from a new page: back at the scale question.
    page.goto(f"/questionnaires/{survey.pk}/")
    page.get_by_role("link", name="Reprendre le questionnaire").click()
    page.get_by_text("Question 4 sur 9").wait_for()
    assert page.locator("progress").get_attribute("value") == "33"
    page.locator("input[type=radio][value='4']").check()
    _next(page)
    # Ranking: every choice a different rank.
    ranking = question(survey, "Aménagements")
    for rank, option in enumerate(answering.options_of(ranking), start=1):
        page.get_by_label(option.label).select_option(str(rank))
    _next(page)
    # Number, hostile first: a French error, then a valid value.
    page.get_by_label("Minutes").fill("mille")
    _next(page)
    page.get_by_text("Saisissez un nombre entier").wait_for()
    page.get_by_label("Minutes").fill("15")
    _next(page)
    page.get_by_label("Depuis quand").fill("2024-09-02")
    _next(page)
    # Matrix: one answer per row.
    page.get_by_label("Signalisation : Plutôt oui").check()
    page.get_by_label("Éclairage : Non", exact=True).check()
    _next(page)
    page.get_by_label("Remarques").fill("Les voitures roulent trop vite avenue de Verdun.")
    page.get_by_role("button", name="Vers le récapitulatif").click()

    # Review, then sent with the cross-tabulation answers.
    page.get_by_role("heading", name="Récapitulatif de vos réponses").wait_for()
    assert "Trop loin à pied" in page.content()
    assert _axe_violations(page) == []
    page.get_by_label("Votre tranche d'âge").select_option("30_44")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_text("Vos réponses sont envoyées").wait_for()
    response = Response.objects.get(survey=survey, user=resident)
    assert response.is_submitted
    assert response.quartier_id == quartier.pk
    assert response.age_band == "30_44"
    assert response.answers.count() == 1 + 1 + 2 + 1 + 3 + 1 + 1 + 2 + 1

    # The agent reads the results (a chart and a table per question), crossed, and exports them.
    agent_page = page_as(manager)
    agent_page.goto(f"/questionnaires/{survey.pk}/resultats/")
    agent_page.get_by_role("heading", name="1. Mode de transport").wait_for()
    assert agent_page.locator("svg[role=img]").count() >= 7
    assert agent_page.locator("table.data-table").count() >= 8  # 7 questions with figures + representativeness
    assert _axe_violations(agent_page) == []
    agent_page.get_by_role("link", name="Croiser par tranche d'âge").click()
    agent_page.get_by_text("« Mode de transport » par tranche d'âge").first.wait_for()
    with agent_page.expect_download() as download_info:
        agent_page.get_by_role("link", name="Exporter les réponses (CSV)").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) == 2
    header, row = rows
    assert row[header.index("Mode de transport")] == "En voiture"
    assert row[header.index("Pourquoi la voiture ?")] == "Trop loin à pied"
    assert row[header.index("Satisfaction — Éclairage")] == "Non"
    assert row[header.index("Tranche d'âge")] == "30 à 44 ans"
