"""English of the msgids added by the moderation of images and profiles (issue 17)."""

TRANSLATIONS = {
    "Image : « %(alt)s », sur « %(title)s »": "Image: “%(alt)s”, on “%(title)s”",
    "image d'une contribution": "contribution image",
    "Cette image a été masquée par la modération": "This image was hidden by the moderators",
    "Décrivez l'image en quelques mots (texte alternatif).": "Describe the image in a few words (alternative text).",
    "Votre image « %(alt)s » a été masquée.": "Your image “%(alt)s” was hidden.",
    "profil masqué le": "profile hidden on",
    "motif du masquage du profil": "reason the profile was hidden",
    "pseudonyme masqué": "hidden pseudonym",
    "Le nom affiché doit compter de 3 à 40 caractères.": "The display name must be 3 to 40 characters long.",
    (
        "Votre pseudonyme a été masqué par la modération : vous ne pouvez pas en changer tant que le masquage "
        "est en vigueur. Vous pouvez le contester depuis votre page publique."
    ): (
        "Your pseudonym was hidden by the moderators: you cannot change it while the decision stands. "
        "You can contest it from your public page."
    ),
    "Pseudonyme : « %(name)s »": "Pseudonym: “%(name)s”",
    "Ce profil a été masqué par la modération": "This profile was hidden by the moderators",
    "Profil masqué": "Hidden profile",
    "Ce que la personne a publié reste visible sur les pages des démarches, sous « Pseudonyme masqué ».": (
        "What this person published stays visible on the démarches' pages, under “Pseudonyme masqué” "
        "(hidden pseudonym)."
    ),
}
