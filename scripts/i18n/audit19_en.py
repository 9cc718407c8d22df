"""English of the msgids added by the audit19 branch (merged into locale/en by the lead)."""

TRANSLATIONS = {
    "jurisdiction_id inconnu : %(given)s. Ce serveur ne sert que %(served)s.": (
        "Unknown jurisdiction_id: %(given)s. This server only serves %(served)s."
    ),
    "Méthode %(method)s non prise en charge ici.": "Method %(method)s is not supported here.",
}
