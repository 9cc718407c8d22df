"""English of the strings added by public profiles and the site's search (issue 16)."""

TRANSLATIONS = {
    # accounts: the « profil public » preference
    "profil public": "public profile",
    "Une page liste, sous votre pseudonyme, ce que vous avez publié (contributions, commentaires). "
    "Vos soutiens, abonnements, nom réel et adresse n’y figurent jamais.": (
        "A page lists what you published under your pseudonym (contributions, comments). "
        "Your supports, follows, real name and address never appear on it."
    ),
    "Montrer ma page publique (ce que j'ai publié sous mon pseudonyme)": (
        "Show my public page (what I published under my pseudonym)"
    ),
    # spaces: public profile
    "%(name)s — profil public": "%(name)s — public profile",
    "Ce que cette personne a publié sous son pseudonyme, tel que vous pouvez le voir. "
    "Ses soutiens, abonnements et coordonnées ne sont jamais affichés.": (
        "What this person published under their pseudonym, as you may see it. "
        "Their supports, follows and contact details are never shown."
    ),
    "Retour au profil": "Back to the profile",
    "Voir plus de contributions": "See more contributions",
    "Aucune contribution visible.": "No visible contribution.",
    "Arguments et commentaires": "Arguments and comments",
    "Sur « %(title)s »": "On “%(title)s”",
    "Voir plus de commentaires": "See more comments",
    "Aucun commentaire visible.": "No visible comment.",
    "Réponses officielles": "Official answers",
    "au nom du service %(name)s": "on behalf of the %(name)s department",
    "Voir plus de réponses officielles": "See more official answers",
    "Profil indisponible": "Profile unavailable",
    "Ce compte a été supprimé. Ce que la personne avait publié reste visible sous « Compte supprimé », "
    "sans page de profil.": (
        "This account was deleted. What the person had published stays visible under “Deleted account”, "
        "without a profile page."
    ),
    "Cette personne a choisi de ne pas afficher de page publique. "
    "Ses contributions restent visibles sur les pages des démarches.": (
        "This person chose not to show a public page. Their contributions stay visible on the pages of the "
        "participation processes."
    ),
    "Aucune personne ne correspond à cette adresse.": "No person matches this address.",
    "Voir les démarches": "See the participation processes",
}
