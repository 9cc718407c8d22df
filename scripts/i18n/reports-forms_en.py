"""English of the msgids added on the branch reports-forms (the lead merges the catalogues)."""

TRANSLATIONS = {
    "Le statut n’a pas été enregistré": "The status was not saved",
    "Le signalement n’a pas été réorienté": "The report was not reassigned",
    "La démarche n’a pas été créée": "The démarche was not created",
    "Créer la démarche": "Create the démarche",
}
