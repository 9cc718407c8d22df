"""Matching on the demo: a hand-labelled set of who really could answer each call for help, and the
precision of the top 5 suggestions (measured, with a floor)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps

from cocite.accounts.demo import DEMO_DOMAIN
from cocite.network import matching
from cocite.network.models import CallForHelp

pytestmark = pytest.mark.django_db

# (initiative title, what is asked) -> who could really help: an actor's name or a person's e-mail
# local part. Labelled by reading the demo's profiles, before looking at the suggestions.
LABELS: dict[tuple[str, str], set[str]] = {
    ("Un abri à outils pour le jardin partagé", "menuiserie et bricolage pour construire l'abri"): {"lucas.lambert"},
    ("Un abri à outils pour le jardin partagé", "planches, vis et outillage"): set(),
    ("Repair Café mensuel à la Gare", "une salle avec des prises électriques le samedi"): {
        "Médiathèque de Bellerive",
        "École élémentaire Jean-Zay",
        "Service des sports",
    },
    ("Repair Café mensuel à la Gare", "bénévoles pour l'accueil et la couture"): {"francoise.bonnet"},
    ("Épicerie solidaire mobile", "financement du triporteur électrique"): {
        "Caisse locale du Crédit solidaire",
        "Boulangerie du Port",
    },
    ("Épicerie solidaire mobile", "bénévoles pour les tournées"): {"aicha.traore", "francoise.bonnet"},
    ("Jardin pédagogique de l'école Jean-Zay", "jardinage et compostage avec les enfants"): {
        "Les Jardins partagés des Tilleuls",
        "emma.rousseau",
        "aicha.traore",
    },
    ("Jardin pédagogique de l'école Jean-Zay", "une association de jardinage partenaire"): {
        "Les Jardins partagés des Tilleuls"
    },
    ("Bourse aux vélos du printemps", "un gymnase ou un préau pour la bourse"): {
        "Service des sports",
        "École élémentaire Jean-Zay",
    },
    ("Bourse aux vélos du printemps", "mécaniciens vélo bénévoles"): {"Repair Café de la Gare"},
    ("Ateliers numériques pour les seniors", "une salle d'atelier équipée"): {"Médiathèque de Bellerive"},
    ("Ateliers numériques pour les seniors", "financement des ordinateurs prêtés"): {
        "Caisse locale du Crédit solidaire",
        "Boulangerie du Port",
    },
    ("Théâtre de rue aux Tilleuls", "une salle de répétition"): {"Médiathèque de Bellerive", "Service des sports"},
    ("Théâtre de rue aux Tilleuls", "sonorisation pour le spectacle"): set(),
    ("Cantine zéro déchet", "invendus de pain"): {"Boulangerie du Port"},
    ("Cantine zéro déchet", "cuisine anti-gaspillage"): set(),
}
PRECISION_FLOOR = 0.55


def _label(suggestion: matching.Suggestion) -> str:
    if suggestion.actor is not None:
        return suggestion.actor.name
    email = getattr(suggestion.person, "email", "")
    return email.removesuffix(f"@{DEMO_DOMAIN}")


def test_precision_of_the_top_5_on_the_hand_labelled_demo() -> None:
    for app in ("territory", "accounts", "network"):
        apps.get_app_config(app).seed_demo(StringIO())  # type: ignore[attr-defined]
    calls = list(CallForHelp.objects.select_related("initiative").order_by("pk"))
    assert {(c.initiative.title, c.what) for c in calls} == set(LABELS)
    shown = relevant = 0
    for call in calls:
        top = matching.suggestions(call)
        assert all(s.reasons for s in top)
        labels = [_label(s) for s in top]
        shown += len(labels)
        relevant += sum(1 for name in labels if name in LABELS[(call.initiative.title, call.what)])
    precision = relevant / shown
    print(f"\nprecision@5 on the demo: {relevant}/{shown} = {precision:.2f}")
    assert precision >= PRECISION_FLOOR


def test_reasons_say_why() -> None:
    for app in ("territory", "accounts", "network"):
        apps.get_app_config(app).seed_demo(StringIO())  # type: ignore[attr-defined]
    call = CallForHelp.objects.get(what="financement du triporteur électrique")
    top = matching.suggestions(call)
    bank = next(s for s in top if s.actor is not None and s.actor.name == "Caisse locale du Crédit solidaire")
    assert "propose : financement" in bank.reasons
    assert any(r.startswith("thème ") for r in bank.reasons)
    # The holders and the actor carrying the initiative are never suggested to themselves.
    assert all(s.actor is None or s.actor.pk != call.initiative.actor_id for s in top)
