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
        "This person chose not to show a public page. Their contributions stay visible on the processes' pages."
    ),
    "Aucune personne ne correspond à cette adresse.": "No person matches this address.",
    "Voir les démarches": "See the processes",
    # spaces: the site's search (header and /recherche/)
    "Rechercher sur le site": "Search the site",
    "Rechercher…": "Search…",
    "Votre recherche est trop longue : %(limit_value)d caractères au plus (%(show_value)d saisis).": (
        "Your search is too long: %(limit_value)d characters at most (%(show_value)d typed)."
    ),
    "Décision n° %(number)s — %(outcome)s": "Decision no. %(number)s — %(outcome)s",
    "Recherche : %(q)s": "Search: %(q)s",
    "Mots à chercher": "Words to search for",
    "Démarches, contributions, décisions et résultats. Les accents et les terminaisons (« vélo », « vélos ») "
    "sont ignorés.": (
        "Processes, contributions, decisions and results. Accents and word endings (“vélo”, “vélos”) are ignored."
    ),
    "Votre recherche ne contient aucun mot à chercher (seulement des signes ou des mots trop courants comme "
    "« le » ou « de »). Essayez par exemple « vélo » ou « école ».": (
        "Your search has no word to look for (only punctuation or very common words such as “le” or “de”). "
        "Try for instance “vélo” or “école”."
    ),
    "%(n)s résultat pour « %(q)s »": ("%(n)s result for “%(q)s”", "%(n)s results for “%(q)s”"),
    "Tous les résultats": "All results",
    "Résultats par type": "Results by kind",
    "Voir plus : %(what)s": "See more: %(what)s",
    "Aucun résultat pour « %(q)s ».": "No result for “%(q)s”.",
    "Quelques pistes :": "A few suggestions:",
    "vérifiez l'orthographe des mots ;": "check the spelling of the words;",
    "cherchez moins de mots, ou un mot plus général (« rue » plutôt que « ruelle ») ;": (
        "search for fewer words, or a more general one (“rue” rather than “ruelle”);"
    ),
    "parcourez les listes :": "browse the lists:",
}
