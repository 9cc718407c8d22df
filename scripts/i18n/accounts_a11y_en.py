# ruff: noqa: E501
"""English translations for the accessible error summary of the account forms (allauth)."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Le formulaire contient des erreurs : corrigez les champs signalés ci-dessous.": "The form has errors: correct the fields marked below.",
}
