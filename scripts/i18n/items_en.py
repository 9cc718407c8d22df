"""English translations for the items the machinery works on (cocite.items, issue 14)."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Éléments": "Items",
    "élément": "item",
    "éléments": "items",
    "type": "type",
    "identifiant": "identifier",
    "créé le": "created on",
    "Fusionnée avec un autre élément": "Merged with another item",
    "éléments concernés": "items concerned",
    "élément concerné": "item concerned",
    "éléments à l'origine": "originating items",
    "Élément concerné": ["Item concerned", "%(n)s items concerned"],
}
