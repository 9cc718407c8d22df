"""Demo démarches of Ville de Bellerive: the platform charter and three démarches.

Idempotent: démarches, phases and components are keyed on natural keys (slug, phase kind,
component name) and rule versions are only appended while a rulebook has fewer than the
demo expects. Phase dates are relative to today, so the demo stays in the intended phase
whatever day it is run (re-running moves the dates, nothing else).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.territory.models import Department, Quartier, Theme

from . import actions
from .models import Audience, Demarche, DemarcheComponent, Phase, PhaseKind, Rulebook
from .registry import registry

DEMO_DOMAIN = "demo.bellerive.example"
RULES_AUTHOR_EMAIL = f"adjointe.participation@{DEMO_DOMAIN}"


@dataclass(frozen=True)
class VersionSpec:
    """One rule version to publish. `effective` is an absolute date or a number of days relative to today."""

    effective: datetime.date | int
    change_note: str
    text: str
    who_may_take_part: str
    decider: str
    what_happens_to_contributions: str = ""
    support_threshold: int | None = None
    answer_deadline_days: int | None = None
    reopen_threshold: int | None = None


@dataclass(frozen=True)
class PhaseSpec:
    kind: str
    starts: int  # days relative to today
    ends: int | None
    description: str


@dataclass(frozen=True)
class DemarcheSpec:
    slug: str
    title: str
    framing_question: str
    context: str
    audience: str
    themes: tuple[str, ...]
    quartiers: tuple[str, ...]
    phases: tuple[PhaseSpec, ...]
    rulebook_title: str
    versions: tuple[VersionSpec, ...]
    pseudonymous: bool = False
    component_settings: dict[str, object] = field(default_factory=dict)
    # Who runs it: the managing department's slug and the team's email local parts.
    managing_department: str = ""
    team: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Platform charter
# ---------------------------------------------------------------------------

CHARTER_TITLE = "Charte de la participation de Bellerive"

CHARTER_WHO = (
    "Toute personne qui habite, travaille, étudie ou scolarise ses enfants à Bellerive, "
    "sans condition d'âge ni de nationalité."
)
CHARTER_WHAT = (
    "Chaque contribution est lue, orientée vers le service compétent et reçoit un statut public. "
    "Les décisions prises sont expliquées et suivies jusqu'à leur réalisation."
)
CHARTER_DECIDER = (
    "Le conseil municipal pour le budget et les projets, le maire pour les mesures de police, "
    "l'adjointe à la participation pour la conduite des démarches."
)

CHARTER_V1_TEXT = """\
## Pourquoi cette charte

La Ville de Bellerive associe les habitantes et les habitants aux décisions qui les concernent.
Cette charte fixe les règles du jeu, pour toutes les démarches ouvertes sur la plateforme : qui peut
participer, comment les échanges se déroulent, ce que deviennent les contributions et qui décide.
Elle engage la municipalité.

## Qui peut participer

Toute personne qui habite, travaille, étudie ou scolarise ses enfants à Bellerive peut participer,
sans condition d'âge ni de nationalité. Les moins de 15 ans participent avec l'accord d'un parent.

Il est possible de contribuer en ligne, mais aussi sur papier, par téléphone, par courriel, à l'accueil
de l'hôtel de ville ou lors des réunions publiques : ces contributions sont saisies par les agents
d'accueil et comptent exactement comme les autres.

Certaines démarches sont réservées à un public précis (agents de la Ville, habitants d'un quartier,
personnes invitées) : leur règlement le précise.

## Respect et modération

- On débat des idées, pas des personnes : pas d'insulte, de propos discriminatoires, de harcèlement
  ni de menace.
- On ne publie pas d'informations personnelles sur autrui (nom, adresse, plaque d'immatriculation…).
- Les contributions publicitaires, électorales ou sans rapport avec la démarche peuvent être masquées.
- La modération est assurée par l'équipe de la participation. Toute contribution masquée l'est avec un
  motif visible, et son auteur en est informé.

