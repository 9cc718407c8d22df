"""Benchmark of theme grouping: 10,000 realistic-ish French contributions grouped into themes.

Generates contributions the way residents write them — a title and two to four sentences
mixing a topic's vocabulary, a place of the town, a complaint or a wish, and everyday
filler — from 16 topics, with near-duplicates (the same request written again with small
changes, as happens when a neighbourhood mobilises). Then times
`cocite.analysis.grouping.group_texts` (stemming, TF-IDF, LSA, k chosen by silhouette,
labels, near-duplicates) on the texts, in memory: the database part of a run is a single
SELECT and bulk inserts.

Prints the time, the number of themes, the adjusted Rand index against the generating
topics (a sanity check, not a target: topics overlap on purpose) and a few labels.

With --database, the same contributions are written to a temporary SQLite database (a
fresh, migrated one, deleted afterwards) and the background task body itself is timed
(`cocite.analysis.actions.run_execute`: read the contributions, group them, report
progress, save the themes, 10,000 traced assignments and the duplicate pairs).

    .venv/bin/python bench/themes_bench.py [--contributions N] [--seed S] [--database]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if "--database" in sys.argv:
    # Settings read COCITE_VAR_DIR when Django starts: the database lives in a temporary directory.
    TEMPORARY = tempfile.mkdtemp(prefix="cocite-themes-bench-")
    os.environ["COCITE_VAR_DIR"] = TEMPORARY
    os.environ.pop("DATABASE_URL", None)

import django

django.setup()

from sklearn.metrics import adjusted_rand_score  # noqa: E402

from cocite.analysis.grouping import group_texts  # noqa: E402

PLACES = [
    "rue de la Gare", "avenue Jean-Jaurès", "place de la République", "quartier des Tilleuls", "Bois-Joli",
    "la Plaine-Saint-Martin", "les Coteaux", "le Port", "centre-ville", "rue des Vignes", "quai des Mariniers",
    "rue des Peupliers", "boulevard Victor-Hugo", "chemin du Lavoir", "rue Pasteur", "square Jean-Moulin",
]  # fmt: skip

# topic -> (title templates, sentence templates); {p} is a place.
TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "velo": (
        ["Une piste cyclable {p}", "Des arceaux vélo {p}", "Sécuriser les cyclistes {p}", "Un garage à vélos {p}"],
        [
            "Les cyclistes n'ont aucune piste cyclable pour traverser {p}.",
            "Il manque des arceaux pour attacher son vélo devant les commerces.",
            "Les voitures frôlent les vélos, une bande cyclable protégée serait plus sûre.",
            "Un garage à vélos sécurisé éviterait les vols de vélos.",
            "Les enfants pourraient aller à l'école à vélo si la piste était continue.",
        ],
    ),
    "proprete": (
        ["Dépôts sauvages {p}", "Plus de poubelles {p}", "Propreté des trottoirs {p}", "Des corbeilles {p}"],
        [
            "Les dépôts sauvages s'accumulent chaque semaine {p}.",
            "Les poubelles débordent le week-end et les déchets s'envolent.",
            "Il faudrait des corbeilles de tri et un passage plus fréquent du nettoyage.",
            "Les trottoirs sont sales, couverts de déchets et de mégots.",
            "Les encombrants restent des jours sur le trottoir.",
        ],
    ),
    "eclairage": (
        ["Éclairage public {p}", "Lampadaires en panne {p}", "Rue trop sombre {p}"],
        [
            "Le soir, la rue est très sombre {p}, on ne se sent pas en sécurité.",
            "Plusieurs lampadaires sont en panne depuis des semaines.",
            "Un éclairage public à détection de présence économiserait l'énergie.",
            "Les piétons ne voient pas le passage éclairé la nuit.",
        ],
    ),
    "arbres": (
        ["Planter des arbres {p}", "De l'ombre {p}", "Un îlot de fraîcheur {p}", "Végétaliser {p}"],
        [
            "L'été, il fait beaucoup trop chaud {p}, planter des arbres donnerait de l'ombre.",
            "Un îlot de fraîcheur avec des arbres et des bancs à l'ombre.",
            "Végétaliser les cours et les places pour lutter contre la chaleur.",
            "Les arbres abattus n'ont jamais été replantés.",
        ],
    ),
    "stationnement": (
        ["Stationnement gênant {p}", "Places de parking {p}", "Voitures sur les trottoirs {p}"],
        [
            "Les voitures stationnent sur le trottoir {p} et bloquent les poussettes.",
            "Il manque des places de stationnement pour les riverains.",
            "Le stationnement en double file bloque le bus le matin.",
            "Un parking relais près de la gare libérerait les rues.",
        ],
    ),
    "vitesse": (
        ["Ralentir les voitures {p}", "Vitesse excessive {p}", "Un ralentisseur {p}", "Zone 30 {p}"],
        [
            "Les voitures roulent beaucoup trop vite {p}, c'est dangereux.",
            "Un ralentisseur ou un plateau surélevé ferait baisser la vitesse.",
            "Passer le quartier en zone 30 protégerait les piétons.",
            "Un radar pédagogique rappellerait la limitation de vitesse.",
        ],
    ),
    "ecole": (
        ["Sécurité devant l'école {p}", "Le parvis de l'école {p}", "Rue aux écoles {p}"],
        [
            "À la sortie de l'école {p}, les enfants traversent au milieu des voitures.",
            "Fermer la rue devant l'école aux heures d'entrée et de sortie.",
            "Un agent pour faire traverser les enfants le matin.",
            "Le parvis de l'école est trop étroit pour les parents et les poussettes.",
        ],
    ),
    "sport": (
        ["Un city stade {p}", "Un terrain de sport {p}", "Un skatepark {p}", "Des agrès de street workout {p}"],
        [
            "Les jeunes n'ont aucun terrain de sport {p}.",
            "Un city stade permettrait de jouer au foot et au basket.",
            "Des agrès de street workout en accès libre pour faire du sport dehors.",
            "Le gymnase est complet, les clubs manquent de créneaux.",
        ],
    ),
    "jeux": (
        ["Une aire de jeux {p}", "Des jeux pour enfants {p}", "Rénover l'aire de jeux {p}"],
        [
            "L'aire de jeux {p} est vieille et dangereuse pour les enfants.",
            "Des jeux pour les tout-petits et des bancs pour les parents.",
            "Un toboggan et des balançoires remplaceraient les jeux cassés.",
            "Un sol souple sous les jeux éviterait les blessures.",
        ],
    ),
    "seniors": (
        ["Des bancs pour les seniors {p}", "Accessibilité {p}", "Trottoirs en fauteuil {p}"],
        [
            "Les personnes âgées n'ont aucun banc pour se reposer {p}.",
            "Le trottoir est impraticable en fauteuil roulant.",
            "Des bancs tous les cent mètres sur les trajets des seniors.",
            "Les personnes à mobilité réduite ne peuvent pas accéder à la mairie annexe.",
        ],
    ),
    "bruit": (
        ["Nuisances sonores {p}", "Trop de bruit la nuit {p}", "Bruit des scooters {p}"],
        [
            "Le bruit des scooters empêche de dormir {p}.",
            "Les nuisances sonores du bar durent tard la nuit.",
            "Un mur antibruit le long de la voie ferrée protégerait les riverains.",
        ],
    ),
    "culture": (
        ["Une boîte à livres {p}", "Des concerts {p}", "Une fresque {p}", "Horaires de la médiathèque"],
        [
            "Une boîte à livres {p} pour échanger des romans.",
            "Des concerts gratuits l'été sur la place.",
            "Une fresque réalisée avec les jeunes du quartier sur le mur gris.",
            "La médiathèque devrait ouvrir le dimanche et en soirée.",
        ],
    ),
    "jardins": (
        ["Un jardin partagé {p}", "Des bacs potagers {p}", "Un composteur collectif {p}"],
        [
            "Un jardin partagé sur le terrain en friche {p}.",
            "Des bacs potagers en pied d'immeuble pour cultiver des légumes.",
            "Un composteur collectif réduirait les déchets verts.",
            "Les habitants aimeraient jardiner ensemble et partager les récoltes.",
        ],
    ),
    "transports": (
        ["Horaires du bus {p}", "Une ligne de bus {p}", "Abri bus {p}"],
        [
            "Le bus ne passe qu'une fois par heure {p}, c'est trop peu.",
            "Un abri bus avec un banc, on attend sous la pluie.",
            "Une navette vers la gare le matin et le soir.",
            "Le dernier bus part trop tôt le soir.",
        ],
    ),
    "accueil": (
        ["Horaires de la mairie", "Prendre rendez-vous en ligne", "Attente à l'accueil de la mairie"],
        [
            "Les horaires de la mairie ne conviennent pas à ceux qui travaillent.",
            "Pouvoir prendre rendez-vous en ligne pour les papiers d'identité.",
            "L'attente à l'accueil de la mairie est trop longue.",
            "Un accueil téléphonique qui répond vraiment.",
        ],
    ),
    "chiens": (
        ["Un parc à chiens {p}", "Déjections canines {p}", "Sacs pour chiens {p}"],
        [
            "Les déjections canines salissent les trottoirs {p}.",
            "Un espace clos pour que les chiens puissent courir.",
            "Des distributeurs de sacs pour ramasser derrière son chien.",
        ],
    ),
}

FILLERS = [
    "Merci de prendre en compte cette demande.",
    "Je vis ici depuis dix ans et la situation empire.",
    "Beaucoup de voisins sont d'accord avec moi.",
    "C'est un vrai problème au quotidien.",
    "Ce serait une belle amélioration pour tout le monde.",
    "J'en ai parlé au conseil de quartier.",
    "",
    "",
]


def generate_contributions(n: int, seed: int = 2027) -> list[tuple[str, str, str]]:
    """n (title, body, topic) triples."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    # Some topics are much more frequent than others, as in real consultations.
    weights = [1.0 / (rank + 1) ** 0.6 for rank in range(len(topics))]
    made: list[tuple[str, str, str]] = []
    for _index in range(n):
        if made and rng.random() < 0.03:
            # A near-duplicate: someone re-posts an existing request in other words.
            title, body, topic = made[rng.randrange(len(made))]
            body = body.replace("Il faudrait", "Il faut").replace("serait", "sera")
            made.append((title, f"{body} {rng.choice(FILLERS)}", topic))
            continue
        topic = rng.choices(topics, weights=weights)[0]
        titles, sentences = TOPICS[topic]
        place = rng.choice(PLACES)
        title = rng.choice(titles).format(p=place)
        body = [s.format(p=place) for s in rng.sample(sentences, k=min(len(sentences), rng.randint(2, 3)))]
        # One contribution in ten mentions a second topic in passing.
        if rng.random() < 0.1:
            other = rng.choice(topics)
            body.append(rng.choice(TOPICS[other][1]).format(p=rng.choice(PLACES)))
        body.append(rng.choice(FILLERS))
        made.append((title, " ".join(body), topic))
    return made


