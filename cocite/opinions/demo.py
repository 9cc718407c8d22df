"""Demo opinion map: the participatory budget 2027 of Bellerive, with two visible camps.

Fifteen statements written by residents, about forty demo people voting (a "nature and soft
mobility" camp and a "roads, parking and safety" camp, who agree on accessibility, fairness
between quartiers and transparency), two statements awaiting moderation, and one computed
run. Plus a real Pol.is conversation imported as a standalone example of the import.

Idempotent: statements and votes are only created when the conversation has none; a run is
only computed when none has finished.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.demarches.models import Demarche, DemarcheComponent

from . import actions
from .models import COMPONENT_NAME, Conversation, Moderation, OpinionRun, Participant, Statement, Vote

DEMO_DOMAIN = "demo.bellerive.example"
DEMARCHE_SLUG = "budget-participatif-2027"
RANDOM_SEED = 2027
# Camille votes on a few statements only, so that her voting page still has a card to show.
PARTIAL_VOTER = f"camille.martin@{DEMO_DOMAIN}"
NOT_VOTING = {f"admin@{DEMO_DOMAIN}", f"moderation@{DEMO_DOMAIN}"}
POLIS_EXAMPLE = Path(__file__).resolve().parent / "tests" / "data" / "polis" / "london.youth.policing"
POLIS_EXAMPLE_SOURCE = "Pol.is — london.youth.policing (https://pol.is/9xxwa9jpkm)"

# (statement, probability that the "nature" camp agrees, same for the "roads" camp)
STATEMENTS: tuple[tuple[str, float, float], ...] = (
    ("Une partie du budget participatif devrait financer des pistes cyclables séparées de la route.", 0.92, 0.12),
    ("Il faut végétaliser les cours d'école plutôt que refaire des parkings.", 0.92, 0.15),
    ("Le stationnement manque en centre-ville : un parking relais doit être une priorité.", 0.1, 0.9),
    ("La vidéoprotection aux abords des écoles devrait faire partie des projets financés.", 0.12, 0.9),
    ("Tous les projets financés doivent être accessibles aux personnes en situation de handicap.", 0.95, 0.92),
    ("Chaque quartier devrait compter au moins un projet lauréat.", 0.85, 0.88),
    ("Il faut planter des arbres fruitiers en libre cueillette dans les parcs.", 0.9, 0.25),
    ("Refaire les trottoirs abîmés passe avant tout nouvel équipement.", 0.25, 0.9),
    ("Une part du budget devrait être réservée aux projets proposés par les jeunes.", 0.8, 0.4),
    ("Le budget participatif devrait être réduit au profit d'une baisse des impôts locaux.", 0.05, 0.6),
    ("Chacun doit pouvoir suivre en ligne l'avancement de chaque chantier lauréat.", 0.92, 0.88),
    ("Un éclairage public plus puissant la nuit rendrait les rues plus sûres.", 0.2, 0.9),
    ("La rue du Marché devrait devenir piétonne le week-end.", 0.9, 0.1),
    ("Les aires de jeux vétustes doivent être rénovées en priorité.", 0.7, 0.75),
    ("Les projets écartés doivent recevoir une réponse motivée et publique.", 0.92, 0.88),
)
PENDING = (
    "Il faudrait des toilettes publiques près de la halle du marché.",
    "Des bancs à l'ombre le long du quai aideraient les personnes âgées à sortir.",
)


def seed(stdout: TextIO) -> None:
    demarche = Demarche.objects.filter(slug=DEMARCHE_SLUG).first()
    if demarche is not None:
        _seed_budget(demarche, stdout)
    _seed_polis_example(stdout)


def _seed_budget(demarche: Demarche, stdout: TextIO) -> None:
    config, _created = DemarcheComponent.objects.get_or_create(
        demarche=demarche, name=COMPONENT_NAME, defaults={"position": 1, "settings": {"moderation": Moderation.PRE}}
    )
    demarche = Demarche.objects.prefetch_related("components", "phases").get(pk=demarche.pk)
    conversation = actions.conversation_ensure(demarche=demarche, config=config)
    if not conversation.statements.exists():
        _seed_votes(conversation)
    if not conversation.runs.filter(status=OpinionRun.Status.DONE).exists():
        actions.opinion_run_now(conversation=conversation)
    run = conversation.runs.filter(status=OpinionRun.Status.DONE).order_by("-finished_at").first()
    stdout.write(
        f"  carte des opinions : {conversation.statements.count()} propositions, "
        f"{conversation.participants.count()} participant·es, {run.k if run else 0} groupes"
    )


def _seed_votes(conversation: Conversation) -> None:
    rng = random.Random(RANDOM_SEED)
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
        .exclude(email__in=NOT_VOTING)
        .order_by("pk")
    )
    residents = [u for u in people if u.email != PARTIAL_VOTER and u.quartier_id is not None] or people
    now = timezone.now()
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                text=text,
                author=residents[index % len(residents)],
                status=Statement.Status.ACCEPTED,
                created_at=now - datetime.timedelta(days=20 - index),
            )
            for index, (text, _nature, _roads) in enumerate(STATEMENTS)
        ]
    )
    Statement.objects.bulk_create(
        [
            Statement(
                conversation=conversation,
                text=text,
                author=residents[(index + 5) % len(residents)],
                status=Statement.Status.PENDING,
                created_at=now - datetime.timedelta(hours=3 - index),
            )
            for index, text in enumerate(PENDING)
        ]
    )
    statements = list(conversation.statements.filter(status=Statement.Status.ACCEPTED).order_by("pk"))
    Participant.objects.bulk_create(
        [Participant(conversation=conversation, user=user, created_at=now) for user in people]
    )
    participants = list(conversation.participants.select_related("user").order_by("pk"))
    votes = []
    for position, participant in enumerate(participants):
        assert participant.user is not None
        nature = position % 5 < 3  # three people in five lean "nature", two "roads"
        if participant.user.email == PARTIAL_VOTER:
            chosen = statements[:5]
        else:
            chosen = rng.sample(statements, rng.randint(11, len(statements)))
        for statement in chosen:
            index = statements.index(statement)
            _text, p_nature, p_roads = STATEMENTS[index]
            p_agree = p_nature if nature else p_roads
            draw = rng.random()
            value = (
                Vote.Value.PASS
                if draw < 0.08
                else (Vote.Value.AGREE if draw < 0.06 + 0.94 * p_agree else Vote.Value.DISAGREE)
            )
            if statement.author_id == participant.user.pk:
                value = Vote.Value.AGREE  # as in Pol.is, an author agrees with their own statement
            moment = now - datetime.timedelta(days=rng.randint(0, 15), minutes=rng.randint(0, 600))
            votes.append(
                Vote(
                    conversation=conversation,
                    statement=statement,
                    participant=participant,
                    value=int(value),
                    created_at=moment,
                    updated_at=moment,
                )
            )
    Vote.objects.bulk_create(votes)
    Conversation.objects.filter(pk=conversation.pk).update(dirty_since=now)


def _seed_polis_example(stdout: TextIO) -> None:
    """A real Pol.is conversation, imported as a standalone map (agents and moderators see it)."""
    if not POLIS_EXAMPLE.is_dir():
        return
    conversation = Conversation.objects.filter(imported_from=POLIS_EXAMPLE_SOURCE).first()
    if conversation is None:
        conversation = actions.conversation_import_polis(
            directory=POLIS_EXAMPLE,
            title="Exemple importé de Pol.is : la jeunesse et le contrôle de la police à Londres",
            topic=(
                "What is the best way to engage more young people in local scrutiny of policing? "
                "Données recueillies avec Pol.is (compdemocracy.org/polis), sous licence CC BY 4.0, "
                "attribution : The Computational Democracy Project."
            ),
            source=POLIS_EXAMPLE_SOURCE,
        )
    if not conversation.runs.filter(status=OpinionRun.Status.DONE).exists():
        actions.opinion_run_now(conversation=conversation)
    stdout.write(f"  carte des opinions importée de Pol.is : conversation {conversation.pk}")
