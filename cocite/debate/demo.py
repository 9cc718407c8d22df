"""Demo debates: hand-written threads on a dozen contributions of the two public demo démarches.

The debated objects are found by their title among the items of commentable resources
(cocite.items): the debate does not import the app they come from.

Each debate has arguments for, against and nuanced, replies (one thread deep enough to be
shown flat), a few "utile" marks, and, for most, the official answer of the competent
department, given by its manager. Everything goes through the debate actions, so counters
(`comment_count`, `reply_count`, `useful_count`) are exactly what the app maintains; dates
are then spread between the contribution's publication and now.

Idempotent: a contribution that already has comments is left untouched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TextIO

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cocite.accounts.models import User
from cocite.core.errors import ActionError
from cocite.items.models import Item, ItemStatus
from cocite.items.registry import registry as resources
from cocite.territory.models import Department, DepartmentMembership

from . import actions
from .models import Comment, CommentRevision, Stance

DEMO_DOMAIN = "demo.bellerive.example"
PUBLIC_DEMARCHES = ("securite-rue-ecoles", "budget-participatif-2027")
POUR, CONTRE, NUANCE = Stance.FOR, Stance.AGAINST, Stance.NUANCED


@dataclass(frozen=True)
class Say:
    """A comment: who (demo e-mail local part) says what; its replies; who finds it useful."""

    who: str
    text: str
    stance: str = ""
    replies: tuple[Say, ...] = ()
    useful: tuple[str, ...] = ()
    # The first version, edited by its author within the quarter of an hour allowed.
    edited_from: str = ""
    # Deleted by its author once answered: a tombstone stays above the replies.
    deleted: bool = False


@dataclass(frozen=True)
class Debate:
    title: str
    arguments: tuple[Say, ...]
    department: str = ""  # slug of the competent department that answers
    answer: str = ""
    signed: bool = False
    answer_replies: tuple[Say, ...] = ()


DEBATES: tuple[Debate, ...] = (
    Debate(
        title="Fermer la rue des Écoles aux voitures à l'entrée et à la sortie des classes",
        arguments=(
            Say(
                "nadia.haddad",
                "J'habite rue des Écoles et je dépose mes deux enfants à pied : le matin, c'est un parking "
                "sauvage. Une rue fermée une demi-heure, ce n'est pas la mort du commerce, c'est juste du bon "
                "sens. À Strasbourg, les parents s'y sont faits en deux semaines.",
                POUR,
                replies=(
                    Say(
                        "bernard.petit",
                        "Deux semaines pour les parents peut-être, mais les riverains âgés qui ont rendez-vous chez "
                        "le médecin à 8 h 30, ils font comment ?",
                        replies=(
                            Say(
                                "nadia.haddad",
                                "Le projet prévoit un passage pour les riverains et les secours. Il suffirait d'un "
                                "macaron, comme pour le marché du samedi.",
                                replies=(
                                    Say(
                                        "bernard.petit",
                                        "Si c'est avec un macaron distribué en mairie sans paperasse, je veux bien "
                                        "essayer.",
                                        replies=(
                                            Say(
                                                "rachid.belkacem",
                                                "Le macaron existe déjà pour le marché : il suffirait d'étendre "
                                                "son usage.",
                                            ),
                                        ),
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
                useful=("yanis.benali", "aicha.traore", "lea.dubois", "bernard.petit"),
            ),
            Say(
                "pierre.fontaine",
                "Je tiens la boulangerie au coin de la rue : entre 8 h et 8 h 45, c'est un tiers de mon "
                "chiffre du matin. Si personne ne peut s'arrêter, ces clients iront ailleurs.",
                CONTRE,
                replies=(
                    Say(
                        "lea.dubois",
                        "Beaucoup de vos clients du matin sont des parents à pied. Une rue calme, c'est aussi une "
                        "terrasse possible devant chez vous.",
                    ),
                ),
                useful=("bernard.petit", "lucas.lambert"),
            ),
            Say(
                "aicha.traore",
                "Pour une expérimentation, mais avec des barrières tenues par des agents ou des parents "
                "volontaires les premières semaines. Sinon, personne ne respectera un simple panneau.",
                NUANCE,
                useful=("nadia.haddad", "yanis.benali", "pierre.fontaine"),
                edited_from="Pour une expérimentation, avec des barrières tenues par des agents.",
            ),
            Say(
                "yanis.benali",
                "Et le bus scolaire du collège ? Il passe par la rue des Écoles à 8 h 10.",
                NUANCE,
            ),
        ),
        department="voirie",
        answer=(
            "Merci pour ces échanges. Le service voirie propose une expérimentation de « rue aux écoles » "
            "pendant huit semaines après les vacances de printemps : fermeture de 8 h 15 à 8 h 45 et de "
            "16 h 15 à 16 h 45, passage permis aux riverains (macaron du marché), aux secours et au bus "
            "scolaire, qui décalera son arrêt de 50 mètres. Un bilan sera présenté au conseil de quartier, "
            "avec les commerçants."
        ),
        answer_replies=(
            Say(
                "pierre.fontaine",
                "Merci. Nous demandons que les commerçants soient associés au bilan dès le départ.",
                useful=("bernard.petit",),
            ),
        ),
    ),
    Debate(
        title="Stationnement en double file rue des Écoles à 8 h 20",
        arguments=(
            Say(
                "rachid.belkacem",
                "Il faut d'abord verbaliser. Les règles existent, elles ne sont juste jamais appliquées à "
                "l'heure où ça compte.",
                POUR,
                useful=("nadia.haddad", "aicha.traore"),
            ),
            Say(
                "antoine.leroy",
                "Certains parents déposent leur enfant en allant au travail, à 15 km d'ici, sans autre "
                "solution. Avant de verbaliser, proposons une dépose-minute au parking de la gare.",
                NUANCE,
                replies=(
                    Say(
                        "yanis.benali",
                        "La dépose-minute au parking de la gare existe déjà… mais personne ne le sait. Un panneau "
                        "suffirait peut-être.",
                        useful=("antoine.leroy",),
                    ),
                ),
                useful=("sophie.lefebvre", "rachid.belkacem", "bernard.petit"),
            ),
            Say(
                "bernard.petit",
                "Je ne vois pas le problème : trente secondes d'arrêt, le temps que l'enfant descende.",
                CONTRE,
                replies=(
                    Say(
                        "aicha.traore",
                        "Trente secondes multipliées par quarante voitures, avec des enfants qui descendent côté "
                        "chaussée : c'est exactement là qu'est le danger.",
                        useful=("nadia.haddad", "lea.dubois"),
                    ),
                ),
            ),
        ),
        department="voirie",
        answer=(
            "Une signalisation de la dépose-minute du parking de la gare sera posée d'ici un mois, et la "
            "police municipale sera présente aux heures d'entrée pendant les trois semaines qui suivront, "
            "d'abord en prévention."
        ),
    ),
    Debate(
        title="Traverser au carrefour de la gare, c'est la loterie",
        arguments=(
            Say(
                "aicha.traore",
                "Un vert piéton sans voitures qui tournent, c'est ce qui se fait partout ailleurs. Les collégiens "
                "traversent en courant parce qu'ils ont peur.",
                POUR,
                useful=("yanis.benali", "nadia.haddad", "rachid.belkacem"),
            ),
            Say(
                "olivier.vincent",
                "Un feu plus long pour les piétons, c'est aussi des bouchons jusqu'au pont aux heures de pointe. "
                "Il faudrait mesurer avant de décider.",
                NUANCE,
                replies=(
                    Say(
                        "lea.dubois",
                        "Le relevé de mars montre surtout de la vitesse, pas des bouchons. Et la sécurité des "
                        "enfants vaut bien une minute d'attente.",
                    ),
                ),
                useful=("bernard.petit",),
            ),
        ),
        department="voirie",
        answer=(
            "Le carrefour est équipé d'un contrôleur de feux qui permet une phase piétonne exclusive. Nous "
            "allons la tester aux heures d'entrée et de sortie des classes, avec des comptages avant et après "
            "pour mesurer l'effet sur la circulation."
        ),
    ),
    Debate(
        title="Une piste cyclable séparée jusqu'au collège Jean-Moulin",
        arguments=(
            Say(
                "lea.dubois",
                "Ma fille a 12 ans : je ne la laisserai pas aller au collège à vélo tant qu'elle doit partager "
                "la voie avec les camions de l'avenue de Verdun. Une piste séparée, c'est la condition.",
                POUR,
                useful=("aicha.traore", "antoine.leroy", "chloe.fournier", "yanis.benali"),
            ),
            Say(
                "olivier.vincent",
                "Supprimer une file de l'avenue de Verdun, c'est reporter la circulation dans les petites rues.",
                CONTRE,
                replies=(
                    Say(
                        "lea.dubois",
                        "La piste peut prendre la place du stationnement côté pair, pas d'une file de circulation.",
                        replies=(
                            Say(
                                "pierre.fontaine",
                                "Le stationnement côté pair, ce sont les clients des commerces. On tourne en rond.",
                            ),
                        ),
                    ),
                ),
            ),
            Say(
                "antoine.leroy",
                "L'avenue est départementale : la Ville peut-elle seulement décider seule ?",
                NUANCE,
                useful=("olivier.vincent", "bernard.petit"),
            ),
        ),
        department="voirie",
        answer=(
            "L'avenue de Verdun est une route départementale : la Ville a saisi le Département, qui étudie "
            "une piste bidirectionnelle côté pair, à la place d'une partie du stationnement. En attendant, un "
            "itinéraire conseillé par la rue Pasteur et la rue du Moulin sera balisé dès la rentrée."
        ),
        signed=True,
    ),
    Debate(
        title="Un plateau surélevé devant la maternelle des Cerisiers",
        arguments=(
            Say(
                "sophie.lefebvre",
                "Un plateau, c'est simple, efficace et pas cher. Devant l'école de ma sœur, la vitesse a été "
                "divisée par deux.",
                POUR,
                useful=("nadia.haddad",),
            ),
            Say(
                "thomas.roux",
                "Les plateaux abîment le dos des chauffeurs de bus et font du bruit la nuit pour les riverains.",
                CONTRE,
                replies=(
                    Say(
                        "sophie.lefebvre",
                        "Il existe des plateaux à pente douce compatibles avec les bus. C'est une question de "
                        "conception.",
                    ),
                ),
            ),
        ),
    ),
    Debate(
        title="Un pédibus entre le square Jean-Jaurès et Jules-Ferry",
        arguments=(
            Say(
                "antoine.leroy",
                "J'ai fait le pédibus à Tours : les enfants adorent et ça enlève vingt voitures devant l'école. "
                "Il faut juste un parcours balisé et des parents volontaires.",
                POUR,
                useful=("sophie.lefebvre", "nadia.haddad", "chloe.fournier"),
            ),
            Say(
                "julie.girard",
                "Tout repose sur les bénévoles. Le jour où il pleut ou où un parent est malade, tout s'arrête.",
                NUANCE,
                replies=(
                    Say(
                        "antoine.leroy",
                        "Avec un planning partagé et six ou sept parents, ça tient. Et les animateurs du "
                        "périscolaire pourraient prendre le relais le vendredi.",
                        useful=("julie.girard",),
                    ),
                ),
            ),
        ),
        department="enfance",
        answer=(
            "Le service enfance peut fournir les gilets, assurer les accompagnateurs bénévoles et former les "
            "parents. Une réunion de lancement aura lieu à l'école Jules-Ferry ; les animateurs du "
            "périscolaire pourront accompagner une ligne le vendredi."
        ),
    ),
    Debate(
        title="La police municipale peut-elle verbaliser le double file aux heures d'entrée ?",
        arguments=(
            Say(
                "nadia.haddad",
                "Même sans verbaliser, une présence régulière changerait déjà les habitudes.",
                POUR,
                useful=("rachid.belkacem",),
            ),
        ),
        department="voirie",
        answer=(
            "Oui : l'arrêt en double file est verbalisable (135 €). La police municipale sera présente aux "
            "heures d'entrée, d'abord pour prévenir, puis pour verbaliser les récidivistes."
        ),
    ),
    Debate(
        title="Une nouvelle aire de jeux au parc du Bois-Joli",
        arguments=(
            Say(
                "sophie.lefebvre",
                "Avec toutes les familles arrivées dans les nouveaux logements, les enfants font la queue pour "
                "l'unique toboggan. Et rien n'est accessible à un enfant en fauteuil.",
                POUR,
                useful=("julie.girard", "sarah.muller", "camille.martin", "gabriel.blanc"),
            ),
            Say(
                "francoise.bonnet",
                "Il y a déjà une aire de jeux à La Plaine, à dix minutes. Le budget serait plus utile ailleurs.",
                CONTRE,
                replies=(
                    Say(
                        "julie.girard",
                        "Dix minutes à pied avec une poussette et un enfant de trois ans, c'est long. Et celle de "
                        "La Plaine est saturée aussi.",
                        useful=("sophie.lefebvre",),
                    ),
                ),
            ),
            Say(
                "sarah.muller",
                "Oui, mais avec de l'ombre : sans arbres, une aire de jeux est inutilisable l'été.",
                NUANCE,
                useful=("sophie.lefebvre", "francoise.bonnet"),
            ),
        ),
        department="espaces-verts",
        answer=(
            "Le service des espaces verts estime le projet à 95 000 € pour une aire de jeux de 2 à 10 ans, "
            "dont un tiers de jeux accessibles, avec la plantation de six arbres. Le projet est jugé réalisable "
            "et sera soumis au vote du budget participatif."
        ),
    ),
    Debate(
        title="Un city stade à La Plaine-Saint-Martin",
        arguments=(
            Say(
                "mamadou.diallo",
                "Les jeunes de La Plaine n'ont rien. Un city stade, c'est un lieu où ils se retrouvent au lieu "
                "de traîner dans les halls.",
                POUR,
                useful=("gabriel.blanc", "olivier.vincent", "aicha.traore"),
            ),
            Say(
                "francoise.bonnet",
                "J'habite en face du terrain : le bruit des ballons contre les grilles jusqu'à 22 h, non merci.",
                CONTRE,
                replies=(
                    Say(
                        "gabriel.blanc",
                        "Les city stades récents ont des pare-ballons en filet, beaucoup moins bruyants que les "
                        "grilles métalliques.",
                        replies=(
                            Say(
                                "francoise.bonnet",
                                "Si c'est fermé à 21 h et avec des filets, je veux bien y réfléchir.",
                            ),
                        ),
                    ),
                ),
                useful=("olivier.vincent",),
            ),
            Say(
                "olivier.vincent",
                "Pour, si le terrain est placé côté avenue et pas sous les fenêtres.",
                NUANCE,
            ),
        ),
        department="sport",
        answer=(
            "Le service des sports a étudié deux emplacements ; celui côté avenue, à 60 mètres des premières "
            "habitations, est retenu pour l'étude. Coût estimé : 120 000 €, avec pare-ballons en filet et "
            "fermeture à 21 h."
        ),
    ),
    Debate(
        title="Des toilettes publiques accessibles place de la République",
        arguments=(
            Say(
                "bernard.petit",
                "À mon âge, on organise ses sorties en fonction des toilettes. Il n'y en a aucune dans le "
                "centre : c'est une question de dignité.",
                POUR,
                useful=("pierre.fontaine", "lucas.lambert", "isabelle.mercier", "francoise.bonnet"),
            ),
            Say(
                "lucas.lambert",
                "D'accord sur le besoin, mais qui les entretient ? Des toilettes sales, c'est pire que pas de "
                "toilettes.",
                NUANCE,
                replies=(
                    Say(
                        "bernard.petit",
                        "Les toilettes automatiques se nettoient seules après chaque passage.",
                    ),
                ),
                useful=("bernard.petit",),
            ),
            Say(
                "pierre.fontaine",
                "Les commerçants pourraient ouvrir leurs toilettes contre un petit autocollant « toilettes "
                "accueillantes », ça coûterait moins cher.",
                NUANCE,
                deleted=True,
                replies=(
                    Say(
                        "isabelle.mercier",
                        "C'est une bonne idée en complément, mais il faut des toilettes accessibles à toute heure.",
                    ),
                ),
            ),
        ),
        department="proprete",
        answer=(
            "Une sanisette automatique accessible coûte environ 60 000 € et 8 000 € par an d'entretien. "
            "Le service propreté confirme la faisabilité place de la République, côté parking."
        ),
    ),
    Debate(
        title="Un abri vélos sécurisé à la gare",
        arguments=(
            Say(
                "yanis.benali",
                "Je prends le train tous les jours : je me suis fait voler deux vélos en un an. Je viens "
                "maintenant en voiture, faute de mieux.",
                POUR,
                useful=("lea.dubois", "rachid.belkacem"),
            ),
            Say(
                "thomas.roux",
                "Un abri par badge, c'est bien, mais il faut qu'il soit gratuit, sinon personne ne l'utilisera.",
                NUANCE,
                useful=("yanis.benali",),
            ),
        ),
        department="voirie",
        answer=(
            "Un abri fermé de 48 places, accessible avec la carte de transport, est chiffré à 70 000 €. "
            "L'accès serait gratuit la première année ; la SNCF a donné son accord pour l'emplacement."
        ),
    ),
    Debate(
        title="Planter des arbres dans les rues les plus chaudes",
        arguments=(
            Say(
                "gabriel.blanc",
                "Cet été, il faisait 41 °C rue des Peupliers. Des arbres, c'est de l'ombre gratuite pour des "
                "dizaines d'années.",
                POUR,
                useful=("mamadou.diallo", "francoise.bonnet", "emma.rousseau"),
            ),
            Say(
                "karim.mansouri",
                "Attention aux racines qui soulèvent les trottoirs : les personnes en fauteuil ne passent déjà "
                "plus rue des Vignes.",
                NUANCE,
                replies=(
                    Say(
                        "gabriel.blanc",
                        "Avec des fosses de plantation plus grandes et les bonnes essences, le problème est évité.",
                    ),
                ),
                useful=("ines.garcia",),
            ),
        ),
    ),
)


def _debated_item(title: str) -> tuple[Item, models.Model] | None:
    """The item of a commentable resource with this title in a public demo démarche, and its object."""
    commentable = {spec.kind: spec.model for spec in resources.all() if spec.commentable is not None}
    item = (
        Item.objects.filter(kind__in=commentable, demarche__slug__in=PUBLIC_DEMARCHES, title=title)
        .exclude(status=ItemStatus.WITHDRAWN)
        .order_by("-created_at", "-pk")
        .first()
    )
    if item is None:
        return None
    obj = apps.get_model(commentable[item.kind])._default_manager.filter(pk=item.object_id).first()
    return (item, obj) if obj is not None else None


def _comment_target_is_free(obj: models.Model) -> bool:
    content_type = ContentType.objects.get_for_model(type(obj))
    return not Comment.objects.filter(content_type=content_type, object_id=obj.pk).exists()


class _Seeder:
    def __init__(self) -> None:
        self.people = {u.email.split("@", 1)[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
        self.posted: list[tuple[Comment, str]] = []  # comments in creation order, with their first version
        self.useful: list[tuple[Comment, tuple[str, ...]]] = []
        self.deleted: list[Comment] = []
        self.comments = 0

    def person(self, local: str) -> User | None:
        return self.people.get(local)

    def say(self, target: models.Model, said: Say, parent: Comment | None = None) -> None:
        author = self.person(said.who)
        if author is None:
            return
        comment = actions.comment_post(
            author=author,
            target=None if parent else target,
            parent=parent,
            body=said.edited_from or said.text,
            stance=said.stance,
            rate_limited=False,
        )
        if said.edited_from:
            comment = actions.comment_edit(user=author, comment=comment, body=said.text, stance=said.stance)
        self.posted.append((comment, said.edited_from))
        self.useful.append((comment, said.useful))
        self.comments += 1
        for reply in said.replies:
            self.say(target, reply, parent=comment)
        if said.deleted:
            self.deleted.append(comment)

    def official(self, target: models.Model, debate: Debate) -> None:
        department = Department.objects.filter(slug=debate.department).first()
        membership = (
            DepartmentMembership.objects.filter(department=department).select_related("user").order_by("-role").first()
            if department
            else None
        )
        if department is None or membership is None:
            return
        try:
            answer = actions.official_answer_post(
                author=membership.user,
                target=target,
                department=department,
                body=debate.answer,
                signed=debate.signed,
                rate_limited=False,
            )
        except ActionError:
            return  # the department is not competent for this object's themes
        self.posted.append((answer, ""))
        self.comments += 1
        for reply in debate.answer_replies:
            self.say(target, reply, parent=answer)

    def finish(self, published: datetime.datetime) -> None:
        """Marks, deletions, then dates spread between the object's publication and now."""
        for comment, who in self.useful:
            for local in who:
                person = self.person(local)
                if person is not None and person.pk != comment.author_id:
                    actions.useful_set(user=person, comment=comment, useful=True)
        for comment in self.deleted:
            actions.comment_delete(user=comment.author, comment=comment)
        now = timezone.now()
        start = max(published, now - datetime.timedelta(days=20)) + datetime.timedelta(hours=2)
        end = now - datetime.timedelta(minutes=30)
        step = (end - start) / max(len(self.posted), 1)
        for index, (comment, first_version) in enumerate(self.posted):
            moment = start + step * index
            updates: dict[str, Any] = {"created_at": moment, "updated_at": moment}
            if first_version:
                edited = moment + datetime.timedelta(minutes=6)
                updates.update(edited_at=edited, updated_at=edited)
                CommentRevision.objects.filter(comment=comment).update(replaced_at=edited)
            Comment.objects.filter(pk=comment.pk).update(**updates)
        self.posted, self.useful, self.deleted = [], [], []


def seed(stdout: TextIO) -> None:
    seeder = _Seeder()
    debated = skipped = 0
    for debate in DEBATES:
        found = _debated_item(debate.title)
        if found is None:
            continue
        item, target = found
        if not _comment_target_is_free(target):
            skipped += 1
            continue
        for argument in debate.arguments:
            seeder.say(target, argument)
        if debate.answer:
            seeder.official(target, debate)
        seeder.finish(item.created_at)
        debated += 1
    if skipped and not debated:
        stdout.write(f"  débat : {skipped} contributions déjà commentées, rien d'ajouté")
    else:
        stdout.write(f"  débat : {seeder.comments} commentaires et réponses officielles sur {debated} contributions")