## Ce que deviennent les contributions

1. Chaque contribution est lue et orientée vers le service compétent dans un délai de 15 jours.
2. Elle reçoit un statut public : en cours d'examen, retenue, retenue avec modifications, déjà prévue,
   non retenue, hors compétence de la commune.
3. Toute décision de ne pas retenir une contribution est motivée.
4. Les contributions retenues font l'objet d'un suivi public jusqu'à leur réalisation.

## La réponse garantie

Toute contribution qui réunit **50 soutiens** reçoit une **réponse publique et motivée** de la
municipalité dans un délai de **60 jours**. La réponse indique ce qui sera fait, par qui et quand, ou
explique pourquoi ce ne sera pas fait.

Si 10 personnes indiquent qu'une réalisation annoncée n'a pas eu lieu, le suivi est rouvert et le
service concerné doit répondre à nouveau.

## Qui décide

La participation éclaire la décision, elle ne la remplace pas :

- le **conseil municipal** vote le budget, y compris le budget participatif, et les projets
  d'aménagement ;
- le **maire** prend les mesures de police (circulation, stationnement, tranquillité publique) ;
- l'**adjointe à la participation** conduit les démarches, veille au respect de cette charte et
  rend compte chaque année de la participation devant le conseil municipal.

## Données personnelles

Votre nom réel n'est jamais affiché : seul votre pseudonyme l'est. Les données sont traitées par la
Ville de Bellerive pour conduire les démarches de participation, conservées trois ans après la
clôture de chaque démarche et ne sont jamais cédées. Vous pouvez exercer vos droits auprès du délégué
à la protection des données : dpo@bellerive.example.
"""

CHARTER_V2_TEXT = """\
## Pourquoi cette charte

La Ville de Bellerive associe les habitantes et les habitants aux décisions qui les concernent.
Cette charte fixe les règles du jeu, pour toutes les démarches ouvertes sur la plateforme : qui peut
participer, comment les échanges se déroulent, ce que deviennent les contributions et qui décide.
Elle engage la municipalité.

## Qui peut participer

Toute personne qui habite, travaille, étudie ou scolarise ses enfants à Bellerive peut participer,
sans condition d'âge ni de nationalité. Les moins de 15 ans participent avec l'accord d'un parent.

Il est possible de contribuer en ligne, mais aussi sur papier, par téléphone, par courriel, à l'accueil
de l'hôtel de ville ou lors des réunions publiques : ces contributions sont saisies par les agents
d'accueil et comptent exactement comme les autres.

Certaines démarches sont réservées à un public précis (agents de la Ville, habitants d'un quartier,
personnes invitées) : leur règlement le précise.

## Respect et modération

- On débat des idées, pas des personnes : pas d'insulte, de propos discriminatoires, de harcèlement
  ni de menace.
- On ne publie pas d'informations personnelles sur autrui (nom, adresse, plaque d'immatriculation…).
- Les contributions publicitaires, électorales ou sans rapport avec la démarche peuvent être masquées.
- La modération est assurée par l'équipe de la participation. Toute contribution masquée l'est avec un
  motif visible, et son auteur en est informé.

## Contester une décision de modération

Si l'une de vos contributions ou l'un de vos commentaires est masqué, vous pouvez demander un
réexamen dans les 30 jours, depuis la page de la contribution ou en écrivant à
participation@bellerive.example. Le réexamen est fait par une personne qui n'a pas pris la première
décision, et la réponse vous parvient sous 15 jours. Le nombre de contestations et leur issue sont
publiés dans le bilan annuel de la participation.

## Ce que deviennent les contributions

1. Chaque contribution est lue et orientée vers le service compétent dans un délai de 15 jours.
2. Elle reçoit un statut public : en cours d'examen, retenue, retenue avec modifications, déjà prévue,
   non retenue, hors compétence de la commune.
