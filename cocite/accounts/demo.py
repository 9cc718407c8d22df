"""Demo people: about forty residents, agents, elected officials, a moderator and an administrator."""

from __future__ import annotations

from functools import lru_cache
from typing import TextIO

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cocite.territory.models import Department, DepartmentMembership, Quartier

from .models import User

DEMO_PASSWORD = "bellerive-demo-2026"
DEMO_DOMAIN = "demo.bellerive.example"

# (email local part, first name, last name, pseudonym, quartier slug)
RESIDENTS = [
    ("camille.martin", "Camille", "Martin", "Camille_des_Tilleuls", "les-tilleuls"),
    ("yanis.benali", "Yanis", "Benali", "YanisB", "la-gare"),
    ("lea.dubois", "Léa", "Dubois", "Léa à vélo", "centre-ville"),
    ("mamadou.diallo", "Mamadou", "Diallo", "Mamadou D.", "plaine-saint-martin"),
    ("sophie.lefebvre", "Sophie", "Lefebvre", "Maman de Bois-Joli", "bois-joli"),
    ("hugo.moreau", "Hugo", "Moreau", "Hugo_M", "le-port"),
    ("ines.garcia", "Inès", "Garcia", "Inès G.", "les-coteaux"),
    ("bernard.petit", "Bernard", "Petit", "Bernard, retraité", "centre-ville"),
    ("nadia.haddad", "Nadia", "Haddad", "Nadia H.", "la-gare"),
    ("thomas.roux", "Thomas", "Roux", "Tom du Port", "le-port"),
    ("chloe.fournier", "Chloé", "Fournier", "Chloé F.", "les-tilleuls"),
    ("karim.mansouri", "Karim", "Mansouri", "Karim_Coteaux", "les-coteaux"),
    ("julie.girard", "Julie", "Girard", "JulieG", "bois-joli"),
    ("francoise.bonnet", "Françoise", "Bonnet", "Françoise B.", "plaine-saint-martin"),
    ("lucas.lambert", "Lucas", "Lambert", "Lucas_L", "centre-ville"),
    ("aicha.traore", "Aïcha", "Traoré", "Aïcha T.", "la-gare"),
    ("pierre.fontaine", "Pierre", "Fontaine", "Pierre du marché", "centre-ville"),
    ("emma.rousseau", "Emma", "Rousseau", "Emma R.", "les-tilleuls"),
    ("olivier.vincent", "Olivier", "Vincent", "Olivier V.", "plaine-saint-martin"),
    ("sarah.muller", "Sarah", "Muller", "Sarah_M", "bois-joli"),
    ("antoine.leroy", "Antoine", "Leroy", "Antoine, parent d'élève", "les-coteaux"),
    ("manon.andre", "Manon", "André", "Manon A.", "le-port"),
    ("rachid.belkacem", "Rachid", "Belkacem", "Rachid B.", "la-gare"),
    ("isabelle.mercier", "Isabelle", "Mercier", "Isabelle M.", None),
    ("gabriel.blanc", "Gabriel", "Blanc", "Gabriel B.", "plaine-saint-martin"),
]

