"""Demo contributions: about 150 problems, ideas and questions in the three demo démarches.

Every contribution below was written by hand, as residents and agents of Bellerive would
write them. Each block is one contribution:

    <kind> <popularity 0-3> [<quartier slug>] | <theme slugs>
    > <channel> | <name as given>      (only for contributions entered by the reception desk)
    <title>
    <body, wrapped over as many lines as needed>

Idempotent: a démarche that already has contributions is left untouched.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cocite.accounts.models import User
from cocite.core.search import index_documents_bulk
from cocite.demarches.models import Demarche, PhaseKind
from cocite.demarches.queries import rules_in_force_for
from cocite.territory.geo import bounding_box, contains_point
from cocite.territory.models import DepartmentMembership, Quartier, Theme

from .models import Contribution, ContributionRevision, Support
from .resource import register_item

DEMO_DOMAIN = "demo.bellerive.example"
# The "Accueil mairie" agent who types in contributions received on paper, by phone, etc.
RECORDER_EMAIL = f"e.chevalier@{DEMO_DOMAIN}"
RANDOM_SEED = 2026
# Public démarches: share of contributions placed on the map (the internal one has none).
MAP_POINT_SHARE = 0.7
# Popularity level -> range of supports: most get a handful, a few get many.
SUPPORT_RANGES = {0: (0, 2), 1: (1, 6), 2: (7, 13), 3: (15, 24)}
# Departments whose agents are most concerned by the reception desk (they write more).
DESK_DEPARTMENTS = {"accueil", "numerique", "ccas"}


@dataclass(frozen=True)
class Entry:
    kind: str
    popularity: int
    quartier: str
    themes: tuple[str, ...]
    title: str
    body: str
    channel: str = ""  # empty: submitted online by a demo account
    offline_author_name: str = ""  # empty with a channel: anonymous


@dataclass(frozen=True)
class DemarcheContent:
    slug: str
    entries: str
    default_quartier: str = ""
    agents_only: bool = False


def parse_entries(text: str, default_quartier: str = "") -> list[Entry]:
    """Read the hand-written blocks below into entries (raises ValueError on a malformed block)."""
    kinds = set(Contribution.Kind.values)
    channels = set(Contribution.Channel.values) - {Contribution.Channel.ONLINE}
    entries = []
    for chunk in text.strip().split("\n\n"):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        meta, _sep, theme_slugs = lines.pop(0).partition("|")
        kind, popularity, *rest = meta.split()
        channel = name = ""
        if lines and lines[0].startswith(">"):
            channel, _sep, name = lines.pop(0)[1:].partition("|")
        if kind not in kinds or popularity not in {"0", "1", "2", "3"} or len(lines) < 2:
            raise ValueError(f"malformed demo contribution: {chunk[:80]!r}")
        if channel.strip() and channel.strip() not in channels:
            raise ValueError(f"unknown channel in demo contribution: {chunk[:80]!r}")
        entries.append(
            Entry(
                kind=kind,
                popularity=int(popularity),
                quartier=rest[0] if rest else default_quartier,
                themes=tuple(theme_slugs.split()),
                title=lines[0],
                body=" ".join(lines[1:]),
                channel=channel.strip(),
                offline_author_name=name.strip(),
            )
        )
    return entries


# Des abords d'écoles plus sûrs à La Gare (quartier la-gare for all).
SECURITE_RUE_ECOLES = """
probleme 3 | voirie securite enfance
Stationnement en double file rue des Écoles à 8 h 20
Tous les matins entre 8 h 15 et 8 h 30, des voitures s'arrêtent en double file devant Jules-Ferry, moteur
allumé. Les enfants descendent côté chaussée et les vélos doivent slalomer entre les portières. Il y a
pourtant des places libres au parking de la gare, à deux minutes à pied.

idee 3 | voirie enfance securite
Fermer la rue des Écoles aux voitures à l'entrée et à la sortie des classes
Une « rue aux écoles » comme à Paris ou à Strasbourg : des barrières amovibles fermées de 8 h à 8 h 45 et de
16 h 15 à 16 h 45, sauf pour les riverains et les secours. Cela réglerait d'un coup le double file et la
vitesse. Les parents qui viennent en voiture pourraient se garer au parking de la gare.

probleme 3 | voirie securite
Traverser au carrefour de la gare, c'est la loterie
Au carrefour de la gare, le feu piéton passe au vert en même temps que les voitures qui tournent à droite
depuis l'avenue de Verdun. Les conducteurs ne regardent pas et les collégiens traversent en courant. Il
faudrait un vrai temps de vert réservé aux piétons, sans voitures qui tournent.

question 1 | voirie securite
Pourquoi la zone 30 s'arrête-t-elle juste avant le collège ?
La zone 30 commence rue des Écoles mais s'arrête juste avant le collège Jean-Moulin, boulevard Victor-Hugo, où
les voitures repassent à 50. Est-ce un oubli, ou une contrainte liée au boulevard ? Si c'est une question de
panneaux, ça ne devrait pas coûter bien cher.

probleme 2 | voirie enfance
Trottoir trop étroit rue Pasteur
Rue Pasteur, le trottoir côté pair fait à peine un mètre et il est encombré par les poubelles le mardi et le
vendredi. Avec une poussette et un enfant à la main, on est obligé de marcher sur la chaussée.

idee 2 | mobilite enfance
Un pédibus entre le square Jean-Jaurès et Jules-Ferry
Plusieurs parents sont prêts à accompagner à tour de rôle un pédibus au départ du square Jean-Jaurès. Il
faudrait que la mairie nous aide à baliser l'itinéraire, à fournir des gilets et à assurer les accompagnateurs
bénévoles.

probleme 1 | securite voirie
Les voitures roulent trop vite devant l'arrêt de bus Jules-Ferry
L'arrêt de bus Jules-Ferry est sur l'avenue de Verdun et les voitures y passent à 60 ou 70 km/h. Les
collégiens attendent au bord de la chaussée, il n'y a même pas d'abri pour se mettre en retrait.

idee 1 | mobilite securite
Un radar pédagogique à l'entrée de l'avenue de Verdun
Un simple radar pédagogique qui affiche la vitesse, placé en arrivant du rond-point de la Plaine, rappellerait
aux conducteurs qu'ils entrent dans un quartier d'écoles.

probleme 2 | mobilite enfance
Impossible de garer son vélo devant l'école Jules-Ferry
Il n'y a que quatre arceaux devant Jules-Ferry. Les vélos des parents et les draisiennes sont attachés aux
grilles et aux panneaux, ce qui bloque le trottoir. Du coup, beaucoup de familles renoncent à venir à vélo.

idee 2 | mobilite enfance
Des arceaux vélo devant l'école et un abri à trottinettes dans la cour
Installer une dizaine d'arceaux sur la place de stationnement qui fait face au portail, et un petit abri pour
les trottinettes dans la cour, comme à l'école des Tilleuls. C'est peu cher et ça encouragerait les enfants à
venir par leurs propres moyens.

probleme 1 | securite voirie enfance
Le passage souterrain sous les voies fait peur aux enfants
Le souterrain qui relie la rue du Moulin à la gare est sombre, les néons sont souvent en panne et il sent
mauvais. Les collégiens qui habitent de l'autre côté des voies l'empruntent tous les jours. Ma fille préfère
faire le tour par le pont, sur une route sans trottoir.

