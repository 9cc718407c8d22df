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
}
