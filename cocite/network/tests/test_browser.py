"""The network's journey in Chromium (issue 20, acceptance 1): a resident creates an association and
invites a member, who accepts; the association publishes an initiative with two calls for help; another
resident answers one and the holder accepts; the holder requests the commune's support and the
competent department grants it with a reasoned decision, which appears in the public log.

Every step is a plain form (no JavaScript needed). COCITE_NO_BROWSER=1 deselects it knowingly.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from cocite.accounts.tests.factories import UserFactory
from cocite.network.models import Incubation, Initiative

from .helpers import EXPLANATION, manager_of, theme_and_quartier

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_association_member_initiative_help_and_incubation(page_as: Any) -> None:
    theme, _quartier = theme_and_quartier()
    department, manager = manager_of(theme)
    holder = UserFactory(display_name="Camille")
    member = UserFactory(display_name="Léa", email="lea@exemple.fr")
    helper = UserFactory(display_name="Lucas")

    # A resident creates an association.
    page = page_as(holder)
    page.goto("/acteurs/nouveau/")
    page.get_by_label("Type d'acteur").select_option("association")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Les Jardins du Parc")
    page.get_by_label("Présentation").fill("Nous cultivons des parcelles partagées.")
    page.get_by_label("Numéro RNA").fill("W921000123")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("L'acteur est créé").wait_for()

    # …invites a member by e-mail, who accepts through the signed link.
    page.get_by_label("Adresse électronique de la personne").fill("lea@exemple.fr")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.get_by_text("L'invitation est envoyée.").wait_for()
    link = next(m for m in mail.outbox if m.to == ["lea@exemple.fr"]).body.split("\n")[-2].strip()
    member_page = page_as(member)
    member_page.goto(link)
    member_page.get_by_role("button", name="Accepter l’invitation").click()
    member_page.get_by_text("Bienvenue : vous êtes membre de Les Jardins du Parc.").wait_for()
    assert "Léa" in member_page.locator("#membres-titre + ul").text_content()

    # The association publishes an initiative with two calls for help.
    page.goto("/initiatives/nouvelle/")
    page.get_by_label("Titre").fill("Un abri à outils")
    page.get_by_label("Le besoin du territoire auquel elle répond").fill("Le matériel est rangé chez les bénévoles.")
    page.get_by_label("La solution").fill("Construire un abri en bois avec les habitant·es.")
    page.get_by_label("Portée par").select_option(label="Les Jardins du Parc")
    page.get_by_label("Solidarité").check()
    page.get_by_role("button", name="Publier", exact=True).click()
    page.get_by_text("L'initiative est publiée.").wait_for()
    for kind, what in (("competences", "Menuiserie pour construire l'abri"), ("materiel", "Des planches")):
        page.get_by_label("Type d'aide").select_option(kind)
        page.get_by_label("Ce qui est recherché").fill(what)
        page.get_by_label(re.compile(r"^Quand\b")).fill("En avril")
        page.get_by_role("button", name="Publier l’appel").click()
        page.get_by_text("L'appel à l'aide est publié.").wait_for()
    initiative = Initiative.objects.get(title="Un abri à outils")
    assert initiative.calls.count() == 2

    # A resident answers one; the holder accepts: the help shows on the initiative.
    helper_page = page_as(helper)
    helper_page.goto(initiative.get_absolute_url())
    helper_page.locator(".card", has_text="Menuiserie").get_by_role("link", name="Je peux aider").click()
    helper_page.get_by_label("Votre message aux porteur·ses").fill("Je suis menuisier, disponible le samedi.")
    helper_page.get_by_role("button", name="Envoyer ma proposition").click()
    helper_page.get_by_text("Votre proposition est envoyée").wait_for()
    page.goto(initiative.get_absolute_url())
    page.get_by_role("button", name="Accepter", exact=True).click()
    page.get_by_text("L'aide est acceptée").wait_for()
    visitor = page_as(None)
    visitor.goto(initiative.get_absolute_url())
    assert "Lucas" in visitor.locator("#appels-titre").locator("..").text_content()

    # The holder requests incubation; the department grants it with a reasoned decision.
    page.get_by_label("Le soutien demandé à la commune").fill("Un local pour l'abri et une petite subvention.")
    page.get_by_role("button", name="Demander un accompagnement").click()
    page.get_by_text("Votre demande est transmise au service compétent").wait_for()
    manager_page = page_as(manager)
    manager_page.goto(initiative.get_absolute_url())
    manager_page.get_by_role("link", name="Répondre à la demande").click()
    manager_page.locator("input[name=granted][value='1']").check()
    manager_page.get_by_label("Explication publique").fill(EXPLANATION)
    manager_page.locator("select[name=support_kind]").select_option("subvention")
    manager_page.get_by_label("Montant (€)").fill("2000")
    manager_page.get_by_label("Durée (mois)").fill("6")
    manager_page.get_by_role("button", name="Publier la décision").click()
    manager_page.get_by_text("La décision est publiée au journal des décisions.").wait_for()
    assert department.name in manager_page.content()

    # The decision is in the public log, and the initiative shows the support granted.
    decision = Incubation.objects.get(initiative=initiative).decision
    assert decision is not None
    visitor.goto("/decisions/journal/")
    assert f"Décision n° {decision.pk}" in visitor.content()
    visitor.goto(decision.get_absolute_url())
    assert "Un abri à outils" in visitor.content()
    visitor.goto(initiative.get_absolute_url())
    assert "Soutien accordé" in visitor.content()
