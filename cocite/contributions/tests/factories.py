from __future__ import annotations

import factory

from cocite.contributions.models import Contribution
from cocite.contributions.resource import register_item
from cocite.demarches.tests.factories import DemarcheFactory


class ContributionFactory(factory.django.DjangoModelFactory[Contribution]):
    class Meta:
        model = Contribution
        skip_postgeneration_save = True

    demarche = factory.SubFactory(DemarcheFactory)
    kind = Contribution.Kind.IDEA
    title = factory.Sequence(lambda n: f"Une idée pour la commune numéro {n}")
    body = "Planter des arbres le long de la rue."
    author = factory.SubFactory("cocite.accounts.tests.factories.UserFactory")

    @factory.post_generation
    def item(obj: Contribution, create: bool, extracted: object, **kwargs: object) -> None:
        """Every contribution has its item (cocite.items), as contribution_submit gives it one."""
        if create:
            register_item(obj)