3. Toute décision de ne pas retenir une contribution est motivée.
4. Les contributions retenues font l'objet d'un suivi public jusqu'à leur réalisation.

## La réponse garantie

Toute contribution qui réunit **30 soutiens** reçoit une **réponse publique et motivée** de la
municipalité dans un délai de **45 jours**. La réponse indique ce qui sera fait, par qui et quand, ou
explique pourquoi ce ne sera pas fait.

Si 10 personnes indiquent qu'une réalisation annoncée n'a pas eu lieu, le suivi est rouvert et le
service concerné doit répondre à nouveau.

## Qui décide

La participation éclaire la décision, elle ne la remplace pas :

- le **conseil municipal** vote le budget, y compris le budget participatif, et les projets
  d'aménagement ;
- le **maire** prend les mesures de police (circulation, stationnement, tranquillité publique) ;
- l'**adjointe à la participation** conduit les démarches, veille au respect de cette charte et
  rend compte chaque année de la participation devant le conseil municipal.

## Données personnelles

Votre nom réel n'est jamais affiché : seul votre pseudonyme l'est. Les données sont traitées par la
Ville de Bellerive pour conduire les démarches de participation, conservées trois ans après la
clôture de chaque démarche et ne sont jamais cédées. Vous pouvez exercer vos droits auprès du délégué
à la protection des données : dpo@bellerive.example.
"""

CHARTER_VERSIONS = (
    VersionSpec(
        effective=datetime.date(2026, 1, 15),
        change_note="Première version de la charte, adoptée par le conseil municipal du 12 janvier 2026.",
        text=CHARTER_V1_TEXT,
        who_may_take_part=CHARTER_WHO,
        what_happens_to_contributions=CHARTER_WHAT,
        support_threshold=50,
        answer_deadline_days=60,
        decider=CHARTER_DECIDER,
        reopen_threshold=10,
    ),
    VersionSpec(
        effective=datetime.date(2026, 9, 1),
        change_note=(
            "Après le bilan des six premiers mois : la réponse garantie est due dès 30 soutiens (au lieu de 50) "
            "et sous 45 jours (au lieu de 60) ; ajout d'un droit de contester une décision de modération."
        ),
        text=CHARTER_V2_TEXT,
        who_may_take_part=CHARTER_WHO,
        what_happens_to_contributions=CHARTER_WHAT,
        support_threshold=30,
        answer_deadline_days=45,
        decider=CHARTER_DECIDER,
        reopen_threshold=10,
    ),
)


# ---------------------------------------------------------------------------
# Démarche a: safer streets around the schools of La Gare
# ---------------------------------------------------------------------------

SECURITE_CONTEXT = """\
Le quartier de La Gare accueille trois établissements scolaires à quelques centaines de mètres les uns
des autres : l'école maternelle des Cerisiers, l'école élémentaire Jules-Ferry et le collège
Jean-Moulin. Près de 900 enfants et adolescents y arrivent chaque matin, souvent au moment où la
circulation vers la gare et l'avenue de Verdun est la plus dense.

Les parents d'élèves, les enseignants et le conseil de quartier signalent depuis plusieurs années des
situations dangereuses : stationnement en double file rue des Écoles, traversées difficiles au
carrefour de la gare, trottoirs étroits rue Pasteur, vitesse excessive avenue de Verdun. Un relevé de
vitesse réalisé en mars 2026 a mesuré 22 % de véhicules au-dessus de 30 km/h devant Jules-Ferry.

**Ce que nous vous demandons** : signalez les endroits où vous, ou vos enfants, ne vous sentez pas en
sécurité, proposez des aménagements et posez vos questions. Les services de la voirie et de
l'enfance étudieront chaque contribution.

**Le cadre** : une enveloppe de 180 000 € est inscrite au budget 2027 pour les aménagements
(marquages, plateaux, potelets, éclairage, stationnement vélo). Les rues à fermer aux heures
d'entrée et de sortie (« rues aux écoles ») relèvent d'un arrêté du maire. L'avenue de Verdun est une
route départementale : les aménagements y sont décidés avec le Département.

