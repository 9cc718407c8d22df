"""Varied French texts for city-scale data, combined from hand-written parts."""

from __future__ import annotations

import random

SUBJECTS = [
    ("Installer des bancs", "pour que les personnes âgées puissent se reposer"),
    ("Créer une piste cyclable protégée", "car les vélos frôlent les voitures aux heures de pointe"),
    ("Planter des arbres", "pour avoir de l'ombre l'été et rafraîchir la rue"),
    ("Réparer l'éclairage public", "la rue est plongée dans le noir depuis des semaines"),
    ("Sécuriser le passage piéton", "les enfants traversent devant l'école sans visibilité"),
    ("Ouvrir un jardin partagé", "plusieurs voisins sont prêts à s'en occuper"),
    ("Ajouter des poubelles de tri", "les déchets débordent chaque week-end"),
    ("Rénover l'aire de jeux", "les toboggans sont abîmés et dangereux"),
    ("Élargir le trottoir", "les poussettes et les fauteuils roulants ne passent pas"),
    ("Installer une fontaine à eau", "il n'y a aucun point d'eau potable à proximité"),
    ("Limiter la vitesse à 30 km/h", "les voitures roulent trop vite devant les commerces"),
    ("Créer des places de stationnement vélo", "les vélos sont accrochés aux grilles faute de mieux"),
    ("Végétaliser la cour de l'école", "la cour est entièrement goudronnée"),
    ("Organiser une navette pour le marché", "les habitants sans voiture ne peuvent pas s'y rendre"),
    ("Ouvrir la médiathèque le dimanche", "c'est le seul jour où les familles sont disponibles"),
    ("Installer des toilettes publiques", "il n'y en a aucune autour du parc"),
    ("Boucher les nids-de-poule", "la chaussée est dangereuse pour les deux-roues"),
    ("Créer un terrain de basket", "les jeunes n'ont aucun équipement sportif en accès libre"),
    ("Mettre des ralentisseurs", "les accidents se multiplient au carrefour"),
    ("Améliorer l'accessibilité de l'arrêt de bus", "la marche est trop haute pour monter"),
]
PLACES = [
    "rue des Tilleuls", "avenue de la Gare", "place du Marché", "rue Victor-Hugo", "quai des Mariniers",
    "parc du Bois-Joli", "école Jules-Ferry", "rue de la République", "boulevard Pasteur", "square des Lilas",
    "chemin des Coteaux", "rue Jean-Jaurès", "allée des Peupliers", "place de l'Église", "rue du Moulin",
]  # fmt: skip
OPENINGS = [
    "Je passe tous les jours par là et",
    "Avec plusieurs voisins, nous avons remarqué que",
    "Parent d'élève, je constate que",
    "Depuis l'an dernier,",
    "Comme beaucoup d'habitants du quartier,",
    "Lors de la réunion publique, plusieurs personnes ont dit que",
]
CLOSINGS = [
    "Merci de regarder ce qui est possible.",
    "Ce serait une vraie amélioration pour tout le monde.",
    "Je suis prêt·e à participer à un atelier sur le sujet.",
    "Une réponse de la mairie serait appréciée.",
    "D'autres villes l'ont fait avec succès.",
]
COMMENT_PARTS = [
    "Tout à fait d'accord, c'est un vrai problème au quotidien.",
    "Je ne suis pas convaincu : le coût risque d'être élevé pour peu d'usage.",
    "Bonne idée, mais il faudrait prévoir l'entretien sur plusieurs années.",
    "C'est déjà prévu dans le plan de mandat, je crois.",
    "Attention aux riverains : le bruit pourrait poser problème le soir.",
    "Oui ! Mes enfants en ont vraiment besoin.",
    "Il faudrait d'abord consulter les commerçants de la rue.",
    "Pourquoi ne pas tester pendant six mois avant de décider ?",
    "Je soutiens, à condition que ce soit accessible aux personnes handicapées.",
    "Le quartier voisin a essayé, et ça a très bien marché.",
]


def contribution_text(rng: random.Random, quartier: str) -> tuple[str, str]:
    subject, reason = rng.choice(SUBJECTS)
    place = rng.choice(PLACES)
    title = f"{subject} {place}"[:140]
    body = (
        f"{rng.choice(OPENINGS)} {reason}, {place} ({quartier}). "
        f"{subject} changerait la vie des riverains. {rng.choice(CLOSINGS)}"
    )
    return title, body


def comment_text(rng: random.Random) -> str:
    first, second = rng.sample(COMMENT_PARTS, 2)
    return f"{first} {second}"