# (email local part, first, last, pseudonym, department slug, role, job title)
AGENTS = [
    ("n.perrin", "Nathalie", "Perrin", "Service voirie", "voirie", "manager", "Responsable de la voirie"),
    ("j.caron", "Julien", "Caron", "Agent voirie", "voirie", "agent", "Technicien voirie"),
    ("m.brun", "Marion", "Brun", "Espaces verts", "espaces-verts", "manager", "Responsable des espaces verts"),
    ("s.faure", "Stéphane", "Faure", "Propreté urbaine", "proprete", "manager", "Chef d'équipe propreté"),
    ("a.roche", "Anne", "Roche", "Enfance-éducation", "enfance", "manager", "Directrice de l'enfance"),
    ("d.gauthier", "David", "Gauthier", "Culture Bellerive", "culture", "manager", "Directeur de la culture"),
    ("e.chevalier", "Élodie", "Chevalier", "Accueil mairie", "accueil", "manager", "Responsable de l'accueil"),
    ("f.robin", "Fabien", "Robin", "Agent d'accueil", "accueil", "agent", "Agent d'accueil"),
    ("c.masson", "Claire", "Masson", "Urbanisme Bellerive", "urbanisme", "manager", "Instructrice urbanisme"),
    ("h.nicolas", "Hélène", "Nicolas", "CCAS Bellerive", "ccas", "manager", "Directrice du CCAS"),
    ("v.henry", "Vincent", "Henry", "Numérique Bellerive", "numerique", "manager", "Chef de projet numérique"),
    ("l.garnier", "Laure", "Garnier", "Finances Bellerive", "finances", "manager", "Responsable des finances"),
    ("p.renard", "Paul", "Renard", "Juridique Bellerive", "juridique", "manager", "Juriste"),
    ("s.marchand", "Sylvie", "Marchand", "Sports Bellerive", "sport", "manager", "Responsable des sports"),
]

ELECTED = [
    ("maire", "Jean-Marc", "Delorme", "Le maire", "centre-ville"),
    ("adjointe.participation", "Fatima", "Zeroual", "Adjointe à la participation", "la-gare"),
]


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Hashing is deliberately slow (~1 s); the demo people share one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _person(local: str, first: str, last: str, pseudonym: str, quartier: Quartier | None, **flags: bool) -> User:
    email = f"{local}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email)
        user.password = _demo_password_hash()
        user.date_joined = timezone.now()
    user.first_name, user.last_name, user.display_name, user.quartier = first, last, pseudonym, quartier
    for key, value in flags.items():
        setattr(user, key, value)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def seed(stdout: TextIO) -> None:
    quartiers = {q.slug: q for q in Quartier.objects.all()}
    departments = {d.slug: d for d in Department.objects.all()}
    count = 0
    _person(
        "admin",
        "Alice",
        "Administratrice",
        "Administration Cocité",
        quartiers.get("centre-ville"),
        is_staff=True,
        is_superuser=True,
    )
    _person("moderation", "Marc", "Modérateur", "Équipe de modération", None, is_moderator=True)
    count += 2
    for local, first, last, pseudonym, quartier in ELECTED:
        _person(local, first, last, pseudonym, quartiers.get(quartier or ""), is_elected_official=True)
        count += 1
    for local, first, last, pseudonym, dept, role, title in AGENTS:
        user = _person(local, first, last, pseudonym, None)
        DepartmentMembership.objects.update_or_create(
            department=departments[dept], user=user, defaults={"role": role, "job_title": title}
        )
        count += 1
    for index, (local, first, last, pseudonym, home) in enumerate(RESIDENTS):
        # One resident in three has had their residence verified (FranceConnect).
        verified = timezone.now() if index % 3 == 0 else None
        user = _person(local, first, last, pseudonym, quartiers.get(home or ""))
        if (user.residence_verified_at is None) != (verified is None):
            user.residence_verified_at = verified
            user.save(update_fields=["residence_verified_at"])
        count += 1
    stdout.write(f"  comptes : {count} personnes de démonstration (mot de passe commun : {DEMO_PASSWORD})")


DEMO_LOGINS = [
    ("admin", "administratrice (accès à /admin/)"),
    ("moderation", "modérateur"),
    ("maire", "élu"),
    ("n.perrin", "agente, responsable du service voirie"),
    ("e.chevalier", "agente, accueil du public"),
    ("camille.martin", "habitante des Tilleuls"),
    ("yanis.benali", "habitant de La Gare"),
]


def demo_logins_text() -> str:
    lines = ["Comptes de démonstration (mot de passe : " + DEMO_PASSWORD + ") :"]
    for local, role in DEMO_LOGINS:
        lines.append(f"  {local + '@' + DEMO_DOMAIN:<40} {role}")
    return "\n".join(lines)
