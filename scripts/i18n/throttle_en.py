# ruff: noqa: E501
"""English translations for login throttling, per-person write limits, direction controls and protected images."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Trop de tentatives de connexion échouées depuis votre adresse. Réessayez dans quelques minutes ou réinitialisez votre mot de passe.": "Too many failed sign-in attempts from your address. Try again in a few minutes or reset your password.",
    "Trop de tentatives de connexion échouées sur ce compte : il est bloqué jusqu'à %(moment)s. Vous pouvez aussi réinitialiser votre mot de passe.": "Too many failed sign-in attempts on this account: it is locked until %(moment)s. You can also reset your password.",
    "demain à %(time)s": "tomorrow at %(time)s",
    "Vous avez publié beaucoup de commentaires en peu de temps. Vous pourrez publier à nouveau à partir de %(moment)s.": "You have posted many comments in a short time. You can post again from %(moment)s.",
    "Vous avez saisi beaucoup de contributions en peu de temps. Vous pourrez en saisir d'autres à partir de %(moment)s.": "You have recorded many contributions in a short time. You can record more from %(moment)s.",
    "Vous avez publié beaucoup de contributions en peu de temps. Vous pourrez en publier une autre à partir de %(moment)s.": "You have published many contributions in a short time. You can publish another one from %(moment)s.",
    "Vous avez déposé beaucoup de propositions en peu de temps. Vous pourrez en déposer une autre à partir de %(moment)s.": "You have submitted many statements in a short time. You can submit another one from %(moment)s.",
    "Ce texte contient un caractère invisible qui change le sens d'écriture (%(codes)s) : retirez-le, par exemple en retapant le texte au lieu de le coller.": "This text contains an invisible character that changes the writing direction (%(codes)s): remove it, for instance by typing the text instead of pasting it.",
}
