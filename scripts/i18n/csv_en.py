# ruff: noqa: E501
"""English translations for issue 13 (helper "csv"): CSV formula-injection notes, anonymising from the admin."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Dans le fichier CSV, une valeur qui commence par =, +, -, @, une tabulation, un retour chariot ou un caractère nul est précédée d'une apostrophe ('), pour qu'un tableur ne l'exécute pas comme une formule (recommandation OWASP) ; le fichier JSON donne la valeur telle quelle.": "In the CSV file, a value beginning with =, +, -, @, a tab, a carriage return or a null character is preceded by an apostrophe ('), so that a spreadsheet does not run it as a formula (OWASP recommendation); the JSON file gives the value as it is.",
    "Protection des tableurs : dans les fichiers CSV, une valeur de texte qui commence par =, +, -, @, une tabulation, un retour chariot ou un caractère nul est précédée d'une apostrophe ('), pour qu'un tableur ne l'exécute pas comme une formule (recommandation OWASP). Les colonnes de nombres ne sont jamais modifiées ; les fichiers JSON donnent les valeurs telles quelles.": "Spreadsheet protection: in the CSV files, a text value beginning with =, +, -, @, a tab, a carriage return or a null character is preceded by an apostrophe ('), so that a spreadsheet does not run it as a formula (OWASP recommendation). Number columns are never changed; the JSON files give the values as they are.",
    # Removing a person in the admin (accounts/admin.py, templates/admin/accounts/user/)
    "Compte anonymisé (suppression depuis l'administration).": "Account anonymised (deleted from the administration).",
    "Supprimer ce compte (anonymisation)": "Delete this account (anonymisation)",
    "Le compte « %(name)s » est anonymisé : ce qu'il a publié reste, sous « Compte supprimé ».": "The account “%(name)s” is anonymised: what it published stays, under “Deleted account”.",
    "Supprimer les comptes sélectionnés (anonymisation)": "Delete the selected accounts (anonymisation)",
    "Votre propre compte n'est pas concerné : supprimez-le depuis « Supprimer mon compte ».": "Your own account is left out: delete it from “Delete my account”.",
    "%(n)s compte anonymisé : ce qu'il a publié reste, sous « Compte supprimé ».": [
        "%(n)s account anonymised: what it published stays, under “Deleted account”.",
        "%(n)s accounts anonymised: what they published stays, under “Deleted account”.",
    ],
    "Supprimer des comptes (anonymisation)": "Delete accounts (anonymisation)",
    "Supprimer le compte « %(name)s » l'anonymise, sans effacer ce que la personne a publié :": "Deleting the account “%(name)s” anonymises it, without erasing what the person published:",
    "Supprimer le compte sélectionné l'anonymise, sans effacer ce que la personne a publié :": [
        "Deleting the selected account anonymises it, without erasing what the person published:",
        "Deleting the %(n)s selected accounts anonymises them, without erasing what these people published:",
    ],
    "l'adresse électronique, le nom, le quartier, les rôles et le mot de passe sont effacés ; le compte est désactivé et ne peut plus se connecter ;": "the email address, name, quartier, roles and password are erased; the account is deactivated and can no longer sign in;",
    "les abonnements, notifications, préférences de courriel, invitations et appartenances aux services sont supprimés ;": "follows, notifications, email preferences, invitations and department memberships are deleted;",
    "ce qui a été publié (contributions, commentaires, soutiens, marques « utile », réponses à « Est-ce bien réalisé ? ») reste en place et compté, sous le nom « Compte supprimé » : les compteurs restent exacts.": "what was published (contributions, comments, supports, “useful” marks, answers to “Is it really done?”) stays in place and counted, under the name “Deleted account”: the counters stay exact.",
    "C'est définitif. C'est la même opération que « Supprimer mon compte » sur le site.": "This cannot be undone. It is the same operation as “Delete my account” on the site.",
    "Oui, anonymiser ce compte": "Yes, anonymise this account",
    "Oui, anonymiser ces comptes": "Yes, anonymise these accounts",
    "Non, revenir en arrière": "No, take me back",
}
