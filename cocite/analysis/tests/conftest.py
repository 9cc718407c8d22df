from __future__ import annotations

from typing import Any

import pytest

from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.tests.factories import DemarcheFactory

from .test_grouping import CORPUS

TITLES = {
    1: "Une piste cyclable pour aller au collège à vélo",
    2: "Des arceaux à vélos devant la boulangerie",
    3: "Sécuriser les vélos sur la piste cyclable",
    4: "Un garage à vélos fermé",
    5: "Des crottes de chien sur les trottoirs",
    6: "Des sacs pour les crottes de chien",
    7: "Déjections canines devant l'école",
    8: "Un espace clos pour les chiens",
    9: "Lampadaire en panne dans l'impasse",
    10: "Lampadaires trop éloignés, rues sombres la nuit",
    11: "Lampadaires en panne à l'arrêt de bus",
    12: "Des lampadaires sur le chemin du stade",
}


@pytest.fixture
def corpus_demarche(db: Any, agent: Any) -> Any:
    """A démarche holding the twelve contributions of the grouping corpus, with their titles.

    Run by the `agent` fixture's department, so that agent may analyse it.
    """
    demarche = DemarcheFactory(
        title="Consultation sur le cadre de vie", managing_department=agent.department_memberships.get().department
    )
    contributions = {}
    for key, text in CORPUS.items():
        contributions[key] = ContributionFactory(demarche=demarche, title=TITLES[key], body=text)
    demarche.corpus = contributions
    return demarche
