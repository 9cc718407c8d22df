# ruff: noqa: E501
"""English of the new strings of the dead-ends work (issue 16): closures that say what, why and until when,
late paper contributions, follow-up rules."""

from typing import Any

TRANSLATIONS: dict[Any, Any] = {
    ("action refusée", "Contribuer"): "Contribute",
    ("action refusée", "Soutenir"): "Support",
    ("action refusée", "Commenter"): "Comment",
    ("action refusée", "Modifier une contribution"): "Edit a contribution",
    ("action refusée", "Voter"): "Vote",
    "« %(action)s » n'est pas possible : aucune phase n'est ouverte en ce moment.": "“%(action)s” is not possible: no phase is open at the moment.",
    "« %(action)s » n'est pas possible pendant la phase « %(phase)s ».": "“%(action)s” is not possible during the “%(phase)s” phase.",
    "Aucune phase à venir de cette démarche ne le permet.": "No upcoming phase of this process allows it.",
    "Ce sera possible à partir du %(date)s (phase « %(phase)s »).": "It will be possible from %(date)s (“%(phase)s” phase).",
    "Vous ne pouvez pas soutenir votre propre contribution.": "You cannot support your own contribution.",
    "les contributions papier saisies après la collecte comptent": "paper contributions entered after the collection count",
    "Si coché, un agent du service qui porte la démarche peut saisir, après la fin de la collecte, une contribution papier recueillie pendant celle-ci (datée du jour du recueil).": "If ticked, an agent of the department running the process may enter, after the collection has closed, a paper contribution collected during it (dated the day it was collected).",
    "Contributions papier saisies après la collecte": "Paper contributions entered after the collection",
    "elles comptent, datées du jour où elles ont été recueillies": "they count, dated the day they were collected",
    "Les règles de cette démarche ne comptent pas les contributions papier saisies après la fin de la collecte : elles ne peuvent plus être enregistrées.": "This process's rules do not count paper contributions entered after the collection closed: they can no longer be recorded.",
    "Recueillie le": "Collected on",
    "Le jour où la contribution papier a été recueillie, pendant la collecte.": "The day the paper contribution was collected, during the collection.",
    "Indiquez le jour où elle a été recueillie.": "Give the day it was collected.",
    "Indiquez une date valide (jour, mois, année).": "Give a valid date (day, month, year).",
    "La collecte n'était pas ouverte ce jour-là : choisissez un jour où elle l'était.": "The collection was not open that day: choose a day when it was.",
    "Seule une contribution papier se date du jour de son recueil.": "Only a paper contribution is dated the day it was collected.",
    "Une contribution papier ne se saisit après la collecte que par un agent du service qui porte la démarche, datée d'un jour où la collecte était ouverte, si les règles le prévoient.": "A paper contribution is entered after the collection only by an agent of the department running the process, dated a day when the collection was open, if the rules provide for it.",
    "Saisir une contribution papier recueillie pendant la collecte": "Enter a paper contribution collected during the collection",
    "Contribution papier recueillie pendant la collecte (réservé aux agents du service)": "Paper contribution collected during the collection (for the department's agents)",
    "La collecte est close ; les règles de cette démarche comptent les contributions papier recueillies pendant celle-ci. Elle sera marquée « Papier » et datée du jour du recueil.": "The collection is closed; this process's rules count paper contributions collected during it. It will be marked “Paper” and dated the day it was collected.",
}
TRANSLATIONS.update(
    {
        "nombre minimal de « ce n'est pas réalisé » pour rouvrir un suivi": "minimum number of “not done” answers to reopen a follow-up",
        "Plafonné au nombre de personnes qui peuvent répondre.": "Capped at the number of people who may answer.",
        "part des personnes concernées qui doivent répondre « ce n'est pas réalisé » pour rouvrir un suivi (%)": "share of the people concerned who must answer “not done” to reopen a follow-up (%)",
        "dès %(minimum)s personne concernée répondant « non » (toutes, si elles sont moins nombreuses)": (
            "as soon as %(minimum)s person concerned answers “no” (all of them, if there are fewer)",
            "as soon as %(minimum)s people concerned answer “no” (all of them, if there are fewer)",
        ),
        "quand au moins %(proportion)s %% des personnes concernées, et au moins %(minimum)s personne (toutes, si elles sont moins nombreuses), répondent « non »": (
            "when at least %(proportion)s %% of the people concerned, and at least %(minimum)s person (all of them, if there are fewer), answer “no”",
            "when at least %(proportion)s %% of the people concerned, and at least %(minimum)s people (all of them, if there are fewer), answer “no”",
        ),
        "Règle : le suivi est rouvert %(rule)s.": "Rule: the follow-up is reopened %(rule)s.",
        "%(eligible)s personne peut répondre : il faut %(threshold)s « non ».": (
            "%(eligible)s person may answer: %(threshold)s “no” are needed.",
            "%(eligible)s people may answer: %(threshold)s “no” are needed.",
        ),
        "Réponses des personnes concernées : %(yes)s oui, %(no)s non.": "Answers of the people concerned: %(yes)s yes, %(no)s no.",
    }
)
TRANSLATIONS.update(
    {
        "motif (réalisé avec des étapes non franchies)": "reason (done with steps not passed)",
        "L'étape %(steps)s n'est pas franchie : dites pourquoi le résultat est tout de même réalisé (ce motif sera public), ou marquez-la comme franchie.": (
            "The step %(steps)s is not passed: say why the result is done all the same (this reason will be public), or mark it as passed.",
            "The steps %(steps)s are not passed: say why the result is done all the same (this reason will be public), or mark them as passed.",
        ),
        "Pourquoi le résultat est réalisé alors que des étapes ne sont pas franchies": "Why the result is done although steps are not passed",
        "Obligatoire s'il reste des étapes non franchies. Ce motif est publié avec le résultat.": "Required while steps are not passed. This reason is published with the result.",
        "Attention : une étape n'est pas franchie.": (
            "Warning: one step is not passed.",
            "Warning: %(n)s steps are not passed.",
        ),
        "Marquez-les comme franchies ci-dessus, ou dites pourquoi le résultat est tout de même réalisé : ce motif sera publié avec le résultat.": "Mark them as passed above, or say why the result is done all the same: this reason will be published with the result.",
        "Déclaré réalisé alors que des étapes n'étaient pas franchies. Motif donné :": "Declared done while steps were not passed. Reason given:",
    }
)
TRANSLATIONS.update(
    {
        "motif (publiée avant des avis demandés)": "reason (published before opinions asked for)",
        "L'avis demandé à %(departments)s n'est pas encore rendu : dites pourquoi la décision est publiée sans l'attendre (ce motif sera public et inscrit au journal), ou attendez l'avis.": (
            "The opinion asked of %(departments)s has not been given yet: say why the decision is published without waiting for it (this reason will be public and logged), or wait for the opinion.",
            "The opinions asked of %(departments)s have not been given yet: say why the decision is published without waiting for them (this reason will be public and logged), or wait for the opinions.",
        ),
        "Pourquoi publier sans attendre les avis demandés": "Why publish without waiting for the opinions asked for",
        "Obligatoire tant qu'un avis demandé n'est pas rendu. Publié avec la décision et inscrit au journal.": "Required while an opinion asked for has not been given. Published with the decision and logged.",
        "Avis demandés et pas encore rendus": "Opinions asked for and not given yet",
        "Attention : un avis demandé n'est pas encore rendu.": (
            "Warning: an opinion asked for has not been given yet.",
            "Warning: %(n)s opinions asked for have not been given yet.",
        ),
        "%(department)s, sur « %(title)s » (attendu pour le %(deadline)s)": "%(department)s, on “%(title)s” (due on %(deadline)s)",
        "Attendez ces avis, ou dites pourquoi la décision est publiée sans eux : ce motif sera publié avec la décision et inscrit au journal.": "Wait for these opinions, or say why the decision is published without them: this reason will be published with the decision and logged.",
        "Publiée avant que tous les avis demandés soient rendus. Motif donné :": "Published before all the opinions asked for were given. Reason given:",
    }
)
