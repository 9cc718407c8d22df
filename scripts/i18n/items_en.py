"""English translations for the items the machinery works on (cocite.items, issue 14)."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Éléments": "Items",
    "élément": "item",
    "éléments": "items",
    "type": "type",
    "identifiant": "identifier",
    "créé le": "created on",
}
