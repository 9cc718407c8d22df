"""The participatory budget in Chromium, on a 375 px phone: a verified resident fills the cart (the
remaining budget announced), confirms, changes the vote before the close; two agents key a paper
ballot; the team counts by both rules; the outcome page; the winners become results. The same with a
ranking (with a quartier's envelope) and with cumulative points. Axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from cocite.budgets import queries
from cocite.budgets.models import Ballot, Count
from cocite.decisions.tests.factories import member
from cocite.results.models import Result
from cocite.territory.tests.factories import QuartierFactory

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


def _rows(table: Any) -> list[str]:
    """A table's body rows as the text of their cells, « | » between them."""
    return [
        " | ".join(" ".join(cell.split()) for cell in row.split("\t"))
        for row in table.locator("tbody tr").all_inner_texts()
    ]


def _review_and_confirm(page: Any, summary_name: str) -> list[str]:
    """« Vérifier mon vote », the summary read as a screen reader would (a captioned table, a row
    header per project), then « Confirmer mon vote »; returns the summary's rows."""
    page.get_by_role("button", name="Vérifier mon vote").first.click()
    page.get_by_role("heading", name="Vérifier mon vote").wait_for()
    rows = _rows(page.get_by_role("table", name=summary_name))
    page.get_by_label("J’atteste avoir au moins 16 ans.").check()
    page.get_by_role("button", name="Confirmer mon vote").click()
    page.get_by_role("heading", name="Mon vote").wait_for()
    return rows


def _count_both_rules(page: Any, main_url: str) -> None:
    for rule in ("Par ordre de voix, dans la limite du budget", "Méthode des parts égales, complétée"):
        page.goto(f"{main_url}gestion/")
        page.get_by_label("Règle de dépouillement").select_option(label=rule)
        page.get_by_role("button", name="Dépouiller et publier au journal des décisions").click()
        page.get_by_role("heading", name="Résultat du vote").first.wait_for()


