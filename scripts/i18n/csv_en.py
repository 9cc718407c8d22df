# ruff: noqa: E501
"""English translations for the CSV formula-injection notes of the open data (issue 13)."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Dans le fichier CSV, une valeur qui commence par =, +, -, @, une tabulation, un retour chariot ou un caractère nul est précédée d'une apostrophe ('), pour qu'un tableur ne l'exécute pas comme une formule (recommandation OWASP) ; le fichier JSON donne la valeur telle quelle.": "In the CSV file, a value beginning with =, +, -, @, a tab, a carriage return or a null character is preceded by an apostrophe ('), so that a spreadsheet does not run it as a formula (OWASP recommendation); the JSON file gives the value as it is.",
    "Protection des tableurs : dans les fichiers CSV, une valeur de texte qui commence par =, +, -, @, une tabulation, un retour chariot ou un caractère nul est précédée d'une apostrophe ('), pour qu'un tableur ne l'exécute pas comme une formule (recommandation OWASP). Les colonnes de nombres ne sont jamais modifiées ; les fichiers JSON donnent les valeurs telles quelles.": "Spreadsheet protection: in the CSV files, a text value beginning with =, +, -, @, a tab, a carriage return or a null character is preceded by an apostrophe ('), so that a spreadsheet does not run it as a formula (OWASP recommendation). Number columns are never changed; the JSON files give the values as they are.",
}