**Le calendrier** : après la collecte, les services analysent les propositions avec les écoles et le
conseil de quartier, puis le maire arrête les mesures de circulation et le conseil municipal vote
les travaux. Les premiers aménagements sont prévus pendant les vacances de printemps.
"""

SECURITE_RULES = """\
## Règlement de la démarche « Des abords d'écoles plus sûrs à La Gare »

Cette démarche applique la charte de la participation de Bellerive, avec les précisions suivantes.

**Qui peut participer** : toute personne concernée par les trajets vers l'école maternelle des
Cerisiers, l'école Jules-Ferry et le collège Jean-Moulin — habitants du quartier, parents, élèves,
enseignants, commerçants —, quel que soit son lieu de résidence.

**Ce qui est attendu** : des problèmes situés précisément (rue, carrefour, horaire), des idées
d'aménagement et des questions. Les contributions hors du périmètre du quartier de La Gare sont
transmises au service voirie mais ne sont pas étudiées dans cette démarche.

**Réponse garantie** : toute contribution réunissant 20 soutiens reçoit une réponse motivée du
service voirie et de l'adjointe à la participation sous 45 jours.

**Qui décide** : le maire pour les mesures de circulation et de stationnement (arrêtés), le conseil
municipal pour les travaux, après avis du conseil de quartier de La Gare. Pour l'avenue de Verdun,
la décision est prise avec le Département.

**Restitution** : une réunion publique à l'école Jules-Ferry présentera les mesures retenues et
celles qui ne le sont pas, avec leurs raisons.
"""

SECURITE = DemarcheSpec(
    slug="securite-rue-ecoles",
    managing_department="voirie",
    team=("adjointe.participation",),
    title="Des abords d'écoles plus sûrs à La Gare",
    framing_question=(
        "Comment rendre les rues autour des écoles du quartier de La Gare plus sûres "
        "pour les enfants qui s'y rendent à pied ou à vélo ?"
    ),
    context=SECURITE_CONTEXT,
    audience=Audience.EVERYONE,
    themes=("voirie", "mobilite", "enfance", "securite"),
    quartiers=("la-gare",),
    phases=(
        PhaseSpec(
            PhaseKind.COLLECTE,
            -20,
            25,
            "Signalez les points dangereux, proposez des aménagements et posez vos questions, en ligne ou "
            "sur les cahiers déposés dans les écoles.",
        ),
        PhaseSpec(
            PhaseKind.EXPLORATION,
            26,
            55,
            "Les services voirie et enfance étudient les contributions et les testent sur le terrain "
            "avec les écoles et le conseil de quartier.",
        ),
        PhaseSpec(
            PhaseKind.ARBITRAGE,
            56,
            80,
            "Le maire arrête les mesures de circulation, le conseil municipal vote les travaux ; "
            "chaque contribution reçoit une réponse.",
        ),
        PhaseSpec(
            PhaseKind.MISE_EN_OEUVRE,
            81,
            260,
            "Réalisation des aménagements, suivi public de l'avancement et bilan un an après.",
        ),
    ),
    rulebook_title="Règlement — Des abords d'écoles plus sûrs à La Gare",
    versions=(
        VersionSpec(
            effective=-27,
            change_note="Règlement de la démarche, publié avant l'ouverture de la collecte.",
            text=SECURITE_RULES,
            who_may_take_part=(
                "Toute personne concernée par les trajets vers les écoles des Cerisiers, Jules-Ferry et "
                "le collège Jean-Moulin : habitants, parents, élèves, enseignants, commerçants."
            ),
            what_happens_to_contributions=(
                "Chaque contribution est étudiée par les services voirie et enfance, puis retenue, "
                "retenue avec modifications ou non retenue avec une réponse motivée."
            ),
            support_threshold=20,
            answer_deadline_days=45,
            decider=(
                "Le maire (arrêtés de circulation) et le conseil municipal (travaux), après avis du conseil "
                "de quartier de La Gare."
            ),
            reopen_threshold=10,
        ),
    ),
)


# ---------------------------------------------------------------------------
# Démarche b: participatory budget 2027
# ---------------------------------------------------------------------------

BUDGET_CONTEXT = """\
Pour la troisième année, la Ville de Bellerive consacre **500 000 €** de son budget
d'investissement à des projets proposés par les habitantes et les habitants.

