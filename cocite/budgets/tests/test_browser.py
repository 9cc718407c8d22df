"""The participatory budget in Chromium, on a 375 px phone: a verified resident fills the cart (the
remaining budget announced), confirms, changes the vote before the close; two agents key a paper
ballot; the team counts by both rules; the outcome page; the winners become results. Axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from cocite.budgets.models import Ballot, Count
from cocite.decisions.tests.factories import member
from cocite.results.models import Result

from .helpers import after_close, budget_setup, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PHONE = {"width": 375, "height": 812}


def _axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response.get("violations", [])]


def _fits(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_whole_cycle_on_a_phone(page_as: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    setup = budget_setup([40000, 30000, 50000], total=100000, counting_rule="mes")
    demarche, projects = setup["demarche"], setup["projects"]
    main_url = f"/demarches/{demarche.slug}/budget/"
    resident = verified()

    page = page_as(resident)
    page.set_viewport_size(PHONE)
    page.goto(main_url)
    status = page.locator("#budget-remaining")
    assert status.get_attribute("aria-live") == "polite"
    assert "reste 100" in status.inner_text()
    assert _fits(page)
    assert _axe_violations(page) == []
    page.get_by_label("Mettre « Projet numéro 1 » dans mon panier").check()
    page.get_by_label("Mettre « Projet numéro 2 » dans mon panier").check()
    page.wait_for_function("() => document.getElementById('budget-remaining').textContent.includes('30')")
    assert "2 projets choisis" in status.inner_text()
    page.get_by_role("button", name="Vérifier mon panier").first.click()
    page.get_by_role("heading", name="Vérifier mon vote").wait_for()
    assert _fits(page)
    assert _axe_violations(page) == []
    summary = page.locator("table.budget-summary").inner_text()
    assert "Projet numéro 1" in summary
    assert "Projet numéro 2" in summary
    page.get_by_label("J’atteste avoir au moins 16 ans.").check()
    page.get_by_role("button", name="Confirmer mon vote").click()
    page.get_by_role("heading", name="Mon vote").wait_for()
    receipt = Ballot.objects.get(voter=resident).receipt
    assert receipt in page.locator(".budget-receipt").inner_text()
    assert _axe_violations(page) == []

    # Changing the vote before the close: the cart opens with the ballot's projects.
    page.get_by_role("link", name="Changer mon vote").click()
    first = page.get_by_label("Mettre « Projet numéro 1 » dans mon panier")
    assert first.is_checked()
    first.uncheck()
    page.get_by_label("Mettre « Projet numéro 2 » dans mon panier").uncheck()
    page.get_by_label("Mettre « Projet numéro 3 » dans mon panier").check()
    page.get_by_role("button", name="Vérifier mon panier").first.click()
    page.get_by_label("J’atteste avoir au moins 16 ans.").check()
    page.get_by_role("button", name="Confirmer mon vote").click()
    page.get_by_role("heading", name="Mon vote").wait_for()
    assert "Projet numéro 3" in page.locator("table.budget-summary").inner_text()
    ballot = Ballot.objects.get(voter=resident)
    assert list(ballot.projects.values_list("pk", flat=True)) == [projects[2].pk]
    assert ballot.receipt == receipt

    # Two agents key the same paper ballot: counted once both entries match.
    for agent in (setup["agent"], member(setup["department"])):
        agent_page = page_as(agent)
        agent_page.set_viewport_size(PHONE)
        agent_page.goto(f"{main_url}bulletins-papier/")
        agent_page.get_by_label("Bureau de vote").fill("Mairie du Port")
        agent_page.get_by_label("Numéro du bulletin papier").fill("P-0001")
        agent_page.get_by_label("Projet numéro 1 (40").check()
        agent_page.get_by_role("button", name="Enregistrer la saisie").click()
        agent_page.locator(".messages").wait_for()
    assert "concordent" in agent_page.locator(".messages").inner_text()
    assert Ballot.objects.filter(demarche=demarche, source=Ballot.Source.PAPER).count() == 1

    # After the close, the team counts by both rules; the rulebook's (equal shares) gives the winners.
    after_close(monkeypatch, setup["rules"])
    manager = page_as(setup["manager"])
    manager.set_viewport_size(PHONE)
    for rule in ("Par ordre de voix, dans la limite du budget", "Méthode des parts égales, complétée"):
        manager.goto(f"{main_url}gestion/")
        manager.get_by_label("Règle de dépouillement").select_option(label=rule)
        manager.get_by_role("button", name="Dépouiller et publier au journal des décisions").click()
        manager.get_by_role("heading", name="Résultat du vote").first.wait_for()
        assert "Empreinte SHA-256 des bulletins" in manager.content()
    assert Count.objects.filter(demarche=demarche).count() == 2
    assert _fits(manager)
    assert _axe_violations(manager) == []
    table = manager.locator("table.budget-outcome").inner_text()
    assert "lauréat" in table
    assert "Pourquoi" in table
    manager.get_by_role("button", name="Suivre les lauréats dans « Résultats »").click()
    manager.get_by_role("link", name="Suivre la réalisation des projets lauréats").wait_for()
    official = Count.objects.get(demarche=demarche, official=True)
    assert Result.objects.filter(demarche=demarche).count() == len(official.selected_keys())
