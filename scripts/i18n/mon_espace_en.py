# ruff: noqa: E501
"""English translations for « Mon espace » (each person's start page) and its header link."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Mon espace": "My space",
    "Bonjour %(name)s.": "Hello %(name)s.",
    # Agents
    "Mes services": "My departments",
    "Boîte de réception : %(name)s": "Inbox: %(name)s",
    "%(n)s à traiter": ["%(n)s to handle", "%(n)s to handle"],
    "%(n)s en retard": ["%(n)s overdue", "%(n)s overdue"],
    "Avis demandés à mon service": "Opinions asked of my department",
    # Elected officials
    "Décisions à prendre": "Decisions to take",
    "Prêtes pour décision (avis rendus ou réponse due)": "Ready for a decision (opinions in or an answer owed)",
    "réponse due le %(date)s": "answer due on %(date)s",
    "Aucune contribution n'attend votre décision.": "No contribution is waiting for your decision.",
    "Derniers avis reçus": "Latest opinions received",
    "Aucun avis reçu pour l'instant.": "No opinion received yet.",
    "Engagements en danger": "Commitments at risk",
    "Aucun engagement de réponse n'arrive à échéance cette semaine.": "No answer commitment falls due this week.",
    "Tableau de bord des engagements": "Commitments dashboard",
    # Administrators
    "Administration du site": "Site administration",
    "Paramètres de la collectivité": "The authority's settings",
    "Services et agents": "Departments and agents",
    # Everyone
    "Ma participation": "My participation",
    "Mes contributions": "My contributions",
    "Vous n'avez pas encore contribué.": "You have not contributed yet.",
    "Voir les démarches ouvertes": "See the open processes",
    "Ce qu'elles sont devenues": "What became of them",
    "Aucune décision n'a encore été prise sur vos contributions.": "No decision has been taken on your contributions yet.",
    "Mes soutiens": "My supports",
    "Vous ne soutenez encore aucune contribution.": "You do not support any contribution yet.",
    "Ce que je suis": "What I follow",
    "Mes notifications": "My notifications",
    # The instruction workspace: a pending opinion someone else must give
    "C'est au service %(department)s de le rendre.": "It is for %(department)s to give it.",
}
