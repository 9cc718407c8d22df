"""English for the rulebook commitment labels."""

TRANSLATIONS: dict[str, str | list[str]] = {
    "Qui peut participer": "Who can take part",
    "Ce que deviennent les contributions": "What happens to contributions",
    "Réponse garantie": "Guaranteed response",
    "Délai de réponse": "Response time",
    "Qui décide": "Who decides",
    "Réouverture d'un suivi": "Reopening a follow-up",
}