idee 1 | securite voirie
Éclairer et repeindre le souterrain de la gare
Un éclairage LED permanent, des murs clairs, pourquoi pas une fresque réalisée avec les élèves du collège : le
souterrain deviendrait un passage normal au lieu d'un endroit qu'on évite.

question 0 | voirie
Qui est responsable du souterrain, la Ville ou la SNCF ?
Avant de proposer quoi que ce soit pour le passage sous les voies, j'aimerais savoir qui en a la charge.
Chaque fois qu'on signale une panne d'éclairage, on nous renvoie de l'un à l'autre.

probleme 2 | voirie securite
Camions de livraison garés sur le trottoir rue de la Gare
Les camions qui livrent la supérette et la boulangerie rue de la Gare se garent sur le trottoir pile à l'heure
de l'entrée des classes. Les enfants passent entre le camion et les vitrines, ou sur la route.

idee 1 | voirie
Interdire les livraisons rue de la Gare aux heures d'école
Un arrêté qui interdit les livraisons entre 8 h et 9 h et entre 16 h et 17 h rue de la Gare, avec une aire de
livraison matérialisée au coin de la rue Gambetta pour le reste de la journée.

probleme 1 | securite enfance
Plus personne pour faire traverser devant le collège
Depuis le départ en retraite de la dame qui faisait traverser les enfants boulevard Victor-Hugo, personne ne
l'a remplacée. Le matin, c'est la bousculade au passage piéton.

probleme 2 | enfance securite
> reunion | Josiane P.
Remettre un agent pour faire traverser boulevard Victor-Hugo
Lors de la réunion à l'école Jules-Ferry, une grand-mère qui accompagne ses petits-enfants tous les jours
demande le retour d'un agent pour faire traverser devant le collège. Elle constate que depuis la rentrée, les
voitures ne s'arrêtent plus.

idee 2 | voirie securite
Un plateau surélevé devant la maternelle des Cerisiers
La rue des Cerisiers est toute droite et les voitures accélèrent. Un plateau surélevé au niveau du portail de
la maternelle obligerait à ralentir, sans gêner les bus puisqu'ils ne passent pas par là.

probleme 0 | voirie
> accueil | Colette R.
Haies qui débordent sur le trottoir rue des Acacias
Une habitante de la rue des Acacias est passée à l'accueil : plusieurs haies de jardins privés débordent sur
le trottoir au point qu'on ne peut plus passer à deux. Les enfants marchent sur la route pour les éviter. Elle
demande que la mairie rappelle les propriétaires à l'ordre.

question 1 | mobilite
La bande cyclable de l'avenue de Verdun sera-t-elle prolongée ?
La bande cyclable de l'avenue de Verdun s'arrête net au niveau du carrefour de la gare. Pour aller au collège
à vélo, mon fils doit ensuite rouler au milieu des voitures. Un prolongement est-il prévu ?

idee 3 | mobilite enfance securite
Une piste cyclable séparée jusqu'au collège Jean-Moulin
Prolonger la piste de l'avenue de Verdun jusqu'au collège, séparée des voitures par une bordure et pas
seulement par de la peinture. Beaucoup de collégiens viendraient à vélo si leurs parents n'avaient pas peur de
les laisser partir.

probleme 0 | voirie
Le marquage du passage piéton de la rue Émile-Zola est effacé
On ne voit presque plus les bandes blanches du passage piéton à l'angle de la rue Émile-Zola et de la rue des
Écoles. Les voitures ne s'arrêtent pas, elles ne savent même pas qu'il y en a un.

probleme 1 | voirie securite
> telephone |
Voitures garées sur le passage piéton de la rue Émile-Zola
Appel d'un riverain de la rue Émile-Zola : chaque matin, des parents se garent sur le passage piéton à l'angle
de la rue des Écoles pour déposer leurs enfants. Il demande des potelets et des contrôles de la police
municipale.

idee 1 | voirie securite
Des potelets aux angles des passages piétons
Mettre des potelets ou des bacs à fleurs aux angles des passages piétons autour des écoles, pour empêcher le
stationnement qui masque les enfants. Les conducteurs verraient enfin qui veut traverser.

probleme 1 | securite
Vitesse excessive le soir rue du Moulin
Ce n'est pas qu'aux heures d'école : le soir, rue du Moulin, des voitures accélèrent à fond jusqu'au pont. Les
enfants qui reviennent du centre de loisirs vers 18 h traversent justement à cet endroit.

idee 0 | securite voirie
Des coussins berlinois rue du Moulin
Deux coussins berlinois entre le square et le pont suffiraient à calmer la rue du Moulin, sans gêner les bus
ni les vélos.

question 2 | securite
La police municipale peut-elle verbaliser le double file aux heures d'entrée ?
On voit parfois passer une voiture de la police municipale, mais jamais de verbalisation. Une présence
régulière est-elle prévue, au moins les premières semaines, pour que les habitudes changent ?

probleme 1 | enfance voirie
> reunion | Nadège B.
Les parents attendent la sortie de la maternelle sur la chaussée
Remarque faite à la réunion de l'école : devant la maternelle des Cerisiers, les parents attendent la sortie
sur un trottoir de deux mètres. Avec les poussettes, les enfants qui sortent sont poussés vers la chaussée.
Plusieurs parents proposent de supprimer les places de stationnement devant le portail.

idee 1 | enfance voirie
Un petit parvis devant la maternelle des Cerisiers
Supprimer les trois places de stationnement devant le portail pour créer un petit parvis avec deux bancs, où
les parents peuvent attendre à l'abri de la circulation.

probleme 0 | mobilite
Les cars scolaires manœuvrent au milieu des enfants
Les cars qui déposent les élèves des hameaux devant le collège font demi-tour sur le parking où attendent les
enfants. Il faudrait un quai de dépose séparé.

idee 1 | mobilite enfance
> papier | Marc L.
Un quai de dépose réservé aux cars du collège
Contribution laissée dans le cahier du collège Jean-Moulin : créer un emplacement réservé aux cars le long du
boulevard Victor-Hugo, avec une barrière côté route, pour que les élèves descendent directement sur le
trottoir.

probleme 2 | voirie securite
On ne voit rien en sortant de la rue des Écoles sur l'avenue de Verdun
Au débouché de la rue des Écoles sur l'avenue de Verdun, les voitures garées jusqu'à l'angle masquent
complètement la vue. Les conducteurs avancent sur le passage piéton pour voir, au moment où passent les
enfants.

idee 0 | voirie
Remplacer les deux places à l'angle de la rue des Écoles par des arceaux
Les deux places de stationnement à l'angle de la rue des Écoles et de l'avenue de Verdun pourraient devenir
des arceaux vélo : on dégagerait la visibilité et on gagnerait du stationnement vélo.

question 0 | enfance
Les enfants seront-ils associés aux propositions ?
Les élèves de CM2 de Jules-Ferry travaillent en classe sur leur trajet vers l'école. Pourraient-ils présenter
leurs propositions aux services, par exemple devant le conseil municipal des enfants ?

idee 2 | enfance securite
Un diagnostic en marchant avec les enfants
Organiser une balade un mercredi matin avec des enfants, des parents et les techniciens de la voirie pour
repérer ensemble les endroits qui posent problème. Les enfants voient des choses que les adultes ne voient
pas, à leur hauteur.

