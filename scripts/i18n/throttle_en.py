# ruff: noqa: E501
"""English translations for login throttling, per-person write limits, direction controls and protected images."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Trop de tentatives de connexion échouées depuis votre adresse. Réessayez dans quelques minutes ou réinitialisez votre mot de passe.": "Too many failed sign-in attempts from your address. Try again in a few minutes or reset your password.",
    "Trop de tentatives de connexion échouées sur ce compte : il est bloqué jusqu'à %(moment)s. Vous pouvez aussi réinitialiser votre mot de passe.": "Too many failed sign-in attempts on this account: it is locked until %(moment)s. You can also reset your password.",
    "demain à %(time)s": "tomorrow at %(time)s",
}
