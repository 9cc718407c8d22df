"""Demo: the commune's streets (a BAN-style CSV) and the residents the people file marks verified,
verified at the front desk by the demo's reception agent, through the actions. Idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from cocite.accounts.demo import DEMO_DOMAIN, load_content
from cocite.accounts.models import User

from . import actions
from .models import DocumentType, Street

STREETS_FILE = Path(__file__).parent / "demo" / "streets.csv"
# « e.chevalier »: agente, accueil du public (cocite/accounts/demo/people.yaml).
FRONT_DESK_AGENT = f"e.chevalier@{DEMO_DOMAIN}"


def seed(stdout: TextIO) -> None:
    if not Street.objects.exists():
        actions.streets_import(data=STREETS_FILE.read_text(encoding="utf-8"))
    agent = User.objects.get(email=FRONT_DESK_AGENT)
    verified = 0
    for entry in load_content()["people"]:
        if not entry.get("residence_verified"):
            continue
        person = User.objects.get(email=f"{entry['email']}@{DEMO_DOMAIN}")
        if not person.is_residence_verified:
            actions.front_desk_verify(
                agent=agent,
                person=person,
                document_types=[DocumentType.IDENTITY_CARD, DocumentType.PROOF_OF_ADDRESS],
            )
        verified += 1
    stdout.write(f"  résidence : {Street.objects.count()} voies, {verified} habitant·es vérifié·es à l’accueil")