probleme 1 | securite
Trottinettes électriques sur le trottoir à la sortie de l'école
Des ados et des adultes roulent en trottinette électrique sur le trottoir devant Jules-Ferry à la sortie des
classes. Un petit de maternelle a été bousculé la semaine dernière.

probleme 0 | voirie
Grille d'égout enfoncée au passage piéton de la rue Pasteur
Une grille d'égout est enfoncée juste au niveau du passage piéton de la rue Pasteur. Les roues des poussettes
et des vélos d'enfants s'y coincent.

probleme 1 | voirie
> accueil | Mohamed K.
Bateau de trottoir trop haut pour un fauteuil rue de la Gare
Un père en fauteuil roulant, venu à l'accueil, signale que le bateau du trottoir en face de la boulangerie rue
de la Gare est trop haut : il ne peut pas accompagner son fils à l'école sans passer par la chaussée.

idee 1 | mobilite
Un vélobus depuis La Plaine-Saint-Martin
Comme le pédibus, mais à vélo : un parent ouvre la route, un autre la ferme, et les enfants roulent en groupe
depuis La Plaine-Saint-Martin jusqu'à Jules-Ferry. Il faudrait juste un itinéraire sûr et quelques
aménagements aux carrefours.

question 0 | voirie
Quand les travaux de la rue Gambetta seront-ils terminés ?
Depuis septembre, les travaux de réseau rue Gambetta obligent les enfants à marcher sur la route, entre des
barrières. Y a-t-il une date de fin ? Un cheminement piéton protégé est-il prévu en attendant ?

probleme 2 | securite voirie
Le rond-point de la gare n'est pas fait pour les vélos
Dans le rond-point devant la gare, les voitures coupent la trajectoire des vélos sans les voir. Je ne laisse
pas mes enfants le traverser seuls, alors qu'ils sont assez grands pour aller au collège à vélo.

idee 0 | securite
Des gilets et des lampes pour les enfants en hiver
La mairie pourrait distribuer à la rentrée des gilets réfléchissants et des lampes de vélo aux élèves de CM1
et de 6e, avec une séance de sensibilisation à la sécurité routière.

probleme 1 | voirie
> courriel | Julien M.
Éclairage public trop faible rue des Cerisiers
Courriel d'un parent d'élève : en hiver, à 8 h, il fait encore nuit et les lampadaires de la rue des Cerisiers
éclairent à peine. Les conducteurs ne voient pas les enfants qui traversent entre les voitures garées.

probleme 0 | securite
> courriel |
Rodéos de scooters sur le parking de la gare
Courriel d'une habitante de l'impasse des Lilas : des scooters font des rodéos sur le parking de la gare en
fin d'après-midi, au moment où les collégiens le traversent pour rentrer chez eux. Elle demande des passages
réguliers de la police municipale.

idee 1 | voirie enfance
Des dessins au sol pour marquer le chemin de l'école
Des pas, des marelles ou des animaux peints au sol pour signaler les itinéraires conseillés vers l'école. Les
enfants suivent le chemin, et les conducteurs comprennent qu'ils sont dans un quartier d'écoles.

question 1 | voirie
Combien de places de stationnement seraient supprimées ?
Je suis commerçant rue de la Gare. Je comprends qu'il faut sécuriser les abords des écoles, mais beaucoup de
mes clients viennent en voiture. Avant de décider, pouvez-vous publier le nombre de places concernées par
chaque proposition ?

probleme 1 | mobilite enfance
Aucune traversée sûre entre le collège et le city stade
Les collégiens vont au city stade à la pause de midi et traversent l'avenue de Verdun en plein milieu, là où
il n'y a pas de passage piéton. Le passage le plus proche est à 200 mètres, personne ne fait le détour.

idee 0 | voirie securite
Un passage piéton avec îlot central face au city stade
Créer un passage piéton avec un îlot refuge au milieu de l'avenue de Verdun, en face du city stade. On ne
traverse qu'une voie à la fois et les voitures ralentissent.

idee 1 | enfance voirie
> reunion | Sandrine
Décaler les horaires de sortie de la maternelle et de l'élémentaire
Proposition faite lors de la réunion à l'école : décaler de dix minutes la sortie de la maternelle des
Cerisiers et celle de Jules-Ferry, pour que tout le monde ne se retrouve pas dans la rue au même moment.

probleme 0 | voirie
> telephone |
Verre cassé sur le trottoir près de l'arrêt Jules-Ferry
Appel d'une maman : le week-end, des bouteilles sont cassées près de l'arrêt Jules-Ferry et le lundi matin les
enfants marchent dans les éclats. Elle demande un passage de la balayeuse le lundi avant 8 h.

question 0 | mobilite
Le bus de la ligne 2 peut-il s'arrêter devant le collège ?
Aujourd'hui, l'arrêt est sur l'avenue de Verdun, à 300 mètres du collège. Serait-il possible de déplacer
l'arrêt, ou d'en créer un boulevard Victor-Hugo aux heures scolaires ?

idee 0 | voirie mobilite
Un double sens cyclable rue Pasteur
La rue Pasteur est en sens unique. Autoriser les vélos à contresens, avec un marquage au sol, éviterait aux
enfants le détour par l'avenue de Verdun.

probleme 1 | securite enfance
> telephone | Gérard T.
Des conducteurs grillent le feu rouge au carrefour de la gare
Un retraité qui habite au-dessus du tabac du carrefour de la gare appelle pour dire qu'il voit tous les matins
des voitures passer au rouge pendant que les enfants traversent. Il propose un feu « récompense » qui ne passe
au vert que si l'on roule doucement.

idee 1 | securite mobilite
Passer tout le quartier de La Gare à 30 km/h
Plutôt que des petits bouts de zone 30, passer tout le quartier à 30 km/h, sauf l'avenue de Verdun. C'est plus
lisible pour tout le monde et ça coûte surtout des panneaux.

probleme 0 | voirie
Le portail latéral du collège donne directement sur la route
Le petit portail latéral du collège, côté rue du Moulin, s'ouvre directement sur la chaussée, sans trottoir.
Les élèves sortent en courant et se retrouvent au milieu des voitures.
"""


# Budget participatif 2027 (all quartiers).
BUDGET_PARTICIPATIF_2027 = """
idee 3 bois-joli | enfance espaces-verts
Une nouvelle aire de jeux au parc du Bois-Joli
L'aire de jeux du parc du Bois-Joli date des années 1990 : il reste un toboggan et deux jeux à ressort. Avec
toutes les familles arrivées dans les nouveaux logements, il faudrait une vraie aire de jeux pour les 2-10
ans, avec des jeux accessibles aux enfants en fauteuil.

idee 2 les-coteaux | espaces-verts environnement
Un jardin partagé sur le terrain en friche de la rue des Vignes
Le terrain communal en friche au bout de la rue des Vignes pourrait accueillir une vingtaine de parcelles de
jardin partagé, avec un récupérateur d'eau de pluie et un cabanon à outils. L'association « Les Coteaux en
vert » est prête à le gérer.

idee 3 plaine-saint-martin | sport jeunesse
Un city stade à La Plaine-Saint-Martin
Les jeunes de La Plaine n'ont qu'un terrain en stabilisé, inutilisable dès qu'il pleut. Un city stade avec un
revêtement synthétique et un éclairage jusqu'à 22 h leur donnerait un vrai lieu à eux.