def generate(n: int, seed: int = 2027) -> tuple[list[tuple[int, str]], list[str]]:
    """n (id, text) pairs, as the task builds them (title twice, then body), and their topics."""
    made = generate_contributions(n, seed)
    documents = [(index + 1, f"{title}\n{title}\n{body}") for index, (title, body, _topic) in enumerate(made)]
    return documents, [topic for _title, _body, topic in made]


def run_in_database(n: int, seed: int) -> None:
    from django.core.management import call_command

    from cocite.analysis.actions import run_execute
    from cocite.analysis.models import AnalysisRun, ThemeAssignment
    from cocite.contributions.models import Contribution
    from cocite.demarches.models import Demarche

    try:
        call_command("migrate", verbosity=0)
        demarche = Demarche.objects.create(
            title="Consultation sur le cadre de vie",
            slug="cadre-de-vie",
            framing_question="Qu'améliorer ?",
            status="published",
        )
        Contribution.objects.bulk_create(
            [
                Contribution(demarche=demarche, kind="idee", title=title[:140], body=body)
                for title, body, _topic in generate_contributions(n, seed)
            ],
            batch_size=2000,
        )
        run = AnalysisRun.objects.create(demarche=demarche)
        start = time.perf_counter()
        run_execute(run_id=run.pk)
        elapsed = time.perf_counter() - start
        run.refresh_from_db()
        print(f"contributions in SQLite: {Contribution.objects.count()}")
        print(f"background task run_execute: {elapsed:.2f} s (limit 30 s), status {run.status}")
        print(f"themes: {run.theme_count}, near-duplicate pairs: {run.duplicate_count}")
        print(f"assignments written: {ThemeAssignment.objects.count()}")
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(TEMPORARY, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--contributions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--database", action="store_true", help="time the task body on a temporary SQLite database")
    args = parser.parse_args()
    if args.database:
        run_in_database(args.contributions, args.seed)
        return
    documents, truth = generate(args.contributions, args.seed)
    steps: list[tuple[float, int, str]] = []
    start = time.perf_counter()

    def progress(percent: int, step: str) -> None:
        steps.append((time.perf_counter() - start, percent, step))

    result = group_texts(documents, progress=progress)
    elapsed = time.perf_counter() - start
    assigned = {doc_id: index for index, theme in enumerate(result.themes) for doc_id in theme.members}
    predicted = [assigned.get(doc_id, -1) for doc_id, _text in documents]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"contributions: {len(documents)}")
    print(f"grouping time: {elapsed:.2f} s (limit 30 s)")
    for at, percent, step in steps:
        print(f"  {at:6.2f} s  {percent:3d} %  {step}")
    print(f"themes: {len(result.themes)} (k={result.k}, silhouette={result.silhouette})")
    print(f"unclassified: {len(result.unclassified)}")
    print(f"near-duplicate pairs flagged: {len(result.duplicates)}")
    print(f"adjusted Rand index vs generating topics: {adjusted_rand_score(truth, predicted):.3f}")
    print(f"peak resident memory: {peak_mb:.0f} MB")
    for theme in result.themes[:8]:
        print(f"  {len(theme.members):5d}  {theme.label}")


if __name__ == "__main__":
    main()