**Quels projets ?** Des projets d'intérêt général, situés à Bellerive, qui relèvent des compétences de
la commune et représentent une dépense d'investissement (aménagement, équipement, travaux) : une aire
de jeux, un jardin partagé, des bancs, un abri vélos, la végétalisation d'une cour d'école… Les
dépenses de fonctionnement (salaires, subventions, événements récurrents) ne sont pas éligibles.
Un projet ne peut pas dépasser 150 000 €.

**Comment ça marche ?** La collecte des idées est terminée. Les services étudient maintenant la
faisabilité technique, juridique et le coût de chaque proposition ; les idées proches sont
rapprochées, avec l'accord de leurs auteurs. Vous pouvez encore soutenir et commenter les idées
déposées.

**Qui décide ?** Les projets jugés réalisables sont soumis au vote des habitants au printemps 2027.
Les projets lauréats, dans la limite des 500 000 €, sont inscrits au budget par le conseil
municipal, qui s'est engagé à respecter le résultat du vote. Au moins 50 000 € sont réservés aux
projets des quartiers de La Plaine-Saint-Martin et de Bois-Joli.

**Et après ?** Les projets sont réalisés en 2027 et 2028 ; leur avancement est publié sur cette page.
"""

BUDGET_RULES_V1 = """\
## Règlement du budget participatif 2027

**Enveloppe** : 500 000 € d'investissement, dont 50 000 € au moins réservés aux quartiers de La
Plaine-Saint-Martin et de Bois-Joli.

**Qui peut proposer** : toute personne qui habite, travaille ou étudie à Bellerive, dès 11 ans, ainsi
que les associations et les conseils de quartier. Les élus municipaux ne peuvent pas déposer de projet.

**Critères de recevabilité** :

- le projet relève des compétences de la commune et se situe sur le domaine public communal ;
- c'est une dépense d'investissement, d'un coût estimé inférieur à 150 000 € ;
- il est d'intérêt général et ne génère pas de frais de fonctionnement disproportionnés ;
- il est suffisamment précis pour être étudié.

**Étude** : chaque idée est étudiée par le service compétent et par le service des finances. Une idée
écartée l'est avec une réponse motivée publiée sur la plateforme.

**Vote** : chaque participant peut voter pour 3 projets au plus. Les projets sont retenus par ordre
de voix jusqu'à épuisement de l'enveloppe.

**Décision** : le conseil municipal inscrit les projets lauréats au budget et s'engage à respecter le
résultat du vote.
"""

BUDGET_RULES_V2 = """\
## Règlement du budget participatif 2027

**Enveloppe** : 500 000 € d'investissement, dont 50 000 € au moins réservés aux quartiers de La
Plaine-Saint-Martin et de Bois-Joli.

**Qui peut proposer** : toute personne qui habite, travaille ou étudie à Bellerive, dès 11 ans, ainsi
que les associations et les conseils de quartier. Les élus municipaux ne peuvent pas déposer de projet.

**Critères de recevabilité** :

- le projet relève des compétences de la commune et se situe sur le domaine public communal ;
- c'est une dépense d'investissement, d'un coût estimé inférieur à 150 000 € ;
- il est d'intérêt général et ne génère pas de frais de fonctionnement disproportionnés ;
- il est suffisamment précis pour être étudié.

**Étude** : chaque idée est étudiée par le service compétent et par le service des finances. Une idée
écartée l'est avec une réponse motivée publiée sur la plateforme. Les idées proches peuvent être
regroupées en un seul projet, avec l'accord de leurs auteurs ; chaque auteur est informé du
regroupement et peut s'y opposer dans les 10 jours.