idee 3 centre-ville | proprete solidarites
Des toilettes publiques accessibles place de la République
Il n'y a aucune toilette publique dans le centre-ville. Les jours de marché, les personnes âgées et les
familles avec de jeunes enfants sont vraiment embêtées. Des toilettes automatiques accessibles, place de la
République, serviraient à tout le monde.

idee 2 la-gare | mobilite
Un abri vélos sécurisé à la gare
Beaucoup d'habitants iraient à la gare à vélo s'ils n'avaient pas peur de se le faire voler. Un abri fermé
d'une cinquantaine de places, avec accès par badge, comme dans les grandes villes.

idee 1 les-tilleuls | enfance environnement
Végétaliser la cour de l'école des Tilleuls
La cour de l'école des Tilleuls est entièrement goudronnée et devient une fournaise dès le mois de juin.
Remplacer une partie de l'enrobé par de la terre, des arbres et un petit potager, comme dans les « cours oasis
», la rendrait plus fraîche et plus agréable.

idee 1 le-port | culture
Une boîte à livres sur le quai des Mariniers
Une boîte à livres près des bancs du quai des Mariniers, là où les gens viennent lire au bord de l'eau. On
pourrait la fabriquer avec l'atelier menuiserie du lycée professionnel.

idee 1 centre-ville | environnement
Des fontaines d'eau potable dans le centre et les parcs
Avec des étés de plus en plus chauds, il faudrait des fontaines d'eau potable place de la République, au parc
du Bois-Joli, au stade et sur les quais.

idee 2 le-port | sport jeunesse
Un skatepark sur la friche du port
Les jeunes font du skate sur le parvis de la médiathèque et se font chasser. Un petit skatepark en béton sur
la friche à côté du port, avec quelques modules pour débutants et confirmés, leur donnerait enfin un endroit à
eux.

idee 1 plaine-saint-martin | solidarites
Un frigo solidaire à La Plaine-Saint-Martin
Un réfrigérateur en libre accès où commerçants et habitants déposent les produits qu'ils ne vendront ou ne
mangeront pas. Le centre social de la Plaine est prêt à s'en occuper au quotidien.

idee 1 bois-joli | sport
Remettre en état le parcours sportif du bois
Réhabiliter l'ancien parcours sportif du bois de Bois-Joli, avec une dizaine d'agrès en bois et des panneaux
d'exercices. Les coureurs et le club de marche des seniors s'en serviraient toute l'année.

probleme 1 les-coteaux | voirie solidarites
Pas un seul banc sur la montée des Coteaux
La rue des Coteaux monte fort jusqu'à la place de l'Église et il n'y a aucun banc. Les personnes âgées qui
descendent à pied au marché doivent s'appuyer contre les murs pour souffler.

idee 0 les-coteaux | voirie solidarites
Des bancs tous les 100 mètres sur les trajets des seniors
Installer des bancs avec accoudoirs le long des trajets vers le marché, la pharmacie et le cimetière, en
commençant par la rue des Coteaux.

idee 2 plaine-saint-martin | environnement espaces-verts
Planter des arbres dans les rues les plus chaudes
Le long du boulevard de la Plaine, il n'y a pas un arbre sur 800 mètres. Planter des arbres d'alignement
rendrait la rue supportable l'été. La carte des îlots de chaleur existe déjà, on pourrait commencer par les
rues les plus exposées.

idee 1 le-port | culture
Une scène extérieure démontable sur les quais
Une petite scène en bois démontable sur les quais, pour les concerts de l'été, la fête de la musique et les
auditions de l'école de musique. Aujourd'hui, chaque association loue une scène à grands frais.

idee 1 centre-ville | culture jeunesse
Un studio de répétition à la maison des jeunes
Les groupes de musique amateurs n'ont nulle part où répéter à Bellerive. Une salle insonorisée à la maison des
jeunes, réservable à l'heure, avec une batterie et des amplis.

idee 2 bois-joli | environnement espaces-verts
Un verger partagé à Bois-Joli
Planter une trentaine d'arbres fruitiers de variétés anciennes sur la pelouse derrière la résidence des
Chênes, en libre cueillette. Les écoles du quartier pourraient suivre le verger toute l'année.

idee 1 la-gare | proprete environnement
Des composteurs collectifs en pied d'immeuble
Des composteurs collectifs dans les résidences de La Gare, avec une formation pour quelques habitants
référents. On réduirait les ordures ménagères et on aurait du compost pour les jardinières.

idee 0 plaine-saint-martin | proprete
Des corbeilles de tri sur le chemin du collège
Sur le chemin entre La Plaine et le collège, il n'y a aucune poubelle et les emballages finissent dans les
haies. Quelques corbeilles avec tri suffiraient.

idee 2 les-tilleuls | sport
Des équipements de street workout au parc des Tilleuls
Une barre de traction, des barres parallèles et un banc pour les abdos, en accès libre au parc des Tilleuls.
Ça coûte peu et ça servirait aux jeunes comme aux plus âgés.

idee 1 centre-ville | culture
Restaurer le vieux lavoir de la rue du Lavoir
Le lavoir du XIXe siècle est envahi par la végétation et son toit menace de s'effondrer. Le restaurer et
installer un panneau sur son histoire mettrait en valeur le patrimoine du centre.

idee 1 le-port | mobilite voirie
Une passerelle piétonne sur le canal entre Le Port et La Plaine
Pour aller à pied de La Plaine au port, il faut faire un détour d'un kilomètre par le pont routier. Une
passerelle pour piétons et vélos au-dessus du canal raccourcirait le trajet de tout un quartier.

question 1 plaine-saint-martin | solidarites
Le budget participatif peut-il financer des travaux dans une salle associative ?
Notre association occupe une salle municipale à La Plaine qui aurait besoin d'une rampe d'accès et de
nouvelles portes. Ce type de travaux peut-il entrer dans le budget participatif ?

question 0 centre-ville | culture
Peut-on proposer un projet de plus de 150 000 € en deux tranches ?
Nous aimerions proposer la rénovation complète du kiosque à musique, estimée à plus de 200 000 €. Est-il
possible de la découper en deux tranches sur deux années ?

idee 1 les-coteaux | jeunesse
Un préau avec des bancs pour les jeunes au terrain des Coteaux
Les ados se retrouvent le soir au terrain des Coteaux, sans aucun abri. Un préau avec des bancs leur
permettrait de se retrouver même quand il pleut, plutôt que dans les halls d'immeuble.

idee 1 bois-joli | mobilite
Des arceaux vélo devant les commerces de Bois-Joli
Devant la pharmacie, la boulangerie et la supérette de Bois-Joli, il n'y a aucun arceau. On attache son vélo
aux gouttières ou aux barrières.

probleme 1 la-gare | voirie solidarites
Le trottoir de la rue de la Gare est impraticable en fauteuil
Entre la gare et la poste, les racines des platanes ont soulevé le trottoir. En fauteuil ou avec un
déambulateur, c'est impossible. Le refaire avec un revêtement adapté serait un beau projet.

idee 0 le-port | espaces-verts
Des bacs potagers sur les quais
Des bacs de culture en bois sur les quais, entretenus par les habitants et le centre social : herbes
aromatiques, tomates, fraises.

