"""English of the msgids added on the branch reports-forms (the lead merges the catalogues)."""

TRANSLATIONS = {
    "Le statut n’a pas été enregistré": "The status was not saved",
    "Le signalement n’a pas été réorienté": "The report was not reassigned",
    "La démarche n’a pas été créée": "The démarche was not created",
    "Créer la démarche": "Create the démarche",
    "Les signalements en cours de la même catégorie à moins de 50 m s’affichent ici : choisissez la catégorie et "
    "le point, puis vérifiez.": "Open reports of the same category within 50 m are shown here: choose the category "
    "and the point, then check.",
    "Vérifier les signalements proches": "Check for nearby reports",
    "Les photos choisies n’ont pas été gardées : choisissez-les de nouveau avant d’envoyer le signalement.": (
        "The chosen photos were not kept: choose them again before sending the report."
    ),
    "Pour un signalement en ligne, en votre nom. Pour quelqu’un d’autre, c’est son courriel qui compte.": (
        "For a report made online, in your own name. For someone else, their e-mail is what counts."
    ),
    "Décochez cette case pour un signalement saisi pour quelqu’un : indiquez plutôt son courriel pour la tenir "
    "informée.": "Untick this box for a report filed for someone: give their e-mail instead to keep them informed.",
}