**Comité de suivi** : un comité de douze habitants tirés au sort parmi les volontaires assiste à
l'étude des projets et peut demander le réexamen d'une idée écartée.

**Vote** : chaque participant peut voter pour 3 projets au plus. Les projets sont retenus par ordre
de voix jusqu'à épuisement de l'enveloppe.

**Décision** : le conseil municipal inscrit les projets lauréats au budget et s'engage à respecter le
résultat du vote.
"""

BUDGET_WHO = (
    "Toute personne qui habite, travaille ou étudie à Bellerive, dès 11 ans, ainsi que les associations "
    "et les conseils de quartier."
)
BUDGET_WHAT = (
    "Chaque idée est étudiée (faisabilité, coût) ; les projets réalisables sont soumis au vote des "
    "habitants, les idées écartées reçoivent une réponse motivée."
)
BUDGET_DECIDER = "Les habitants par leur vote ; le conseil municipal inscrit les projets lauréats au budget."

BUDGET = DemarcheSpec(
    slug="budget-participatif-2027",
    managing_department="finances",
    team=("adjointe.participation", "n.perrin"),
    title="Budget participatif 2027",
    framing_question=(
        "Quels projets voulez-vous voir réaliser à Bellerive avec les 500 000 € du budget participatif 2027 ?"
    ),
    context=BUDGET_CONTEXT,
    audience=Audience.EVERYONE,
    themes=(
        "voirie",
        "mobilite",
        "espaces-verts",
        "proprete",
        "enfance",
        "jeunesse",
        "culture",
        "sport",
        "solidarites",
        "environnement",
    ),
    quartiers=(),  # the whole commune
    phases=(
        PhaseSpec(
            PhaseKind.COLLECTE,
            -65,
            -5,
            "Dépôt des idées de projets, en ligne, dans les boîtes à idées des mairies de quartier et "
            "lors des ateliers.",
        ),
        PhaseSpec(
            PhaseKind.EXPLORATION,
            -4,
            60,
            "Les services étudient la faisabilité et le coût de chaque idée ; vous pouvez encore soutenir "
            "et commenter les idées.",
        ),
        PhaseSpec(
            PhaseKind.ARBITRAGE,
            61,
            100,
            "Vote des habitants sur les projets réalisables, puis inscription des lauréats au budget par "
            "le conseil municipal.",
        ),
        PhaseSpec(
            PhaseKind.MISE_EN_OEUVRE,
            101,
            650,
            "Réalisation des projets lauréats en 2027 et 2028, avec un suivi public de chaque chantier.",
        ),
    ),
    rulebook_title="Règlement du budget participatif 2027",
    versions=(
        VersionSpec(
            effective=-75,
            change_note="Règlement adopté par le conseil municipal avant l'ouverture du dépôt des idées.",
            text=BUDGET_RULES_V1,
            who_may_take_part=BUDGET_WHO,
            what_happens_to_contributions=BUDGET_WHAT,
            support_threshold=30,
            answer_deadline_days=45,
            decider=BUDGET_DECIDER,
            reopen_threshold=10,
        ),
        VersionSpec(
            effective=-4,
            change_note=(
                "Pour la phase d'étude : les idées proches peuvent être regroupées avec l'accord de leurs "
                "auteurs, et un comité de suivi de douze habitants tirés au sort assiste à l'étude."
            ),
            text=BUDGET_RULES_V2,
            who_may_take_part=BUDGET_WHO,
            what_happens_to_contributions=BUDGET_WHAT,
            support_threshold=30,
            answer_deadline_days=45,
            decider=BUDGET_DECIDER,
            reopen_threshold=10,
        ),
    ),
)


# ---------------------------------------------------------------------------
# Démarche c: the reception desk of the town hall (agents only)
# ---------------------------------------------------------------------------

ACCUEIL_CONTEXT = """\
L'accueil de l'hôtel de ville reçoit en moyenne 220 personnes par jour et le standard environ
350 appels. Les demandes de cartes d'identité et de passeports ont augmenté de 40 % en deux ans, les
délais de rendez-vous dépassent six semaines au printemps et la salle d'attente est saturée le lundi
matin et le samedi.

