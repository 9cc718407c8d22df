"""The demo authority: Ville de Bellerive, a fictional commune of about 20,000 inhabitants."""

from __future__ import annotations

from typing import TextIO

from .models import Department, Organisation, Quartier, Theme

ORGANISATION = {
    "name": "Ville de Bellerive",
    "short_name": "Bellerive",
    "insee_code": "99001",
    "siren": "",
    "primary_color": "#1d4e89",
    "secondary_color": "#7a3b00",
    "address": "Hôtel de ville\n1 place de la République\n99100 Bellerive",
    "contact_email": "participation@bellerive.example",
    "accessibility_contact_email": "accessibilite@bellerive.example",
    "dpo_email": "dpo@bellerive.example",
    "publication_director": "Le maire de Bellerive",
    "host_description": "Serveurs de la Ville de Bellerive, hôtel de ville, 99100 Bellerive.",
}

THEMES = [
    ("voirie", "Voirie et stationnement"),
    ("mobilite", "Mobilités et vélo"),
    ("espaces-verts", "Espaces verts et nature en ville"),
    ("proprete", "Propreté"),
    ("enfance", "Enfance et écoles"),
    ("jeunesse", "Jeunesse"),
    ("culture", "Culture et patrimoine"),
    ("sport", "Sport"),
    ("etat-civil", "État civil et accueil du public"),
    ("urbanisme", "Urbanisme et logement"),
    ("solidarites", "Solidarités et action sociale"),
    ("numerique", "Numérique et démarches en ligne"),
    ("securite", "Tranquillité publique"),
    ("environnement", "Transition écologique"),
]

# Grid of the commune: longitudes 1.900–1.980, latitudes 47.800–47.850.
LON = [1.900, 1.920, 1.940, 1.960, 1.980]
LAT = [47.800, 47.825, 47.850]


def _rectangle(lon_min: float, lat_min: float, lon_max: float, lat_max: float) -> dict[str, object]:
    return {
        "type": "Polygon",
        "coordinates": [
            [[lon_min, lat_min], [lon_max, lat_min], [lon_max, lat_max], [lon_min, lat_max], [lon_min, lat_min]]
        ],
    }


QUARTIERS = [
    ("centre-ville", "Centre-Ville", 4120, _rectangle(LON[1], LAT[1], LON[2], LAT[2])),
    ("les-tilleuls", "Les Tilleuls", 2310, _rectangle(LON[0], LAT[1], LON[1], LAT[2])),
    ("la-gare", "La Gare", 3280, _rectangle(LON[2], LAT[1], LON[3], LAT[2])),
    ("le-port", "Le Port", 1860, _rectangle(LON[3], LAT[1], LON[4], LAT[2])),
    ("les-coteaux", "Les Coteaux", 2650, _rectangle(LON[0], LAT[0], LON[1], LAT[1])),
    ("bois-joli", "Bois-Joli", 2940, _rectangle(LON[1], LAT[0], LON[2], LAT[1])),
    ("plaine-saint-martin", "La Plaine-Saint-Martin", 3270, _rectangle(LON[2], LAT[0], LON[4], LAT[1])),
]

DEPARTMENTS = [
    (
        "voirie",
        "Voirie et déplacements",
        "Chaussées, trottoirs, stationnement, signalisation et pistes cyclables.",
        ["voirie", "mobilite", "securite"],
    ),
    (
        "espaces-verts",
        "Espaces verts et environnement",
        "Parcs, squares, arbres d'alignement, jardins partagés.",
        ["espaces-verts", "environnement"],
    ),
    ("proprete", "Propreté urbaine", "Nettoiement des rues, dépôts sauvages, corbeilles, tags.", ["proprete"]),
    (
        "enfance",
        "Enfance et éducation",
        "Écoles, restauration scolaire, accueils périscolaires, crèches.",
        ["enfance", "jeunesse"],
    ),
    ("culture", "Culture et patrimoine", "Médiathèque, conservatoire, saison culturelle, patrimoine.", ["culture"]),
    ("sport", "Sports", "Équipements sportifs, associations sportives, événements.", ["sport", "jeunesse"]),
    (
        "accueil",
        "État civil et accueil du public",
        "Accueil de l'hôtel de ville, état civil, élections, titres d'identité.",
        ["etat-civil"],
    ),
    ("urbanisme", "Urbanisme", "Plan local d'urbanisme, permis de construire, aménagement.", ["urbanisme"]),
    ("ccas", "Action sociale (CCAS)", "Aides, seniors, handicap, logement d'urgence.", ["solidarites"]),
    (
        "numerique",
        "Numérique et démarches en ligne",
        "Démarches en ligne, inclusion numérique, données ouvertes.",
        ["numerique"],
    ),
    ("finances", "Finances et commande publique", "Budget, estimations de coût, marchés publics.", []),
    ("juridique", "Affaires juridiques", "Conseil juridique, assurances, contentieux.", []),
]


def seed(stdout: TextIO) -> None:
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is None:
        Organisation.objects.create(**ORGANISATION)
    themes = {}
    for slug, name in THEMES:
        themes[slug], _created = Theme.objects.update_or_create(slug=slug, defaults={"name": name})
    for slug, name, population, boundary in QUARTIERS:
        Quartier.objects.update_or_create(
            slug=slug, defaults={"name": name, "population": population, "boundary": boundary}
        )
    for slug, name, description, theme_slugs in DEPARTMENTS:
        department, _created = Department.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        department.themes.set([themes[t] for t in theme_slugs])
    stdout.write(f"  territoire : {len(QUARTIERS)} quartiers, {len(DEPARTMENTS)} services, {len(THEMES)} thèmes")
