# ruff: noqa: E501
"""English of the strings added for issue 16's « small things a user notices » (helper: small)."""

TRANSLATIONS = {
    "Lire la synthèse publiée : « %(title)s »": "Read the published synthesis: “%(title)s”",
    # allauth's mails (templates/account/email/)
    "Bonjour,": "Hello,",
    "L'équipe de %(site_name)s": "The %(site_name)s team",
    "Cette adresse a été donnée pour un compte sur %(site_name)s.": "This address was given for an account on %(site_name)s.",
    "Votre code de vérification, à saisir dans la page restée ouverte :": "Your verification code, to type in the page you left open:",
    "Pour confirmer qu'elle est bien la vôtre, ouvrez ce lien :": "To confirm that it is yours, open this link:",
    "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : rien ne sera fait sans confirmation.": "If you did not ask for this, ignore this message: nothing happens without a confirmation.",
    "Confirmez votre adresse électronique": "Confirm your email address",
    # Admin sections (cocite/accounts/apps.py, cocite/core/third_party_apps.py)
    "Comptes et profils": "Accounts and profiles",
    "Adresses e-mail et connexions": "Email addresses and logins",
    "File des tâches de fond": "Background task queue",
    # django-tasks-db's own English msgids, extracted from third_party_apps.py (French: small_fr.py)
    "Task Result": "Task Result",
    "Task Results": "Task Results",
    # Header (templates/partials/site_header.html)
    "Menu": "Menu",
    # Quartier and department pages (templates/spaces/quartier.html, department.html)
    "Les démarches qui concernent ce quartier": "The démarches about this quartier",
    "Ses contributions à %(name)s": "Its contributions in %(name)s",
    "Aucune démarche ne concerne ce quartier en particulier pour le moment.": "No démarche is about this quartier in particular for now.",
    "Les dernières contributions placées dans ce quartier": "The latest contributions placed in this quartier",
    "Aucune contribution n'est encore placée dans ce quartier.": "No contribution is placed in this quartier yet.",
    "Contact :": "Contact:",
    "Les démarches qu'il pilote": "The démarches it runs",
    "Ce service ne pilote aucune démarche ouverte pour le moment.": "This department runs no open démarche for now.",
    "Ses réponses officielles": "Its official answers",
    "Ce service n'a pas encore publié de réponse officielle.": "This department has not published an official answer yet.",
    "Ses résultats": "Its results",
    "Tous ses résultats": "All its results",
    "Aucun résultat n'est encore suivi par ce service.": "No result is followed by this department yet.",
    # Open data (templates/opendata/index.html)
    "Fichiers générés le %(date)s (régénérés chaque nuit vers %(hour)s h).": "Files generated on %(date)s (regenerated every night at about %(hour)s:00).",
    "Ils le seront cette nuit vers %(hour)s h.": "They will be tonight, at about %(hour)s:00.",
}
