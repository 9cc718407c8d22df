"""English for the msgids of the branch actor-links (issue 20: an actor's missions, events and contributions)."""

TRANSLATIONS = {
    # missions
    "Seuls les agents de la commune et les membres d’un acteur publient des missions et des rencontres.": (
        "Only the commune's agents and the members of an actor publish missions and events."
    ),
    "Au nom de l’acteur": "On behalf of the actor",
    "au nom de l’acteur": "on behalf of the actor",
    "Un acteur du réseau dont vous êtes membre : il apparaît comme organisateur.": (
        "An actor of the network you are a member of: it is shown as the organiser."
    ),
    "Choisissez l’acteur au nom duquel vous publiez.": "Choose the actor on whose behalf you publish.",
    "Ses missions bénévoles": "Its volunteering missions",
    "Passées": "Past",
    "Aucune mission à venir.": "No upcoming mission.",
    "Nouvelle mission en son nom": "New mission on its behalf",
    "Ses rencontres": "Its events",
    "Aucune rencontre à venir.": "No upcoming event.",
    "Nouvelle rencontre en son nom": "New event on its behalf",
    # contributions
    "Au nom d’un acteur (facultatif)": "On behalf of an actor (optional)",
    # network
    "Seul·e l'auteur·rice d'une contribution la fait au nom d'un acteur.": (
        "Only a contribution's author makes it on behalf of an actor."
    ),
    "Une démarche pseudonyme ne montre pas au nom de qui l'on contribue.": (
        "A pseudonymous process does not show on whose behalf one contributes."
    ),
    "contribution au nom d’un acteur": "contribution on behalf of an actor",
    "contributions au nom d’un acteur": "contributions on behalf of an actor",
    "Un acteur du réseau dont vous êtes membre : sa page listera cette contribution.": (
        "An actor of the network you are a member of: its page will list this contribution."
    ),
    "Contribution faite au nom de": "Contribution made on behalf of",
    "Contributions faites en son nom": "Contributions made on its behalf",
    "Aucune contribution en son nom pour le moment.": "No contribution on its behalf yet.",
}
