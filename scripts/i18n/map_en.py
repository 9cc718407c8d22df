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
TRANSLATIONS.update(
    {
        "Zoom avant": "Zoom in",
        "Zoom arrière": "Zoom out",
        "Lieu": "Place",
        "point sans adresse connue (%(lat)s, %(lon)s)": "point with no known address (%(lat)s, %(lon)s)",
        "Un point placé sur la carte, dans le quartier %(name)s (adresse inconnue).": (
            "A point placed on the map, in the %(name)s neighbourhood (address unknown)."
        ),
        "Un point placé sur la carte (adresse inconnue).": "A point placed on the map (address unknown).",
        "Carte : le lieu de la contribution, %(address)s": "Map: the place of the contribution, %(address)s",
        "Carte : le lieu de la contribution": "Map: the place of the contribution",
        "Adresses trouvées : {n}. Choisissez-en une avec les flèches puis Entrée, ou en cliquant.": (
            "Addresses found: {n}. Choose one with the arrow keys then Enter, or by clicking."
        ),
        "Aucune adresse trouvée. Vérifiez la saisie, ou placez le point sur la carte.": (
            "No address found. Check what you typed, or place the point on the map."
        ),
        "Recherche en cours…": "Searching…",
        "Saisissez au moins 3 caractères de l’adresse.": "Type at least 3 characters of the address.",
        "La recherche d’adresse ne répond pas pour le moment. Placez le point sur la carte.": (
            "Address search is not answering at the moment. Place the point on the map."
        ),
        "Recherche de votre position…": "Finding your position…",
        "Votre position n’a pas pu être obtenue (autorisation refusée ou position indisponible). "
        "Cherchez une adresse ou placez le point sur la carte.": (
            "Your position could not be obtained (permission refused or position unavailable). "
            "Search for an address or place the point on the map."
        ),
        "Votre navigateur ne peut pas donner votre position. Cherchez une adresse ou placez le point sur la carte.": (
            "Your browser cannot give your position. Search for an address or place the point on the map."
        ),
        "Rechercher une adresse": "Search for an address",
        "Par exemple : 12 rue des Écoles. Les adresses trouvées s’affichent sous le champ.": (
            "For example: 12 rue des Écoles. The addresses found appear below the field."
        ),
        "Chercher": "Search",
        "Adresses trouvées": "Addresses found",
        "Utiliser ma position": "Use my position",
        "Facultatif : cherchez une adresse, utilisez votre position ou cliquez sur la carte pour placer un point ; "
        "vous pouvez aussi saisir ses coordonnées. Le quartier du point s’affiche sous la carte.": (
            "Optional: search for an address, use your position or click on the map to place a point; you can also "
            "type its coordinates. The point's neighbourhood is shown below the map."
        ),
        "Point placé dans le quartier {quartier}.": "Point placed in the {quartier} neighbourhood.",
        "Point placé : {address} (quartier {quartier}).": "Point placed: {address} ({quartier} neighbourhood).",
        "Point placé.": "Point placed.",
        "Ce point est dans le quartier {quartier}, qui n’est pas concerné par cette démarche "
        "(elle concerne : {names}). Déplacez-le, ou ne placez pas de point.": (
            "This point is in the {quartier} neighbourhood, which this process does not cover "
            "(it covers: {names}). Move it, or place no point."
        ),
        "Ce point est en dehors de la commune. Placez-le dans l’un des quartiers dessinés sur la carte, "
        "ou ne placez pas de point.": (
            "This point is outside the municipality. Place it in one of the neighbourhoods drawn on the map, "
            "or place no point."
        ),
        "Point placé": "Point placed",
        "Photo conservée : %(name)s": "Photo kept: %(name)s",
        "Retirer cette photo": "Remove this photo",
        "Pour la remplacer, choisissez un autre fichier ci-dessous.": "To replace it, choose another file below.",
        "adresse": "address",
        "image en attente": "pending image",
        "images en attente": "pending images",
    }
)