Avant de réorganiser l'accueil en 2027, la direction générale des services souhaite recueillir les
idées de celles et ceux qui le vivent au quotidien : agents d'accueil et d'état civil, mais aussi
tous les services qui reçoivent du public ou qui sont sollicités par l'accueil.

**Cette démarche est réservée aux agents de la Ville** et vos contributions sont **pseudonymes** :
votre nom n'est affiché à personne, y compris à votre hiérarchie. Parlez librement de ce qui bloque
(prise de rendez-vous, file d'attente, signalétique, horaires, formulaires, outils, conditions de
travail) et de ce qui pourrait être amélioré.

**Le cadre** : 40 000 € sont prévus pour l'aménagement de l'accueil et les outils numériques. Les
horaires d'ouverture relèvent d'une décision du maire après avis du comité social territorial.

**La suite** : un groupe de travail d'agents volontaires étudiera les propositions au début de
l'année ; le directeur général des services présentera le plan retenu en comité de direction, puis
à tous les agents.
"""

ACCUEIL_RULES = """\
## Règlement de la démarche interne « Simplifier l'accueil du public »

**Qui peut participer** : les agents de la Ville de Bellerive et du CCAS, titulaires et contractuels,
quel que soit leur service.

**Pseudonymat** : les contributions et commentaires sont publiés sans le nom de leur auteur. Seule
l'équipe de modération peut, en cas de manquement à la charte, savoir qui a écrit un message. Aucune
information sur les auteurs n'est transmise à la hiérarchie.

**Respect** : on parle des situations et de l'organisation, jamais d'un collègue ou d'un usager
nommément.

**Réponse garantie** : toute contribution réunissant 10 soutiens reçoit une réponse motivée de la
direction générale des services sous 30 jours.

