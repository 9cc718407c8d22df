"""Demo analysis: themes computed on the budget participatif, and a published synthesis.

Idempotent: the grouping runs only if the démarche has no finished run; the synthesis is
written only if the démarche has none. The synthesis lines are written as an analyst
would, each citing the contributions it stands on (found by the words of their titles),
plus one minority line for every small theme the lines do not cover yet — publishing
refuses to drop a minority view. A second version is left in draft, as an analyst
preparing an update would.
"""

from __future__ import annotations

import unicodedata
from typing import TextIO

from cocite.accounts.models import User
from cocite.contributions.models import Contribution
from cocite.demarches.models import Demarche

from . import actions, queries
from .models import AnalysisRun, Synthesis, ThemeAssignment

DEMO_DOMAIN = "demo.bellerive.example"
ANALYST_EMAIL = f"n.perrin@{DEMO_DOMAIN}"
DEMARCHE_SLUG = "budget-participatif-2027"

INTRODUCTION = (
    "Cette synthèse résume les propositions déposées pendant la collecte, en ligne et à l'accueil de la mairie. "
    "Chaque ligne renvoie aux contributions qui la fondent ; les avis minoritaires sont gardés à part, bien visibles."
)

# (text, minority, words looked for in the titles (accents and case ignored), kinds or None)
LINES: list[tuple[str, bool, tuple[str, ...], tuple[str, ...] | None]] = [
    (
        "Se déplacer à vélo en sécurité : abris et arceaux, bornes de réparation, et une piste cyclable "
        "continue entre Bois-Joli et le centre.",
        False,
        ("velo", "cyclable"),
        None,
    ),
    (
        "Apporter de l'ombre et de la fraîcheur : des arbres dans les rues les plus chaudes, des cours et des "
        "squares végétalisés, de l'ombre sur les aires de jeux.",
        False,
        ("arbre", "ombre", "fraicheur", "vegetaliser"),
        None,
    ),
    (
        "Des équipements sportifs en accès libre pour les jeunes : city stade, skatepark, pumptrack, street workout.",
        False,
        ("city stade", "skatepark", "pumptrack", "street workout", "parcours sportif"),
        None,
    ),
    (
        "Rendre l'espace public praticable par toutes et tous : des bancs sur les trajets des seniors, des "
        "trottoirs et des salles accessibles en fauteuil.",
        False,
        ("banc", "fauteuil", "accessible"),
        None,
    ),
    (
        "Jardiner ensemble : jardin partagé, verger, bacs potagers et composteurs au pied des immeubles.",
        False,
        ("jardin", "potager", "verger", "compost"),
        None,
    ),
    (
        "Des questions sur les règles du budget participatif : montants, projets dans les écoles, entretien "
        "des réalisations.",
        False,
        (),
        (Contribution.Kind.QUESTION,),
    ),
    (
        "Accueillir les personnes les plus précaires : une bagagerie pour les personnes sans domicile, un frigo "
        "solidaire.",
        True,
        ("bagagerie", "sans domicile", "frigo solidaire"),
        None,
    ),
]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def seed(stdout: TextIO) -> None:
    demarche = Demarche.objects.filter(slug=DEMARCHE_SLUG).first()
    analyst = User.objects.filter(email=ANALYST_EMAIL).first()
    if demarche is None or analyst is None or not demarche.contributions.exists():
        return
    if not AnalysisRun.objects.filter(demarche=demarche, status=AnalysisRun.Status.DONE).exists():
        run = AnalysisRun.objects.create(demarche=demarche, requested_by=analyst)
        actions.run_execute(run_id=run.pk)
        run.refresh_from_db()
        stdout.write(f"  analyse : {run.theme_count} thèmes proposés pour « {demarche.title} »")
    if Synthesis.objects.filter(demarche=demarche).exists():
        return
    synthesis = actions.synthesis_draft(analyst=analyst, demarche=demarche)
    actions.synthesis_update(
        analyst=analyst, synthesis=synthesis, title="Ce que proposent les habitant·es", introduction=INTRODUCTION
    )
    contributions = list(
        Contribution.objects.filter(demarche=demarche)
        .exclude(status__in=actions.EXCLUDED_STATUSES)
        .values_list("pk", "title", "kind")
    )
    for text, minority, words, kinds in LINES:
        sources = [
            pk
            for pk, title, kind in contributions
            if (kinds and kind in kinds) or (words and any(word in _fold(title) for word in words))
        ]
        if sources:
            actions.line_add(analyst=analyst, synthesis=synthesis, text=text, source_ids=sources, is_minority=minority)
    for theme in queries.uncovered_small_themes(synthesis):
        members = ThemeAssignment.objects.filter(theme=theme, ended_at__isnull=True).values_list(
            "contribution_id", flat=True
        )
        actions.line_add(
            analyst=analyst,
            synthesis=synthesis,
            text=f"Une demande isolée mais à ne pas perdre de vue : {theme.label.lower()}.",
            source_ids=list(members),
            is_minority=True,
            theme=theme,
        )
    actions.synthesis_publish(analyst=analyst, synthesis=synthesis)
    # An update in preparation: the next version starts from the published lines.
    actions.synthesis_draft(analyst=analyst, demarche=demarche)
    stdout.write(f"  analyse : synthèse publiée ({synthesis.lines.count()} lignes) et version suivante en brouillon")
