TRANSLATIONS = {
    "Changer le statut des signalements": "Change the status of reports",
    "Se lisent aussi : les signalements et leur historique public (<code>signalements</code>), les missions "
    "bénévoles et les rencontres avec leurs places libres (<code>missions</code>, <code>missions/rencontres</code>), "
    "les acteurs du territoire et les initiatives avec leurs appels à l’aide (<code>reseau/acteurs</code>, "
    "<code>reseau/initiatives</code>), les indicateurs de qualité des services et les pages d’information vérifiées "
    "(<code>qualite/services</code>, <code>qualite/pages</code>). Leurs listes se parcourent aussi par curseur "
    "(<code>next_cursor</code>) ; aucune ne contient de données personnelles.": (
        "Also readable: reports and their public history (<code>signalements</code>), volunteering missions and "
        "events with their free places (<code>missions</code>, <code>missions/rencontres</code>), local actors and "
        "initiatives with their calls for help (<code>reseau/acteurs</code>, <code>reseau/initiatives</code>), "
        "service quality indicators and verified information pages (<code>qualite/services</code>, "
        "<code>qualite/pages</code>). Their lists are also paged by cursor (<code>next_cursor</code>); none "
        "contains personal data."
    ),
    "Un jeton d’application avec le droit « Changer le statut des signalements » fait avancer un signalement depuis "
    "l’outil de gestion des interventions de la commune, avec les règles du site : un motif pour « non retenu », une "
    "date pour « planifié », l’organisme compétent pour « hors compétence ».": (
        "An application token with the right « Change the status of reports » moves a report forward from the "
        "commune's work-order tool, with the site's rules: a reason for « not accepted », a date for « planned », "
        "the competent body for « not our competence »."
    ),
}
