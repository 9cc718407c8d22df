"""Demo opinion map: the participatory budget 2027 of Bellerive, with two visible camps.

Fifteen statements written by residents, about forty demo people voting (a "nature and soft
mobility" camp and a "roads, parking and safety" camp, who agree on accessibility, fairness
between quartiers and transparency), two statements awaiting moderation, and one computed
run. Plus a real Pol.is conversation imported as a standalone example of the import.

The texts are data: `demo/opinions.yaml` (its header describes each key). Statements and votes
go through the actions (`statement_submit`, `statement_moderate`, `vote_cast`); as in Pol.is
(and as the action does for everyone), each author agrees with their own statement.

Idempotent: statements and votes are only created when the conversation has none; a run is
only computed when none has finished.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.core import demo
from cocite.demarches.models import Demarche, DemarcheComponent

from . import actions
from .models import (
    COMPONENT_NAME,
    Conversation,
    Moderation,
    ModerationDecision,
    OpinionRun,
    Statement,
    Vote,
)

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "opinions.yaml"
DEMARCHE_SLUG = "budget-participatif-2027"
RANDOM_SEED = 2027
POLIS_EXAMPLE_SOURCE = "Pol.is — london.youth.policing (https://pol.is/9xxwa9jpkm)"


@dataclass(frozen=True)
class StatementSpec:
    text: str
    nature: float  # probability that the "nature" camp agrees
    roads: float  # same for the "roads" camp


@dataclass(frozen=True)
class Content:
    moderator: str
    not_voting: frozenset[str]
    partial_voter: str
    statements: tuple[StatementSpec, ...]
    pending: tuple[str, ...]
    polis_directory: Path
    polis_title: str
    polis_topic: str


def load_content(data: demo.DemoData | None = None) -> Content:
    """Read and check `demo/opinions.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.opinions", DATA_FILE)
    statements = []
    for index, raw in enumerate(
        demo.records(data, data["statements"], required={"text", "nature", "roads"}, where="statements")
    ):
        for camp in ("nature", "roads"):
            if not isinstance(raw[camp], int | float) or not 0 <= raw[camp] <= 1:
                raise demo.fail(data, f"statements: {demo.describe(raw, index)}", f"{camp} must be between 0 and 1")
        statements.append(StatementSpec(str(raw["text"]), float(raw["nature"]), float(raw["roads"])))
    pending = demo.records(data, data["pending"], required={"text"}, where="pending")
    polis = demo.check(data, data["polis_example"], required={"directory", "title", "topic"}, where="polis_example")
    return Content(
        moderator=str(data["moderator"]),
        not_voting=frozenset(str(local) for local in data["not_voting"]),
        partial_voter=str(data["partial_voter"]),
        statements=tuple(statements),
        pending=tuple(str(entry["text"]) for entry in pending),
        polis_directory=Path(__file__).resolve().parent / str(polis["directory"]),
        polis_title=str(polis["title"]),
        polis_topic=str(polis["topic"]),
    )


def seed(stdout: TextIO) -> None:
    content = load_content()
    demarche = Demarche.objects.filter(slug=DEMARCHE_SLUG).first()
    if demarche is not None:
        _seed_budget(demarche, content, stdout)
    _seed_polis_example(content, stdout)


def _seed_budget(demarche: Demarche, content: Content, stdout: TextIO) -> None:
    # A démarche's component slots have no action of their own (the admin adds them).
    config, _created = DemarcheComponent.objects.get_or_create(
        demarche=demarche, name=COMPONENT_NAME, defaults={"position": 1, "settings": {"moderation": Moderation.PRE}}
    )
    demarche = Demarche.objects.prefetch_related("components", "phases").get(pk=demarche.pk)
    conversation = actions.conversation_ensure(demarche=demarche, config=config)
    if not conversation.statements.exists():
        _seed_votes(conversation, content)
    if not conversation.runs.filter(status=OpinionRun.Status.DONE).exists():
        actions.opinion_run_now(conversation=conversation)
    run = conversation.runs.filter(status=OpinionRun.Status.DONE).order_by("-finished_at").first()
    stdout.write(
        f"  carte des opinions : {conversation.statements.count()} propositions, "
        f"{conversation.participants.count()} participant·es, {run.k if run else 0} groupes"
    )


def _seed_votes(conversation: Conversation, content: Content) -> None:
    """Statements and votes through the actions; their dates are then spread over the last weeks.

    The actions date what they write "now": statements and votes get their drawn moment
    afterwards (two bulk UPDATEs), the only thing written outside the actions.
    """
    rng = random.Random(RANDOM_SEED)
    partial_voter = f"{content.partial_voter}@{DEMO_DOMAIN}"
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
        .exclude(email__in=[f"{local}@{DEMO_DOMAIN}" for local in content.not_voting])
        .order_by("pk")
    )
    residents = [u for u in people if u.email != partial_voter and u.quartier_id is not None] or people
    moderator = User.objects.filter(email=f"{content.moderator}@{DEMO_DOMAIN}").first()
    now = timezone.now()
    # Participants first, in the order of the people: the camps below follow that order.
    participants = [actions.participant_for(user=user, conversation=conversation) for user in people]
    statement_dates: dict[int, datetime.datetime] = {}
    statements = []
    for index, spec in enumerate(content.statements):
        statement = actions.statement_submit(
            author=residents[index % len(residents)], conversation=conversation, text=spec.text, rate_limited=False
        )
        if statement.status == Statement.Status.PENDING and moderator is not None:
            statement = actions.statement_moderate(
                moderator=moderator, statement=statement, decision=ModerationDecision.Decision.ACCEPT
            )
        statement_dates[statement.pk] = now - datetime.timedelta(days=20 - index)
        statements.append(statement)
    for index, text in enumerate(content.pending):
        statement = actions.statement_submit(
            author=residents[(index + 5) % len(residents)], conversation=conversation, text=text, rate_limited=False
        )
        statement_dates[statement.pk] = now - datetime.timedelta(hours=3 - index)
    votable = [s for s in statements if s.status == Statement.Status.ACCEPTED]
    vote_dates: dict[tuple[int, int], datetime.datetime] = {}
    for position, participant in enumerate(participants):
        assert participant.user is not None
        nature = position % 5 < 3  # three people in five lean "nature", two "roads"
        if participant.user.email == partial_voter:
            chosen = votable[:5]
        else:
            chosen = rng.sample(votable, rng.randint(11, len(votable)))
        for statement in chosen:
            spec = content.statements[statements.index(statement)]
            p_agree = spec.nature if nature else spec.roads
            draw = rng.random()
            value = (
                Vote.Value.PASS
                if draw < 0.08
                else (Vote.Value.AGREE if draw < 0.06 + 0.94 * p_agree else Vote.Value.DISAGREE)
            )
            if statement.author_id == participant.user.pk:
                value = Vote.Value.AGREE  # as in Pol.is, an author agrees with their own statement
            moment = now - datetime.timedelta(days=rng.randint(0, 15), minutes=rng.randint(0, 600))
            actions.vote_cast(user=participant.user, statement=statement, value=int(value))
            vote_dates[(statement.pk, participant.pk)] = moment
    for pk, moment in statement_dates.items():
        Statement.objects.filter(pk=pk).update(created_at=moment)
    votes = list(Vote.objects.filter(conversation=conversation))
    for vote in votes:
        # An author's own agreement (cast by statement_submit) is dated with the statement.
        moment = vote_dates.get((vote.statement_id, vote.participant_id)) or statement_dates[vote.statement_id]
        vote.created_at = vote.updated_at = moment
    Vote.objects.bulk_update(votes, ["created_at", "updated_at"], batch_size=500)
    Conversation.objects.filter(pk=conversation.pk).update(dirty_since=now)


def _seed_polis_example(content: Content, stdout: TextIO) -> None:
    """A real Pol.is conversation, imported as a standalone map (agents and moderators see it)."""
    if not content.polis_directory.is_dir():
        return
    conversation = Conversation.objects.filter(imported_from=POLIS_EXAMPLE_SOURCE).first()
    if conversation is None:
        conversation = actions.conversation_import_polis(
            directory=content.polis_directory,
            title=content.polis_title,
            topic=content.polis_topic,
            source=POLIS_EXAMPLE_SOURCE,
        )
    if not conversation.runs.filter(status=OpinionRun.Status.DONE).exists():
        actions.opinion_run_now(conversation=conversation)
    stdout.write(f"  carte des opinions importée de Pol.is : conversation {conversation.pk}")
