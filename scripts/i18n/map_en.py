"""English for the map's strings (basemap, address search, place of a contribution, kept photo)."""

TRANSLATIONS = {
    "La recherche d'adresse n'est pas disponible sur ce site. Placez le point sur la carte.": (
        "Address search is not available on this site. Place the point on the map."
    ),
    "La recherche d'adresse ne répond pas pour le moment. Réessayez plus tard, ou placez le point sur la carte.": (
        "Address search is not answering at the moment. Try again later, or place the point on the map."
    ),
    "Trop de recherches d'adresse en peu de temps. Réessayez dans une minute.": (
        "Too many address searches in a short time. Try again in a minute."
    ),
    "Saisissez au moins 3 caractères de l'adresse.": "Type at least 3 characters of the address.",
    "L'adresse saisie est trop longue (200 caractères au plus).": "The address is too long (200 characters at most).",
    "Indiquez une latitude et une longitude valides.": "Give a valid latitude and longitude.",
}