idee 2 plaine-saint-martin | enfance
De l'ombre sur l'aire de jeux de la rue des Peupliers
L'aire de jeux de la rue des Peupliers est en plein soleil et le toboggan brûle les mains dès le mois de mai.
Des voiles d'ombrage et quelques arbres la rendraient utilisable l'été.

idee 1 centre-ville | culture solidarites
Des ordinateurs en libre accès à la médiathèque
Beaucoup de gens n'ont pas d'ordinateur pour leurs démarches en ligne. Quatre postes avec une imprimante à la
médiathèque, ça changerait la vie de beaucoup de personnes âgées et de demandeurs d'emploi.

idee 1 les-tilleuls | environnement voirie
Un éclairage solaire sur le chemin des Tilleuls
Le chemin piéton entre Les Tilleuls et le centre n'est pas éclairé. Des lampadaires solaires à détection de
présence le rendraient sûr le soir, sans tranchée ni facture d'électricité.

idee 0 bois-joli | environnement
Des nichoirs et des hôtels à insectes au parc du Bois-Joli
Installer des nichoirs pour les mésanges et les martinets, et des hôtels à insectes, avec des panneaux
explicatifs pour les écoles. Un projet pas cher et pédagogique.

idee 2 le-port | sport
Un ponton pour les kayaks et le paddle
Le club de canoë met ses bateaux à l'eau sur une berge glissante. Un ponton flottant accessible ouvrirait
aussi l'activité aux personnes en situation de handicap.

probleme 0 plaine-saint-martin | proprete
Dépôts sauvages chaque semaine derrière le gymnase de la Plaine
Derrière le gymnase, des matelas et des gravats sont déposés chaque semaine. Une clôture et un éclairage, ou
une collecte des encombrants plus fréquente, éviteraient ces dépôts.

idee 1 centre-ville | espaces-verts
Des tables de pique-nique dans le jardin de l'hôtel de ville
Le jardin derrière l'hôtel de ville est joli mais il n'a que deux bancs. Quelques tables de pique-nique
permettraient aux salariés du centre d'y déjeuner et aux familles de s'y arrêter.

idee 0 les-coteaux | sport
Un terrain de pétanque éclairé aux Coteaux
Les boulistes des Coteaux jouent sur le parking de la salle polyvalente. Un vrai terrain stabilisé, deux bancs
et un éclairage pour les soirées d'été.

idee 2 la-gare | jeunesse sport
Une piste de pumptrack près du city stade de La Gare
Une piste de bosses en enrobé pour les vélos, les trottinettes et les rollers, à côté du city stade de La
Gare. Les jeunes du quartier vont jusqu'à la commune voisine pour en trouver une.

idee 1 bois-joli | solidarites
Rendre accessible la salle des fêtes de Bois-Joli
La salle des fêtes de Bois-Joli n'est pas accessible : trois marches à l'entrée et des toilettes à l'étage.
Les associations de seniors ne peuvent plus l'utiliser.

question 1 les-tilleuls | espaces-verts
Qui entretiendra les projets une fois réalisés ?
Pour un jardin partagé ou un verger, qui s'occupe de l'entretien après la première année ? Les associations
doivent-elles s'engager, ou le service des espaces verts prend-il le relais ?

idee 1 le-port | culture
Un parcours sur l'histoire du port
Une dizaine de panneaux avec des photos anciennes le long des quais, pour raconter l'époque des mariniers et
du commerce fluvial. Les anciens du quartier ont des cartons entiers de photos.

idee 0 centre-ville | mobilite
Des bornes de réparation vélo en libre-service
Une borne avec des outils et une pompe, place de la République et devant la gare. On répare un pneu crevé sans
rentrer à pied.

idee 1 plaine-saint-martin | solidarites enfance
Une ludothèque à La Plaine-Saint-Martin
Aménager le local vide au rez-de-chaussée de la résidence des Peupliers en ludothèque, avec des jeux pour
toutes les familles du quartier.

idee 2 les-tilleuls | espaces-verts enfance
Un îlot de fraîcheur avec brumisateurs au square des Tilleuls
Des brumisateurs et des arbres au square des Tilleuls, pour que les familles sans jardin aient un endroit
frais où aller les jours de canicule.

idee 0 la-gare | culture
Une fresque sur le mur du parking de la gare
Le grand mur gris du parking de la gare pourrait accueillir une fresque réalisée par des artistes locaux avec
les jeunes du quartier.

probleme 1 bois-joli | voirie mobilite
Aucune piste cyclable pour aller de Bois-Joli au centre
Pour aller à vélo de Bois-Joli au centre, il faut prendre la route de la Forêt, étroite et sans bande
cyclable. Une voie verte le long du bois serait un beau projet pour le budget participatif.

idee 0 le-port | proprete environnement
Des cendriers fixes le long des quais
Les mégots finissent dans l'eau. Des cendriers fixes tous les 50 mètres le long des quais, avec un message sur
la pollution de la rivière.

idee 1 centre-ville | solidarites
Une bagagerie pour les personnes sans domicile
Des casiers sécurisés où les personnes sans domicile peuvent laisser leurs affaires pendant la journée, près
du CCAS. Un projet simple qui change le quotidien.

idee 0 les-coteaux | environnement
Des récupérateurs d'eau de pluie pour les jardins familiaux
Les jardins familiaux des Coteaux sont arrosés avec l'eau du réseau. Des cuves de récupération d'eau de pluie
sur les cabanons feraient économiser des milliers de litres chaque été.

question 0 bois-joli | enfance
Un projet peut-il concerner la cour d'une école ?
Les parents de l'école de Bois-Joli voudraient proposer un préau. Les écoles sont-elles concernées par le
budget participatif, ou leur entretien relève-t-il du budget normal de la Ville ?

idee 1 plaine-saint-martin | culture jeunesse
Un mur d'expression libre pour le graff
Un mur autorisé pour le graff à La Plaine-Saint-Martin, comme il en existe à Tours. Les jeunes pourraient
s'exprimer sans dégrader les façades.

idee 2 plaine-saint-martin | sport jeunesse
> papier | Kevin
Un vrai terrain de basket à côté du gymnase de la Plaine
Fiche déposée dans la boîte à idées du centre social : « On voudrait un vrai terrain de basket avec des
paniers qui tiennent et des lignes, à côté du gymnase. Aujourd'hui le seul panier est tordu. »

idee 1 les-coteaux | solidarites
> telephone | Marcelle D.
Un minibus pour emmener les seniors des Coteaux au marché
Appel d'une habitante des Coteaux âgée de 84 ans : elle ne peut plus descendre au marché à pied. Elle propose
l'achat d'un minibus communal pour conduire les personnes âgées au marché le mercredi et le samedi matin.

idee 1 centre-ville | culture
> accueil |
Un piano en libre accès dans le hall de la médiathèque
Idée laissée à l'accueil de l'hôtel de ville par un habitant : installer un piano en libre accès dans le hall
de la médiathèque, comme dans certaines gares.

probleme 1 le-port | voirie
> reunion | Alain G.
Les pavés du quai des Mariniers sont dangereux
Signalé lors de l'atelier du budget participatif au port : les pavés du quai sont disjoints et plusieurs
personnes âgées sont tombées. Un participant propose de refaire une bande de deux mètres avec un revêtement
lisse.

