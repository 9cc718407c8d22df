"""English of the msgids added by the branch reports-more (applied by scripts/i18n/apply_pending.py)."""

TRANSLATIONS = {
    # cocite/demarches/actions.py
    "Seuls les agents du service, ou un·e administrateur·rice, créent une démarche pour ce service.": (
        "Only the department's staff, or an administrator, create a process for this department."
    ),
    # cocite/reports/actions.py, views.py, queries.py
    "Ces signalements sont déjà repris dans la démarche « %(title)s ».": (
        "These reports are already part of the process “%(title)s”."
    ),
    "Ces signalements sont déjà repris dans une démarche, encore en brouillon.": (
        "These reports are already part of a process, still a draft."
    ),
    "Aucun signalement à reprendre pour cette catégorie et ce quartier.": (
        "No report to carry over for this category and neighbourhood."
    ),
    "Cette démarche reprend %(n)s signalement de la catégorie « %(category)s » :": (
        "This process carries %(n)s report of the category “%(category)s”:",
        "This process carries %(n)s reports of the category “%(category)s”:",
    ),
    "Choisissez un quartier proposé.": "Choose one of the neighbourhoods offered.",
    "Démarche « %(title)s » créée en brouillon : %(n)s signalement y est rattaché.": (
        "Process “%(title)s” created as a draft: %(n)s report is linked to it.",
        "Process “%(title)s” created as a draft: %(n)s reports are linked to it.",
    ),
    "Le %(n)s signalement à l’origine de cette démarche": (
        "The %(n)s report behind this process",
        "The %(n)s reports behind this process",
    ),
    # cocite/reports/datasets.py
    "Les problèmes signalés dans l'espace public : catégorie, service, quartier, statut, dates et point "
    "arrondi comme sur le site ; jamais l'identité de la personne, ni les signalements masqués par la "
    "modération.": (
        "Problems reported in public space: category, department, neighbourhood, status, dates and location "
        "rounded as on the site; never the reporter's identity, nor the reports hidden by moderation."
    ),
    # templates/reports/detail.html
    'À l’origine de la démarche <a href="%(url)s">%(title)s</a>': 'Behind the process <a href="%(url)s">%(title)s</a>',
    # templates/reports/patterns.html
    "Crée une démarche en brouillon, portée par le service de la catégorie : les signalements de cette catégorie "
    "(et du quartier choisi) y sont rattachés et la citent sur leur page. Vous voyez d’abord combien de "
    "signalements seront repris.": (
        "Creates a draft process run by the category's department: the reports of this category (and of the "
        "chosen neighbourhood) are linked to it and name it on their page. You first see how many reports will "
        "be carried over."
    ),
    "Voir les signalements à reprendre": "See the reports to carry over",
    # templates/reports/to_demarche.html
    "Catégorie « %(category)s », quartier %(quartier)s.": "Category “%(category)s”, neighbourhood %(quartier)s.",
    "Catégorie « %(category)s », tous les quartiers.": "Category “%(category)s”, all neighbourhoods.",
    "La démarche sera portée par le service %(department)s, en brouillon.": (
        "The process will be run by the department %(department)s, as a draft."
    ),
    "%(n)s signalement sera rattaché à la démarche.": (
        "%(n)s report will be linked to the process.",
        "%(n)s reports will be linked to the process.",
    ),
    "%(n)s autre, déjà repris dans une démarche, ne l’est pas une seconde fois.": (
        "%(n)s other, already part of a process, is not carried a second time.",
        "%(n)s others, already part of a process, are not carried a second time.",
    ),
    "Créer la démarche avec ce signalement": (
        "Create the process with this report",
        "Create the process with these %(n)s reports",
    ),
    "Signalements qui seront rattachés": "Reports that will be linked",
    "Revenir aux tendances": "Back to the trends",
    # templates/reports/demarche.html
    "Signalements à l’origine de « %(title)s »": "Reports behind “%(title)s”",
    "Voir la démarche": "See the process",
    "Démarche en brouillon, portée par le service %(department)s : elle n’est pas encore publiée.": (
        "Draft process, run by the department %(department)s: it is not published yet."
    ),
    "%(n)s signalement rattaché": ("%(n)s linked report", "%(n)s linked reports"),
    "Aucun signalement n’est rattaché à cette démarche.": "No report is linked to this process.",
}