def test_a_ranking_and_cumulative_points_on_a_phone(page_as: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    port = QuartierFactory(name="Le Port")
    ranked = budget_setup(
        [40000, 30000, 20000],
        total=90000,
        method="ranking",
        max_choices=3,
        counting_rule="mes",
        envelopes=[(port, 20000)],
        quartiers=[None, None, port],
    )
    pointed = budget_setup([40000, 30000, 50000], total=100000, method="cumulative", points=5)
    ranked_url = f"/demarches/{ranked['demarche'].slug}/budget/"
    pointed_url = f"/demarches/{pointed['demarche'].slug}/budget/"
    ranked_keys = [project.key for project in ranked["projects"]]
    pointed_keys = [project.key for project in pointed["projects"]]

    # A ranking: the summary shows the points each envelope will count (the quartier's project
    # scores 3 as the first of its envelope, the commune's two 3 and 2 as its first and second).
    ranker = verified()
    page = page_as(ranker)
    page.set_viewport_size(PHONE)
    page.goto(ranked_url)
    for title, rank in (("Projet numéro 3", "1"), ("Projet numéro 2", "2"), ("Projet numéro 1", "3")):
        page.get_by_label(f"Rang de « {title} » dans mon classement").select_option(rank)
    page.wait_for_function("() => document.getElementById('budget-remaining').textContent.includes('3 projets')")
    assert "3 projets classés sur 3 possibles" in page.locator("#budget-remaining").inner_text()
    page.get_by_role("button", name="Vérifier mon vote").first.click()
    page.get_by_role("heading", name="Vérifier mon vote").wait_for()
    assert _fits(page)
    assert _axe_violations(page) == []
    note = page.locator("#budget-parts-note").inner_text()
    assert "Chaque enveloppe de quartier est dépouillée à part" in note
    summary = page.get_by_role("table", name="Votre classement, du projet préféré au suivant")
    assert _rows(summary) == [
        "1 | Projet numéro 3 compté dans l’enveloppe Le Port | 3",
        "2 | Projet numéro 2 compté dans le budget de la commune | 3",
        "3 | Projet numéro 1 compté dans le budget de la commune | 2",
    ]
    page.get_by_role("button", name="Modifier mon vote").click()  # back to the ballot, ranks kept
    assert page.get_by_label("Rang de « Projet numéro 3 » dans mon classement").input_value() != ""
    _review_and_confirm(page, "Votre classement, du projet préféré au suivant")
    receipt = Ballot.objects.get(voter=ranker).receipt
    assert receipt in page.locator(".budget-receipt").inner_text()
    # Changed before the close: 1st the commune's first project, 2nd the quartier's.
    page.get_by_role("link", name="Changer mon vote").click()
    assert page.get_by_label("Rang de « Projet numéro 1 » dans mon classement").input_value() == "3"
    page.get_by_label("Rang de « Projet numéro 1 » dans mon classement").select_option("1")
    page.get_by_label("Rang de « Projet numéro 2 » dans mon classement").select_option("")
    page.get_by_label("Rang de « Projet numéro 3 » dans mon classement").select_option("2")
    assert _review_and_confirm(page, "Votre classement, du projet préféré au suivant") == [
        "1 | Projet numéro 1 compté dans le budget de la commune | 3",
        "2 | Projet numéro 3 compté dans l’enveloppe Le Port | 3",
    ]
    assert queries.ballot_rows(ranked["demarche"]) == [{ranked_keys[0]: 1, ranked_keys[2]: 2}]
    assert Ballot.objects.get(voter=ranker).receipt == receipt

    # Cumulative points: the points left announced, the summary with its total.
    pointer = verified()
    page = page_as(pointer)
    page.set_viewport_size(PHONE)
    page.goto(pointed_url)
    page.get_by_label("Points pour « Projet numéro 1 »").fill("3")
    page.get_by_label("Points pour « Projet numéro 2 »").fill("2")
    page.wait_for_function("() => document.getElementById('budget-remaining').textContent.includes('reste 0')")
    assert "5 points donnés sur 5" in page.locator("#budget-remaining").inner_text()
    assert _fits(page)
    assert _review_and_confirm(page, "Les points que vous donnez à chaque projet") == [
        "Projet numéro 1 | 3",
        "Projet numéro 2 | 2",
    ]
    page.get_by_role("link", name="Changer mon vote").click()
    page.get_by_label("Points pour « Projet numéro 1 »").fill("1")
    page.get_by_label("Points pour « Projet numéro 2 »").fill("")
    page.get_by_label("Points pour « Projet numéro 3 »").fill("4")
    assert _review_and_confirm(page, "Les points que vous donnez à chaque projet") == [
        "Projet numéro 1 | 1",
        "Projet numéro 3 | 4",
    ]
    assert queries.ballot_rows(pointed["demarche"]) == [{pointed_keys[0]: 1, pointed_keys[2]: 4}]

    # After the close, each team counts by both rules; the outcome pages show the scores.
    after_close(monkeypatch, max(ranked["rules"], pointed["rules"], key=lambda rules: rules.closes_at))
    for setup, url in ((ranked, ranked_url), (pointed, pointed_url)):
        manager = page_as(setup["manager"])
        manager.set_viewport_size(PHONE)
        _count_both_rules(manager, url)
        assert Count.objects.filter(demarche=setup["demarche"]).count() == 2
    # The last page is the points' equal shares: P3 (4 points) then P1 (1 point).
    rows = _rows(manager.get_by_role("table", name="Projets, scores et raison du résultat"))
    # Project, score, ballots supporting it, (cost,) result.
    assert [[cells[i] for i in (0, 1, 2, 4)] for cells in (row.split(" | ") for row in rows)] == [
        ["Projet numéro 3", "4", "1", "lauréat"],
        ["Projet numéro 1", "1", "1", "lauréat"],
        ["Projet numéro 2", "0", "0", "non retenu"],
    ]
    assert _fits(manager)
    assert _axe_violations(manager) == []
    official = Count.objects.get(demarche=ranked["demarche"], official=True)
    assert [part["selected"] for part in official.outcome["parts"]] == [[ranked_keys[0]], [ranked_keys[2]]]
    manager = page_as(ranked["manager"])
    manager.set_viewport_size(PHONE)
    manager.goto(official.get_absolute_url())
    content = manager.locator("main").inner_text()
    assert "r y est la place du projet parmi ceux de la même enveloppe que le bulletin classe" in content
    assert content.count("pour 1 votant·e") == 2
    assert "lauréat" in manager.get_by_role("table", name="Projets, scores et raison du résultat").first.inner_text()