idee 2 bois-joli | enfance espaces-verts
> reunion |
Des jeux d'eau au parc du Bois-Joli
Proposition d'un groupe de parents à l'atelier de Bois-Joli : une petite aire de jeux d'eau, avec de l'eau
recyclée, pour que les enfants se rafraîchissent l'été.

idee 0 les-tilleuls | proprete
> courriel | Bruno S.
Des distributeurs de sacs pour les déjections canines
Courriel d'un habitant des Tilleuls : les trottoirs de la rue des Tilleuls sont souillés en permanence. Il
demande des distributeurs de sacs et des corbeilles aux entrées du parc.

idee 1 plaine-saint-martin | espaces-verts solidarites
> papier | Fatou
Un jardin partagé au pied des tours de la Plaine
Fiche de la boîte à idées : « Beaucoup de femmes du quartier ont grandi à la campagne et aimeraient cultiver
des légumes. La grande pelouse au pied des tours ne sert à rien. »

idee 0 centre-ville | mobilite
> courriel |
Des places larges pour les vélos cargo
Courriel reçu à l'adresse de la participation : avec un vélo cargo, on ne peut pas se garer aux arceaux
classiques. Demande de quelques emplacements larges place de la République et devant les écoles.

question 0 les-coteaux | culture
> telephone | Lucienne
Où en est la restauration du porche de l'église des Coteaux ?
Une habitante appelle pour savoir où en est la restauration du porche de l'église des Coteaux, votée au budget
participatif 2025. Elle ne veut pas reproposer un projet déjà voté.

idee 1 la-gare | solidarites
> accueil | Samir B.
Une armoire à dons devant le centre social de La Gare
Un habitant propose à l'accueil une armoire à dons abritée (vêtements, petits objets, livres) devant le centre
social de La Gare, entretenue par les bénévoles.

idee 1 le-port | environnement espaces-verts
> reunion |
Des bancs à l'ombre sur la promenade du port
Lors de l'atelier du port, plusieurs personnes ont demandé des bancs à l'ombre le long de la promenade, avec
des arbres. L'été, on ne peut pas s'y asseoir avant 19 h.

