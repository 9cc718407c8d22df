from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from cocite.demarches.models import Demarche, DemarcheComponent, Phase, PhaseKind, Rulebook, RuleVersion


class DemarcheFactory(factory.django.DjangoModelFactory[Demarche]):
    class Meta:
        model = Demarche
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Démarche numéro {n}")
    slug = factory.Sequence(lambda n: f"demarche-{n}")
    framing_question = "Comment rendre nos rues plus agréables ?"
    context = "Un **contexte** clair."
    status = Demarche.Status.PUBLISHED

    @factory.post_generation
    def phase(obj: Any, create: bool, extracted: str | None, **kwargs: Any) -> None:
        """Create the four phases with the given one (default: collecte) current today."""
        if not create:
            return
        current = extracted or PhaseKind.COLLECTE
        today = timezone.localdate()
        kinds = list(PhaseKind.values)
        index = kinds.index(current)
        for position, kind in enumerate(kinds):
            offset = (position - index) * 30
            start = today + datetime.timedelta(days=offset - 10)
            Phase.objects.create(
                demarche=obj, kind=kind, position=position, starts_on=start, ends_on=start + datetime.timedelta(days=29)
            )
        DemarcheComponent.objects.create(demarche=obj, name="contributions")


class RulebookFactory(factory.django.DjangoModelFactory[Rulebook]):
    class Meta:
        model = Rulebook

    title = factory.Sequence(lambda n: f"Règles {n}")


def publish_version(rulebook: Rulebook, number: int = 1, **overrides: Any) -> RuleVersion:
    from cocite.demarches.actions import rule_version_publish

    values: dict[str, Any] = {
        "text": f"Texte des règles, version {number}.\nChaque contribution reçoit une réponse.",
        "change_note": f"Version {number}",
        "who_may_take_part": "Toute personne",
        "decider": "Le conseil municipal",
        "support_threshold": 30,
        "answer_deadline_days": 45,
        "effective_at": timezone.now() - datetime.timedelta(days=1),
    }
    values.update(overrides)
    return rule_version_publish(rulebook=rulebook, **values)
