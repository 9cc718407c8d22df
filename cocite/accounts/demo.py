"""Demo people: about forty residents, agents, elected officials, a moderator and an administrator.

The people are data: `demo/people.yaml` (its header describes each key). Accounts have no
creation action outside the sign-up forms, so an account is written here by its natural key
(the e-mail), with the one password of the demo; the profile (names, pseudonym, quartier) goes
through `actions.profile_update`, as when a person edits it. Idempotent.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TextIO

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from cocite.core import demo
from cocite.territory.models import Department, DepartmentMembership, Quartier

from . import actions
from .models import User

DEMO_PASSWORD = "bellerive-demo-2026"
# The demo's administrator and moderator must sign in with a second factor, like everywhere: their
# TOTP secret is this published one (add it to an authenticator app, or `manage.py demo_totp`
# prints the current codes). Only the demo's accounts get it; nobody else's secret is known.
DEMO_TOTP_SECRET = "BELLERIVEDEMOTOTPJBSWY3DPEHPK3PX"
SECOND_FACTOR_ROLES = ("administrator", "moderator")
DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "people.yaml"

ROLES = {
    # role -> the account's flags
    "administrator": {"is_staff": True, "is_superuser": True},
    "moderator": {"is_moderator": True},
    "elected": {"is_elected_official": True},
    "agent": {},
    "resident": {},
}
PERSON_KEYS = {
    "required": {"email", "first_name", "last_name", "pseudonym", "role"},
    "optional": {"quartier", "department", "department_role", "job_title", "residence_verified"},
}


def load_content(data: demo.DemoData | None = None) -> dict[str, list[dict[str, Any]]]:
    """Read and check `demo/people.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.accounts", DATA_FILE)
    people = demo.records(data, data["people"], where="people", **PERSON_KEYS)
    for index, person in enumerate(people):
        where = f"people: {demo.describe(person, index)}"
        if person["role"] not in ROLES:
            raise demo.fail(data, where, f"role {person['role']!r} is not one of {', '.join(ROLES)}")
        if (person["role"] == "agent") != bool(person.get("department")):
            raise demo.fail(data, where, "an agent, and only an agent, has a department")
    logins = demo.records(data, data["logins"], required={"email", "role"}, where="logins")
    return {"people": people, "logins": logins}


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Hashing is deliberately slow (~1 s); the demo people share one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _person(entry: dict[str, Any], quartier: Quartier | None) -> User:
    email = f"{entry['email']}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    flags = ROLES[entry["role"]]
    if user is None:
        user = User(email=email, password=_demo_password_hash(), date_joined=timezone.now())
    if user.pk is None or any(getattr(user, key) != value for key, value in flags.items()):
        for key, value in flags.items():
            setattr(user, key, value)
        user.save()
    profile = (entry["pseudonym"], quartier, entry["first_name"], entry["last_name"])
    if (user.display_name, user.quartier, user.first_name, user.last_name) != profile:
        user = actions.profile_update(
            user=user,
            display_name=entry["pseudonym"],
            quartier=quartier,
            first_name=entry["first_name"],
            last_name=entry["last_name"],
        )
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _demo_second_factor(user: User) -> None:
    """A TOTP authenticator with the published demo secret (allauth.mfa's own row, as its activation writes it)."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt(DEMO_TOTP_SECRET)}
        )


def seed(stdout: TextIO) -> None:
    content = load_content()
    quartiers = {q.slug: q for q in Quartier.objects.all()}
    departments = {d.slug: d for d in Department.objects.all()}
    for entry in content["people"]:
        user = _person(entry, quartiers.get(entry.get("quartier") or ""))
        if entry.get("department"):
            DepartmentMembership.objects.update_or_create(
                department=departments[entry["department"]],
                user=user,
                defaults={"role": entry.get("department_role") or "agent", "job_title": entry.get("job_title") or ""},
            )
        if entry["role"] in SECOND_FACTOR_ROLES:
            _demo_second_factor(user)
    stdout.write(
        f"  comptes : {len(content['people'])} personnes de démonstration (mot de passe commun : {DEMO_PASSWORD})"
    )


def demo_logins_text() -> str:
    lines = ["Comptes de démonstration (mot de passe : " + DEMO_PASSWORD + ") :"]
    for login in load_content()["logins"]:
        lines.append(f"  {login['email'] + '@' + DEMO_DOMAIN:<40} {login['role']}")
    lines.append(
        "Administratrice et modérateur : double authentification (TOTP). Secret de démonstration "
        f"{DEMO_TOTP_SECRET} à ajouter dans une application d’authentification, ou code du moment : "
        "`.venv/bin/python manage.py demo_totp`."
    )
    return "\n".join(lines)
