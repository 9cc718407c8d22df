"""The exploration in Chromium (issue 21's acceptance): a team records two field notes and a journey whose
irritant becomes a contribution, publishes a finding, and an elected official's decision cites it.

Uses the system Chromium like the accessibility gate; COCITE_NO_BROWSER=1 deselects it knowingly.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.status import KIND
from cocite.decisions.models import Decision, DecisionCitation
from cocite.exploration.models import FieldNote, Finding
from cocite.items.models import Item

from .helpers import exploring

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _axe_violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response.get("violations", [])]


def _field_note(page: Any, slug: str, kind: str, title: str) -> None:
    page.goto(reverse("exploration:field_note_new", kwargs={"slug": slug}))
    page.locator("#id_kind").select_option(kind)
    page.locator("#id_title").fill(title)
    page.locator("#id_place").fill("Guichet de la mairie")
    page.locator("#id_participants_count").fill("5")
    page.locator("#id_participant_profiles").fill("Trois parents, deux agentes")
    page.locator("#id_notes").fill("Les familles repartent pour une pièce manquante.")
    page.locator("#id_learned").fill("La liste des pièces n'est connue qu'au guichet.")
    page.get_by_role("button", name="Enregistrer la note").click()
    page.get_by_role("heading", name=title).wait_for()


def test_two_field_notes_a_journey_whose_irritant_becomes_a_contribution_and_a_finding_cited(
    page_as: Any,
) -> None:
    setting = exploring(phase="arbitrage")
    slug = setting.demarche.slug
    page = page_as(setting.agent)

    _field_note(page, slug, "observation", "Une matinée au guichet")
    _field_note(page, slug, "entretien", "Entretiens avec des familles")
    assert FieldNote.objects.filter(demarche=setting.demarche).count() == 2

    page.goto(reverse("exploration:journey_new", kwargs={"slug": slug}))
    page.locator("#id_title").fill("Inscrire son enfant")
    page.locator("#id_case_0").check()
    page.locator("#id_who").fill("Mère seule, horaires décalés")
    page.locator("#id_goal").fill("Inscrire sa fille à l'école")
    page.get_by_role("button", name="Créer le parcours").click()
    page.get_by_role("heading", name="Ajouter une étape").wait_for()
    page.locator("#id_title").fill("Déposer le dossier au guichet")
    page.locator("#id_channel").select_option("guichet")
    page.locator("#id_minutes").fill("75")
    page.locator("#id_feeling").select_option("tres_negatif")
    page.get_by_role("button", name="Ajouter l’étape").click()
    page.get_by_role("heading", name="Ajouter un irritant").wait_for()
    page.locator("#id_step").select_option(index=1)
    page.locator("#id_text").fill("Le dossier est refusé pour une seule pièce manquante")
    page.get_by_role("button", name="Ajouter l’irritant").click()
    assert _axe_violations(page) == []

    page.get_by_role("link", name="Créer une contribution").click()
    page.locator("#id_title").fill("Un dossier refusé pour une seule pièce manquante")
    page.get_by_role("button", name="Créer la contribution").click()
    contribution = Contribution.objects.get(demarche=setting.demarche)
    page.wait_for_url(f"**{contribution.get_absolute_url()}")
    assert contribution.channel == Contribution.Channel.FIELD

    page.goto(reverse("exploration:finding_new", kwargs={"slug": slug}))
    page.locator("#id_title").fill("Les familles reviennent pour une seule pièce")
    page.locator("#id_summary").fill("Près d'une famille sur deux repart sans avoir fini.")
    page.get_by_label("Une matinée au guichet").check()
    page.get_by_label("Inscrire son enfant").check()
    page.get_by_label(contribution.title).check()
    page.locator("#id_published").check()
    page.get_by_role("button", name="Enregistrer le constat").click()
    page.get_by_role("heading", name="Travail de terrain").wait_for()
    finding = Finding.objects.get(demarche=setting.demarche)
    assert finding.published

    public = page_as(None)
    public.goto(reverse("exploration:findings", kwargs={"slug": slug}))
    public.get_by_role("heading", name=finding.title).wait_for()
    assert _axe_violations(public) == []

    official = page_as(UserFactory(is_elected_official=True))
    item = Item.objects.get(kind=KIND, object_id=contribution.pk)
    official.goto(reverse("decisions:create") + f"?elements={item.pk}")
    official.locator("input[name=outcome][value=retenue]").check()
    official.locator("textarea[name=explanation]").fill(
        "Dès la rentrée prochaine, un dossier complet à une pièce près sera accepté au guichet : la famille "
        "pourra envoyer la pièce manquante en ligne dans les quinze jours, sans revenir. L'exploration a montré "
        "que la plupart des familles reviennent pour une seule pièce manquante, au prix d'une demi-journée."
    )
    official.get_by_label(finding.title).check()
    official.locator("[name=body]").select_option("adjoint")
    official.get_by_role("button", name="Publier la décision").click()
    decision = Decision.objects.get()
    official.wait_for_url(f"**{decision.get_absolute_url()}")
    assert DecisionCitation.objects.get(decision=decision).object_id == finding.pk
    official.get_by_role("link", name=finding.title).click()
    official.wait_for_url(f"**/exploration/#constat-{finding.pk}")
