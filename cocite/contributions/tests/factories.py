from __future__ import annotations

import factory

from cocite.contributions.models import Contribution
from cocite.demarches.tests.factories import DemarcheFactory


class ContributionFactory(factory.django.DjangoModelFactory[Contribution]):
    class Meta:
        model = Contribution

    demarche = factory.SubFactory(DemarcheFactory)
    kind = Contribution.Kind.IDEA
    title = factory.Sequence(lambda n: f"Une idée pour la commune numéro {n}")
    body = "Planter des arbres le long de la rue."
    author = factory.SubFactory("cocite.accounts.tests.factories.UserFactory")
