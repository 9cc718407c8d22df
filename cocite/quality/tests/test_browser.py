"""The issue's journeys in Chromium: feedback through a service's QR link, and a contested figure
answered with a correction within the delay, counted on /engagements/. axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.quality.models import Feedback, PageQuestion, Respondent
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import page, service

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _axe_violations(browser_page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(browser_page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response.get("violations", [])]


def _give_feedback(browser_page: Any, code: str, *, comment: str) -> None:
    browser_page.goto(f"/qualite/q/{code}/")
    browser_page.get_by_role("heading", name="Je donne mon avis").wait_for()
    browser_page.get_by_role("group", name="De façon générale").get_by_label("Bien", exact=True).check()
    browser_page.get_by_label("Facile", exact=True).check()
    browser_page.get_by_label("Clair", exact=True).check()
    browser_page.get_by_label("Oui, d’un agent à l’accueil").check()
    browser_page.get_by_label("Voulez-vous nous en dire plus ?").fill(comment)
    browser_page.get_by_role("button", name="Envoyer mon avis").click()
    browser_page.get_by_text("Merci ! Votre avis a été enregistré.").wait_for()


def test_an_agent_and_a_resident_give_feedback_through_the_qr_link(page_as: Any) -> None:
    agent = UserFactory(display_name="Agente usagère")
    department = DepartmentFactory(name="État civil", members=[agent])
    target = service(department, name="Demande d’acte d’état civil", short_code="etatcivil")
    resident = UserFactory(display_name="Habitante")

    _give_feedback(page_as(resident), "etatcivil", comment="Rapide.")
    agent_page = page_as(agent)
    _give_feedback(agent_page, "etatcivil", comment="Le formulaire interne est confus.")

    assert sorted(Feedback.objects.values_list("respondent_kind", flat=True)) == [Respondent.AGENT, Respondent.RESIDENT]
    agent_page.goto(target.get_absolute_url())
    residents = agent_page.get_by_role("region", name="L’avis des usager·ères")
    assert "10,0" in residents.inner_text()
    assert "1" in residents.inner_text()
    agents = agent_page.get_by_role("region", name="L’avis des agent·es de la commune")
    assert "10,0" in agents.inner_text()
    trend = agent_page.get_by_role("table", name="Indicateurs par trimestre (quatre derniers trimestres)")
    assert trend.locator("tbody tr").count() == 8  # four quarters, residents and agents
    assert agent_page.get_by_role("img", name="Satisfaction sur 10, par trimestre").count() == 1
    assert _axe_violations(agent_page) == []
    # The agent's department prints the poster with the QR code and the short link.
    agent_page.get_by_role("link", name="Affiche à imprimer (QR code et lien court)").click()
    # Wait for the poster itself: content() read during the navigation is the empty document.
    agent_page.get_by_role("heading", name="Votre avis sur « Demande d’acte d’état civil »").wait_for()
    assert "/qualite/q/etatcivil/" in agent_page.locator(".poster__link").inner_text()
    assert agent_page.get_by_role("img", name="QR code menant à").count() == 1
    assert _axe_violations(agent_page) == []


def test_a_contested_figure_is_answered_and_corrected_within_the_delay(page_as: Any) -> None:
    owner = UserFactory(display_name="Urbaniste")
    urbanisme = DepartmentFactory(name="Urbanisme", members=[owner])
    finance_agent = UserFactory(display_name="Financière")
    DepartmentFactory(name="Finances", members=[finance_agent])
    info = page(urbanisme, title="Le plan de circulation du centre-ville", answer_days=10)
    resident = UserFactory(display_name="Riveraine")

    # A resident contests the figure, with a source.
    browser = page_as(resident)
    browser.goto(info.get_absolute_url())
    assert _axe_violations(browser) == []
    browser.get_by_label("contester une affirmation de la page").check()
    browser.get_by_label("Passage contesté").fill("1 200 véhicules par jour")
    browser.get_by_label("Votre question ou votre argument").fill("Les comptages publiés disent 800.")
    browser.get_by_label("Source").fill("https://www.example.org/comptages.csv")
    browser.get_by_role("button", name="Publier").click()
    browser.get_by_text("Le service s’est engagé à répondre sous 10 jours.").wait_for()
    question = PageQuestion.objects.get()

    # Another department adds a contradictory opinion, shown beside the answer.
    finances = page_as(finance_agent)
    finances.goto(info.get_absolute_url())
    finances.get_by_role("link", name="Ajouter l’avis d’un autre service").click()
    finances.get_by_label("Avis contradictoire").fill("Le chiffre de 1 200 compte aussi les poids lourds.")
    finances.get_by_role("button", name="Publier l’avis").click()
    finances.get_by_text("Avis contradictoire de Finances").wait_for()

    # The owner answers within the delay and corrects the page: a new version, linked.
    owning = page_as(owner)
    owning.goto(info.get_absolute_url())
    owning.get_by_role("link", name="Répondre au nom du service").click()
    owning.get_by_label("Réponse publique du service").fill("Vous avez raison : 800 véhicules par jour.")
    text = owning.get_by_label("Texte corrigé de la page (Markdown)")
    text.fill(text.input_value().replace("1 200", "800"))
    owning.get_by_label("Ce qui a changé").fill("Chiffre corrigé")
    owning.get_by_role("button", name="Publier la réponse").click()
    owning.get_by_text("Réponse donnée dans le délai promis.").wait_for()
    article = owning.locator(f"#question-{question.pk}")
    assert "Avis contradictoire de Finances" in article.inner_text()
    article.get_by_role("link", name="La page a été corrigée").click()
    owning.get_by_role("heading", name="Ce qui change de la version 1 à la version 2").wait_for()
    assert "800 véhicules" in owning.locator(".diff__line--added").first.inner_text()

    # /engagements/ counts it, answered on time, for the owning department.
    owning.goto("/engagements/")
    table = owning.get_by_role("table", name="Questions sur les pages d’information")
    row = table.get_by_role("row", name="Urbanisme")
    assert row.locator("td").all_inner_texts()[:5] == ["1", "1", "0", "0", "0"]
    assert _axe_violations(owning) == []
