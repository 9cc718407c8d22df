from __future__ import annotations

from typing import Any

import factory

from cocite.demarches.models import Demarche, DemarcheComponent, PhaseKind
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.opinions.models import Conversation, Participant, Statement, Vote


def opinion_demarche(*, phase: str = PhaseKind.COLLECTE, moderation: str = "post", **kwargs: Any) -> Demarche:
    """A published démarche (four phases, `phase` current today) with the opinions component enabled."""
    demarche = DemarcheFactory(phase=phase, **kwargs)
    DemarcheComponent.objects.create(
        demarche=demarche, name="opinions", position=1, settings={"moderation": moderation}
    )
    return demarche


def conversation_for(demarche: Demarche) -> Conversation:
    from cocite.opinions import actions, queries

    config = DemarcheComponent.objects.get(demarche=demarche, name="opinions")
    demarche = Demarche.objects.prefetch_related("components", "phases").get(pk=demarche.pk)
    assert queries.component_config(demarche) is not None
    return actions.conversation_ensure(demarche=demarche, config=config)


class ConversationFactory(factory.django.DjangoModelFactory[Conversation]):
    class Meta:
        model = Conversation

    title = factory.Sequence(lambda n: f"Conversation {n}")
    topic = "Que faire du budget ?"


class StatementFactory(factory.django.DjangoModelFactory[Statement]):
    class Meta:
        model = Statement

    conversation = factory.SubFactory(ConversationFactory)
    text = factory.Sequence(lambda n: f"Une proposition claire numéro {n}")
    status = Statement.Status.ACCEPTED


class ParticipantFactory(factory.django.DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    conversation = factory.SubFactory(ConversationFactory)
    external_id = factory.Sequence(lambda n: f"p{n}")


def add_votes(conversation: Conversation, rows: list[tuple[Participant, Statement, int]]) -> None:
    Vote.objects.bulk_create([Vote(conversation=conversation, statement=s, participant=p, value=v) for p, s, v in rows])