idee 2 bois-joli | sport solidarites
> papier | Yvette M.
Des agrès de gymnastique douce près de la résidence autonomie
Carte déposée à la résidence autonomie de Bois-Joli : des appareils de gymnastique douce en plein air (vélo,
marcheur, barres d'équilibre) dans le jardin de la résidence, ouverts à tous.

probleme 0 plaine-saint-martin | voirie
> telephone |
Le chemin vers l'arrêt de bus est boueux tout l'hiver
Appel d'un habitant de La Plaine : le chemin entre la rue des Peupliers et l'arrêt de bus n'est pas revêtu,
les enfants arrivent au collège les chaussures pleines de boue. Il demande un cheminement stabilisé.

idee 0 les-tilleuls | culture enfance
> courriel | Anne-Marie
Une cabane à livres pour les enfants au parc des Tilleuls
Courriel d'une enseignante retraitée : une petite cabane à livres pour les enfants, à côté de l'aire de jeux,
qu'elle propose d'alimenter avec les bénévoles de la médiathèque.

idee 1 centre-ville | environnement
Des panneaux solaires sur le toit de la médiathèque
Le toit plat de la médiathèque est orienté plein sud. Des panneaux photovoltaïques produiraient une partie de
son électricité et montreraient l'exemple.

idee 0 les-coteaux | mobilite
Une goulotte pour pousser son vélo dans l'escalier des Coteaux
L'escalier qui descend des Coteaux vers Les Tilleuls oblige à porter son vélo. Une goulotte le long des
marches permettrait de le pousser.

probleme 1 la-gare | espaces-verts
Le square Jean-Jaurès est à l'abandon
Bancs cassés, pelouse pelée, plus de jeux depuis deux ans : le square Jean-Jaurès ne sert plus qu'aux chiens.
C'est pourtant le seul espace vert du quartier, il mériterait d'être entièrement réaménagé.

idee 0 bois-joli | jeunesse
Un local pour les jeunes de Bois-Joli
Les 15-20 ans de Bois-Joli n'ont aucun lieu à eux. Un local aménagé dans l'ancienne loge du gardien, avec les
animateurs de la maison des jeunes quelques soirs par semaine.

idee 1 centre-ville | enfance culture
Un espace pour les tout-petits à la médiathèque
Des tapis, des coussins et des bacs de livres pour les tout-petits, un peu à l'écart du reste de la
médiathèque, pour que les parents puissent venir avec des bébés sans gêner personne.

question 0 le-port | environnement
Un projet sur les quais doit-il respecter le plan de prévention des inondations ?
Le quai est en zone inondable. Si je propose des bancs ou une scène, est-ce que ça pose un problème au regard
du plan de prévention des risques ?
"""


# Simplifier l'accueil du public (agents only, at the hôtel de ville in Centre-Ville).
ACCUEIL_DU_PUBLIC = """
idee 3 | etat-civil numerique
Une vraie prise de rendez-vous en ligne pour les titres d'identité
Aujourd'hui, les rendez-vous pour les cartes d'identité et les passeports se prennent par téléphone et sont
notés dans un agenda partagé. On passe la moitié de la matinée au téléphone. Un outil de réservation en ligne,
avec des créneaux ouverts chaque semaine, libérerait le standard.

probleme 3 | etat-civil
Les rendez-vous non honorés nous font perdre des créneaux
Environ un rendez-vous passeport sur cinq n'est ni honoré ni annulé. Ce sont des créneaux perdus, alors que
les délais dépassent six semaines.

idee 2 | numerique etat-civil
Un SMS de rappel la veille du rendez-vous
Un SMS automatique la veille, avec un lien pour annuler et la liste des pièces à apporter. D'autres communes
ont divisé par deux le nombre de rendez-vous manqués.

probleme 2 | etat-civil
Un dossier de titre d'identité sur trois est incomplet
Beaucoup d'usagers arrivent sans justificatif de domicile récent ou avec une photo non conforme, et doivent
reprendre rendez-vous. La liste des pièces sur le site de la Ville est difficile à trouver.

idee 1 | numerique
Envoyer la liste des pièces à fournir au moment de la réservation
Au moment de réserver, l'usager répond à trois questions (première demande, renouvellement, perte ou vol) et
reçoit la liste exacte des pièces à fournir.

probleme 2 | etat-civil
La file d'attente du lundi matin déborde dans le hall
Le lundi matin, la file d'attente sort de la salle et déborde dans le hall, jusqu'à la porte. Les gens ne
savent pas s'ils sont au bon endroit et s'énervent au bout de vingt minutes.

idee 2 | etat-civil numerique
Une borne de tickets et un écran d'appel à l'entrée
Une borne à l'entrée où l'on choisit son motif (état civil, titres d'identité, urbanisme, CCAS…), un ticket,
et un écran qui appelle les numéros. Les usagers peuvent s'asseoir au lieu de faire la queue, et on sait
combien de personnes attendent pour chaque guichet.

idee 1 | etat-civil
Une signalétique en plusieurs langues et en pictogrammes
Beaucoup d'usagers ne lisent pas le français. Des panneaux avec des pictogrammes et les langues les plus
parlées (anglais, arabe, turc, portugais, roumain) éviteraient qu'ils attendent au mauvais guichet.

question 1 | etat-civil
Pourrait-on avoir un service d'interprétariat par téléphone ?
Quand un usager ne parle ni français ni anglais, on se débrouille avec une application de traduction sur notre
téléphone personnel. La Ville pourrait-elle s'abonner à un service d'interprètes par téléphone, comme les
hôpitaux ?

idee 2 | etat-civil
Ouvrir le jeudi jusqu'à 19 h plutôt que le samedi matin
Les personnes qui travaillent ne peuvent venir que le samedi matin, qui est saturé. Une ouverture le jeudi
jusqu'à 19 h, assurée par des agents volontaires en horaires décalés, répartirait mieux la fréquentation.

probleme 1 | etat-civil
Aucune confidentialité aux guichets de l'état civil
Les guichets sont côte à côte et tout le monde entend tout : déclarations de décès, demandes d'aide,
situations familiales. Certains usagers n'osent pas expliquer leur situation devant les autres.

idee 1 | etat-civil
Un bureau fermé pour les entretiens délicats
Aménager le petit bureau à côté de l'accueil pour les déclarations de décès et les situations sensibles, avec
une porte qui ferme, une table et deux chaises.

idee 1 | numerique
Mettre en ligne les formulaires les plus demandés
Les demandes d'actes, les inscriptions sur les listes électorales et les attestations d'accueil se font encore
sur papier au guichet. Des formulaires en ligne, avec un suivi de la demande, éviteraient beaucoup de
déplacements.

probleme 1 | numerique
Le standard renvoie vers l'accueil tous les appels qu'il ne sait pas orienter
Quand le standard ne sait pas à qui transférer un appel, il le passe à l'accueil, qui ne sait pas non plus.
L'annuaire interne n'a pas été mis à jour depuis la réorganisation des services.

idee 1 | numerique
Un annuaire interne « qui fait quoi » tenu à jour par chaque service
Un annuaire en ligne, tenu par chaque service, qui dit qui s'occupe de quoi (et pas seulement les noms et les
numéros de poste), pour orienter les appels et les usagers du premier coup.

idee 0 | etat-civil
Un coin enfants dans la salle d'attente
Des parents viennent avec des enfants en bas âge et l'attente peut être longue. Un petit coin avec un tapis,
des livres et des jeux rendrait l'attente plus calme pour tout le monde.

probleme 1 | etat-civil
La boucle magnétique de l'accueil ne fonctionne plus
La boucle magnétique pour les personnes malentendantes est en panne depuis des mois, et personne à l'accueil
ne sait qui doit la faire réparer.

idee 2 | etat-civil
Former tous les agents d'accueil aux situations de tension
Les agressions verbales se multiplient, surtout autour des délais de passeports. Il faudrait une formation à
la gestion des conflits pour tous les agents qui reçoivent du public, et une procédure claire pour appeler de
l'aide.

idee 1 | numerique etat-civil
Aider les usagers à faire leur pré-demande en ligne dans le hall
Beaucoup d'usagers viennent parce qu'ils n'arrivent pas à faire leur pré-demande sur le site de l'ANTS. Un
poste informatique dans le hall, avec un conseiller numérique deux matinées par semaine, désengorgerait les
guichets.

question 0 | numerique
Pourquoi ne pas utiliser l'outil de rendez-vous du CCAS ?
Le CCAS utilise déjà un logiciel de prise de rendez-vous. Ne pourrait-on pas l'étendre à l'état civil plutôt
que d'acheter un nouvel outil ?

idee 1 | etat-civil
Un accueil unique commun avec le CCAS
Les usagers font souvent deux fois la queue : à l'accueil, puis au CCAS dans le bâtiment d'à côté. Un guichet
commun à l'entrée de l'hôtel de ville, tenu par un agent formé aux deux, orienterait tout le monde.

probleme 0 | numerique
L'imprimante de l'accueil se bloque plusieurs fois par jour
Il n'y a pas de photocopieuse pour les usagers, donc on fait leurs copies sur notre imprimante, qui se bloque
plusieurs fois par jour. Une photocopieuse en libre-service réglerait le problème.

idee 0 | etat-civil
Afficher des horaires clairs et à jour sur la porte
Les horaires affichés sur la porte ne sont pas à jour et ne disent pas que les titres d'identité sont sur
rendez-vous uniquement. Des gens font la queue pour rien.

idee 1 | etat-civil
Un agent « volant » pendant les pics d'affluence
Un agent d'un autre service, formé à l'accueil, mobilisable le lundi matin et le samedi pour orienter la file
d'attente et répondre aux questions simples.

question 0 | etat-civil
Les agents pourront-ils tester le nouveau mobilier avant la commande ?
Le dernier réaménagement a installé des guichets trop hauts pour les personnes en fauteuil et trop bas pour
travailler debout. Pourrions-nous essayer le mobilier avant qu'il soit commandé ?
"""


CONTENTS = (
    DemarcheContent("securite-rue-ecoles", SECURITE_RUE_ECOLES, default_quartier="la-gare"),
    DemarcheContent("budget-participatif-2027", BUDGET_PARTICIPATIF_2027),
    DemarcheContent("accueil-du-public", ACCUEIL_DU_PUBLIC, default_quartier="centre-ville", agents_only=True),
)

# Contributions their author edited once: current title -> (previous title, previous body).
EDITS = {
    "Pourquoi la zone 30 s'arrête-t-elle juste avant le collège ?": (
        "Zone 30 qui s'arrête avant le collège",
        "La zone 30 commence rue des Écoles mais s'arrête juste avant le collège Jean-Moulin, où les voitures "
        "repassent à 50. Pourquoi ?",
    ),
    "Des arceaux vélo devant l'école et un abri à trottinettes dans la cour": (
        "Des arceaux vélo devant l'école",
        "Installer une dizaine d'arceaux devant l'école. C'est peu cher et ça encouragerait les enfants "
        "à venir à vélo.",
    ),
    "Un jardin partagé sur le terrain en friche de la rue des Vignes": (
        "Un jardin partagé rue des Vignes",
        "Le terrain en friche au bout de la rue des Vignes pourrait devenir un jardin partagé avec une vingtaine "
        "de parcelles.",
    ),
    "Un skatepark sur la friche du port": (
        "Un skatepark pour les jeunes",
        "Les jeunes font du skate sur le parvis de la médiathèque et se font chasser. Il faudrait un skatepark.",
    ),
    "Une borne de tickets et un écran d'appel à l'entrée": (
        "Une borne de tickets à l'entrée",
        "Une borne à l'entrée où l'on prend un ticket selon son motif, pour ne plus faire la queue debout.",
    ),
}

# Contributions withdrawn by their author.
WITHDRAWN = {
    "Des coussins berlinois rue du Moulin",
    "Des tables de pique-nique dans le jardin de l'hôtel de ville",
    "Des bornes de réparation vélo en libre-service",
}


def _aware(day: datetime.date, hour: int, minute: int, second: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute, second)))


def _moment(
    rng: random.Random, start: datetime.datetime, end: datetime.datetime, *, working_hours: bool
) -> datetime.datetime:
    """A plausible moment between start and end: daytime, and office hours on weekdays for agents."""
    first, last = timezone.localdate(start), timezone.localdate(end)
    hours = list(range(8, 18)) if working_hours else [7, 8, 9, 12, 13, 14, 17, 18, 19, 20, 21, 22]
    for _attempt in range(50):
        day = first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))
        if working_hours and day.weekday() >= 5:
            continue
        moment = _aware(day, rng.choice(hours), rng.randint(0, 59), rng.randint(0, 59))
        if start <= moment <= end:
            return moment
    return start + (end - start) * rng.random()


def _point_in(rng: random.Random, quartier: Quartier) -> tuple[float, float] | None:
    """A random (latitude, longitude) inside the quartier: drawn in its bounding box, kept if inside the boundary."""
    if not quartier.boundary:
        return None
    box = bounding_box([quartier.boundary])
    if box is None:
        return None
    min_lon, min_lat, max_lon, max_lat = box
    lon_margin, lat_margin = (max_lon - min_lon) * 0.08, (max_lat - min_lat) * 0.08
    for _attempt in range(50):
        longitude = round(rng.uniform(min_lon + lon_margin, max_lon - lon_margin), 6)
        latitude = round(rng.uniform(min_lat + lat_margin, max_lat - lat_margin), 6)
        if contains_point(quartier.boundary, longitude, latitude):
            return latitude, longitude
    return None


class _People:
    """The demo accounts contributions are attributed to."""

    def __init__(self) -> None:
        demo = User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True).order_by("pk")
        self.residents = list(
            demo.filter(
                department_memberships__isnull=True,
                is_superuser=False,
                is_staff=False,
                is_moderator=False,
                is_elected_official=False,
            )
        )
        self.agents = list(demo.filter(department_memberships__isnull=False).distinct())
        desk_agents = set(
            DepartmentMembership.objects.filter(department__slug__in=DESK_DEPARTMENTS).values_list("user_id", flat=True)
        )
        self.agent_weights = [4 if agent.pk in desk_agents else 1 for agent in self.agents]
        self.recorder = User.objects.filter(email=RECORDER_EMAIL).first()

    def author(self, rng: random.Random, quartier: Quartier | None, agents_only: bool) -> User | None:
        if agents_only:
            return rng.choices(self.agents, weights=self.agent_weights)[0] if self.agents else None
        neighbours = [r for r in self.residents if quartier is not None and r.quartier_id == quartier.pk]
        if neighbours and rng.random() < 0.6:
            return rng.choice(neighbours)
        return rng.choice(self.residents) if self.residents else None

    def supporters(self, rng: random.Random, popularity: int, author: User | None, agents_only: bool) -> list[User]:
        pool: Sequence[User] = [
            user for user in (self.agents if agents_only else self.residents) if author is None or user.pk != author.pk
        ]
        low, high = SUPPORT_RANGES[popularity]
        return rng.sample(list(pool), min(rng.randint(low, high), len(pool)))


def _seed_demarche(
    demarche: Demarche, content: DemarcheContent, people: _People, rng: random.Random
) -> list[Contribution]:
    now = timezone.now()
    entries = parse_entries(content.entries, content.default_quartier)
    quartiers = {q.slug: q for q in Quartier.objects.all()}
    themes = {t.slug: t for t in Theme.objects.filter(demarches=demarche)}
    collecte = demarche.phases.filter(kind=PhaseKind.COLLECTE).first()
    if collecte is None:
        start, end = now - datetime.timedelta(days=30), now
    else:
        start = _aware(collecte.starts_on, 0, 0)
        end = now if collecte.ends_on is None else min(now, _aware(collecte.ends_on, 23, 59))
    end -= datetime.timedelta(hours=1)
    # Chronological order differs from the order of the lists above; ids follow creation dates.
    rng.shuffle(entries)
    moments = sorted(_moment(rng, start, end, working_hours=content.agents_only) for _entry in entries)

    created: list[Contribution] = []
    supports: list[tuple[Support, datetime.datetime]] = []
    for entry, created_at in zip(entries, moments, strict=True):
        quartier = quartiers.get(entry.quartier)
        offline = bool(entry.channel)
        author = None if offline else people.author(rng, quartier, content.agents_only)
        point = None
        if quartier is not None and not content.agents_only and rng.random() < MAP_POINT_SHARE:
            point = _point_in(rng, quartier)
        latitude, longitude = point if point is not None else (None, None)
        contribution = Contribution(
            demarche=demarche,
            kind=entry.kind,
            title=entry.title,
            body=entry.body,
            quartier=quartier,
            latitude=latitude,
            longitude=longitude,
            author=author,
            offline_author_name=entry.offline_author_name,
            channel=entry.channel or Contribution.Channel.ONLINE,
            recorded_by=people.recorder if offline else None,
            rule_version=rules_in_force_for(demarche, at=created_at),
        )
        contribution.full_clean()
        contribution.save()
        contribution.themes.set([themes[slug] for slug in entry.themes if slug in themes])

        changed_at = created_at
        previous = EDITS.get(entry.title)
        if previous is not None and author is not None:
            changed_at = min(end, created_at + datetime.timedelta(hours=rng.randint(1, 30)))
            revision = ContributionRevision.objects.create(
                contribution=contribution, title=previous[0], body=previous[1], edited_by=author
            )
            ContributionRevision.objects.filter(pk=revision.pk).update(replaced_at=changed_at)
            Contribution.objects.filter(pk=contribution.pk).update(edited_at=changed_at)
        if entry.title in WITHDRAWN and author is not None:
            changed_at = min(end, created_at + datetime.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8)))
            Contribution.objects.filter(pk=contribution.pk).update(
                status=Contribution.Status.WITHDRAWN, withdrawn_at=changed_at
            )
            contribution.status = Contribution.Status.WITHDRAWN
        # created_at is auto_now_add: backdate it once the row exists.
        Contribution.objects.filter(pk=contribution.pk).update(created_at=created_at, updated_at=changed_at)
        contribution.created_at = created_at
        register_item(contribution)  # with its final date and status
        created.append(contribution)

        for supporter in people.supporters(rng, entry.popularity, author, content.agents_only):
            supported_at = created_at + (now - created_at) * rng.random() * 0.9
            supports.append((Support(contribution=contribution, user=supporter), supported_at))

    rows = Support.objects.bulk_create([support for support, _at in supports], batch_size=500)
    for support, (_support, supported_at) in zip(rows, supports, strict=True):
        support.created_at = supported_at
    if rows and all(support.pk is not None for support in rows):
        Support.objects.bulk_update(rows, ["created_at"], batch_size=500)
    counts = (
        Support.objects.filter(contribution=OuterRef("pk"))
        .order_by()
        .values("contribution")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Contribution.objects.filter(demarche=demarche).update(support_count=Coalesce(Subquery(counts), 0))
    index_documents_bulk("contribution", [(c.pk, f"{c.title}\n{c.body}") for c in created])
    return created


def seed(stdout: TextIO) -> None:
    rng = random.Random(RANDOM_SEED)
    people = _People()
    slugs = [content.slug for content in CONTENTS]
    for content in CONTENTS:
        demarche = Demarche.objects.filter(slug=content.slug).first()
        if demarche is None:
            stdout.write(f"  contributions : démarche « {content.slug} » absente, ignorée")
            continue
        if demarche.contributions.exists():
            stdout.write(f"  contributions : « {demarche.title} » a déjà des contributions, rien d'ajouté")
            continue
        _seed_demarche(demarche, content, people, rng)
    contributions = Contribution.objects.filter(demarche__slug__in=slugs).count()
    supports = Support.objects.filter(contribution__demarche__slug__in=slugs).count()
    stdout.write(f"  contributions : {contributions} contributions, {supports} soutiens")
