"""English of the msgids added by the audit19 branch (merged into locale/en by the lead)."""

TRANSLATIONS = {
    "jurisdiction_id inconnu : %(given)s. Ce serveur ne sert que %(served)s.": (
        "Unknown jurisdiction_id: %(given)s. This server only serves %(served)s."
    ),
    "Méthode %(method)s non prise en charge ici.": "Method %(method)s is not supported here.",
    "Lieu sur la carte (facultatif)": "Place on the map (optional)",
    "Cherchez une adresse, utilisez votre position ou cliquez sur la carte pour placer le point du lieu : "
    "la latitude et la longitude se remplissent, et le quartier en est déduit.": (
        "Search for an address, use your location or click on the map to place the point of the place: "
        "the latitude and longitude are filled in, and the neighbourhood is derived from it."
    ),
    "Carte du lieu : %(address)s": "Map of the place: %(address)s",
    "Délais de réponse promis : %(title)s": "Promised answer delays: %(title)s",
    "Délai promis": "Promised delay",
    "Agir près de chez vous": "Act near you",
    "Les signalements, sur la carte et en liste": "Reports, on the map and as a list",
    "La date prévue de l'intervention ne peut pas être passée.": "The planned date of the work cannot be in the past.",
    "Mes signalements": "My reports",
    "Les signalements que vous avez faits et ceux que vous suivez, avec leur statut. "
    "Vous êtes prévenu·e à chaque changement.": (
        "The reports you made and those you follow, with their status. You are told of every change."
    ),
    "%(n)s signalement, le plus récent d’abord": (
        "%(n)s report, the most recent first",
        "%(n)s reports, the most recent first",
    ),
    "Lien avec vous": "Your link to it",
    "Signalé par vous": "Reported by you",
    "Suivi par vous": "Followed by you",
    "Vous n’avez encore fait ni suivi aucun signalement.": "You have not made or followed any report yet.",
    "courriel pour tenir la personne informée": "email to keep the person informed",
    "Courriel de la personne (facultatif)": "The person's email (optional)",
    "Si elle veut être tenue informée : elle reçoit un courriel à chaque étape. Jamais affiché.": (
        "If they want to be kept informed: they get an email at each step. Never shown."
    ),
    "Votre signalement : %(status)s": "Your report: %(status)s",
    "Votre signalement « %(title)s » : %(status)s.": "Your report “%(title)s”: %(status)s.",
    "Message du service :": "Message from the department:",
    "Suivi public : %(url)s": "Public follow-up: %(url)s",
}