**Qui décide** : le directeur général des services, après avis du groupe de travail et du comité de
direction ; le maire pour les horaires d'ouverture, après avis du comité social territorial.
"""

ACCUEIL = DemarcheSpec(
    slug="accueil-du-public",
    managing_department="accueil",
    title="Simplifier l'accueil du public à l'hôtel de ville",
    framing_question=(
        "Comment simplifier l'accueil du public à l'hôtel de ville, pour les usagers comme pour les agents ?"
    ),
    context=ACCUEIL_CONTEXT,
    audience=Audience.AGENTS,
    themes=("etat-civil", "numerique"),
    quartiers=("centre-ville",),
    pseudonymous=True,
    phases=(
        PhaseSpec(
            PhaseKind.COLLECTE,
            -12,
            30,
            "Partagez ce qui bloque à l'accueil et vos idées pour l'améliorer ; soutenez les idées de vos collègues.",
        ),
        PhaseSpec(
            PhaseKind.EXPLORATION,
            31,
            75,
            "Un groupe de travail d'agents volontaires étudie les propositions et teste les plus simples.",
        ),
        PhaseSpec(
            PhaseKind.ARBITRAGE,
            76,
            95,
            "Le directeur général des services présente le plan retenu en comité de direction et répond "
            "à chaque proposition.",
        ),
        PhaseSpec(
            PhaseKind.MISE_EN_OEUVRE,
            96,
            280,
            "Mise en place progressive des mesures retenues, avec un point d'étape tous les trois mois.",
        ),
    ),
    rulebook_title="Règlement — Simplifier l'accueil du public",
    versions=(
        VersionSpec(
            effective=-19,
            change_note="Règlement de la démarche interne, publié avant l'ouverture de la collecte.",
            text=ACCUEIL_RULES,
            who_may_take_part="Les agents de la Ville de Bellerive et du CCAS, titulaires et contractuels.",
            what_happens_to_contributions=(
                "Étudiées par un groupe de travail d'agents volontaires ; chaque proposition reçoit une "
                "réponse de la direction générale des services."
            ),
            support_threshold=10,
            answer_deadline_days=30,
            decider=(
                "Le directeur général des services, après avis du comité de direction ; le maire pour les "
                "horaires d'ouverture."
            ),
            reopen_threshold=5,
        ),
    ),
)

DEMARCHES = (SECURITE, BUDGET, ACCUEIL)


def _effective_at(effective: datetime.date | int, today: datetime.date) -> datetime.datetime:
    day = effective if isinstance(effective, datetime.date) else today + datetime.timedelta(days=effective)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 0)))


def _publish_missing(rulebook: Rulebook, versions: tuple[VersionSpec, ...], author: User | None) -> int:
    """Publish the versions the rulebook does not have yet (none on a re-run)."""
    today = timezone.localdate()
    existing = rulebook.versions.count()
    for spec in versions[existing:]:
        actions.rule_version_publish(
            rulebook=rulebook,
            text=spec.text,
            change_note=spec.change_note,
            who_may_take_part=spec.who_may_take_part,
            decider=spec.decider,
            effective_at=_effective_at(spec.effective, today),
            what_happens_to_contributions=spec.what_happens_to_contributions,
            support_threshold=spec.support_threshold,
            answer_deadline_days=spec.answer_deadline_days,
            reopen_threshold=spec.reopen_threshold,
            author=author,
        )
    return max(0, len(versions) - existing)


def _seed_demarche(spec: DemarcheSpec, author: User | None) -> tuple[Demarche, int]:
    today = timezone.localdate()
    demarche, created = Demarche.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "title": spec.title,
            "framing_question": spec.framing_question,
            "context": spec.context,
            "audience": spec.audience,
            "status": Demarche.Status.PUBLISHED,
            "pseudonymous": spec.pseudonymous,
            "managing_department": Department.objects.filter(slug=spec.managing_department).first(),
        },
    )
    demarche.team.set(User.objects.filter(email__in=[f"{local}@{DEMO_DOMAIN}" for local in spec.team]))
    if created and author is not None:
        demarche.created_by = author
        demarche.save(update_fields=["created_by"])
    demarche.themes.set(Theme.objects.filter(slug__in=spec.themes))
    demarche.quartiers.set(Quartier.objects.filter(slug__in=spec.quartiers))
    for position, phase in enumerate(spec.phases):
        Phase.objects.update_or_create(
            demarche=demarche,
            kind=phase.kind,
            defaults={
                "position": position,
                "starts_on": today + datetime.timedelta(days=phase.starts),
                "ends_on": None if phase.ends is None else today + datetime.timedelta(days=phase.ends),
                "description": phase.description,
            },
        )
    DemarcheComponent.objects.get_or_create(
        demarche=demarche, name="contributions", defaults={"position": 0, "settings": spec.component_settings}
    )
    rulebook, _created = Rulebook.objects.get_or_create(demarche=demarche, defaults={"title": spec.rulebook_title})
    published = _publish_missing(rulebook, spec.versions, author)
    return demarche, published


def seed(stdout: TextIO) -> None:
    author = User.objects.filter(email=RULES_AUTHOR_EMAIL).first()
    charter, _created = Rulebook.objects.get_or_create(demarche=None, title=CHARTER_TITLE)
    published = _publish_missing(charter, CHARTER_VERSIONS, author)
    for spec in DEMARCHES:
        _demarche, count = _seed_demarche(spec, author)
        published += count
    stdout.write(
        f"  démarches : charte de la participation et {len(DEMARCHES)} démarches "
        f"({published} versions de règles publiées)"
    )
    # Components (contributions, …) seed their own demo content once the démarches exist.
    for component in registry.all():
        if component.seed:
            component.seed(stdout)
