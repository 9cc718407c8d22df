TRANSLATIONS = {
    "Vous êtes déjà membre de cet acteur.": "You are already a member of this actor.",
}
