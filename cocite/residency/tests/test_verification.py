"""How a person becomes a verified resident, how long it lasts, and what is kept (never the document)."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from cocite.accounts.actions import account_anonymise
from cocite.accounts.queries import personal_data
from cocite.accounts.tests.factories import UserFactory
from cocite.core.errors import ActionError, PermissionDenied, RateLimited
from cocite.residency import actions
from cocite.residency.models import DocumentType, Method, ResidenceVerification, RollEntry, Street
from cocite.territory.tests.factories import DepartmentFactory

from .helpers import ROLL_CSV, STREETS_CSV, franceconnect, streets

pytestmark = pytest.mark.django_db


def _agent() -> Any:
    agent = UserFactory()
    DepartmentFactory(members=[agent])
    return agent


# --- FranceConnect + the commune's streets --------------------------------------------------------


def test_a_franceconnect_identity_and_an_address_in_a_street_of_the_commune_verify(settings: Any) -> None:
    settings.COCITE_RESIDENCE_VERIFICATION_DAYS = 200
    streets()
    person = UserFactory()
    franceconnect(person)
    before = timezone.now()
    verification = actions.residence_check_franceconnect(person=person, address="3 av. de la republique")
    assert verification.method == Method.FRANCECONNECT_STREET
    assert verification.street == "Avenue de la République"
    assert verification.acr == "eidas1"
    assert verification.verified_by is None
    assert verification.document_types == []
    person.refresh_from_db()
    assert person.is_residence_verified
    assert person.residence_verified_until is not None
    assert person.residence_verified_until - before >= datetime.timedelta(days=200)
    assert person.residence_verified_until - before < datetime.timedelta(days=200, minutes=1)


def test_without_franceconnect_the_address_alone_is_refused() -> None:
    streets()
    person = UserFactory()
    with pytest.raises(ActionError) as error:
        actions.residence_check_franceconnect(person=person, address="1 avenue de la République")
    assert error.value.code == "no_franceconnect"
    assert "FranceConnect" in error.value.message
    person.refresh_from_db()
    assert not person.is_residence_verified
    assert not ResidenceVerification.objects.exists()


def test_an_address_outside_the_commune_is_refused_with_a_way_forward() -> None:
    streets()
    person = UserFactory()
    franceconnect(person)
    with pytest.raises(ActionError) as error:
        actions.residence_check_franceconnect(person=person, address="10 rue de Rivoli")
    assert error.value.code == "address_unknown"
    assert "accueil de la mairie" in error.value.message
    with pytest.raises(ActionError) as error:
        actions.residence_check_franceconnect(person=person, address="   ")
    assert error.value.code == "address_empty"
    assert not ResidenceVerification.objects.exists()


def test_another_providers_identity_is_not_franceconnect() -> None:
    streets()
    person = UserFactory()
    account = franceconnect(person)
    account.provider = "proconnect"
    account.save()
    with pytest.raises(ActionError) as error:
        actions.residence_check_franceconnect(person=person, address="1 avenue de la République")
    assert error.value.code == "no_franceconnect"


def test_address_checks_are_rate_limited(settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "residence_check": "3/h"}
    streets()
    person = UserFactory()
    franceconnect(person)
    for _attempt in range(3):
        with pytest.raises(ActionError):
            actions.residence_check_franceconnect(person=person, address="rue inventée")
    with pytest.raises(RateLimited) as error:
        actions.residence_check_franceconnect(person=person, address="1 avenue de la République")
    assert "réessayer à partir de" in error.value.message


# --- FranceConnect + the roll ---------------------------------------------------------------------


def test_the_roll_matches_identity_and_address_and_keeps_only_normalised_keys() -> None:
    report = actions.roll_import(data=ROLL_CSV)
    assert report.imported == 2
    row = RollEntry.objects.get(family_name_key="dupont")
    # Only the four normalised keys: not the roll's spelling, polling station or profession.
    assert (row.given_names_key, row.birth_date, row.street_key) == (
        "marie helene",
        datetime.date(1962, 8, 24),
        "avenue republique",
    )
    assert {f.name for f in RollEntry._meta.concrete_fields} == {
        "id",
        "family_name_key",
        "given_names_key",
        "birth_date",
        "street_key",
        "imported_at",
    }
    person = UserFactory()
    franceconnect(person, given_name="Marie", family_name="DUPONT")  # one given name of the roll's
    verification = actions.residence_check_franceconnect(person=person, address="12 Avenue de la République")
    assert verification.method == Method.FRANCECONNECT_ROLL
    person.refresh_from_db()
    assert person.is_residence_verified


def test_the_roll_refuses_someone_else_at_the_address() -> None:
    actions.roll_import(data=ROLL_CSV)
    person = UserFactory()
    franceconnect(person, family_name="Durand", given_name="Marie", birthdate="1962-08-24")
    with pytest.raises(ActionError) as error:  # no street list: nothing else to match
        actions.residence_check_franceconnect(person=person, address="12 avenue de la République")
    assert error.value.code == "address_unknown"


def test_a_new_roll_replaces_the_old_one_and_can_be_purged() -> None:
    actions.roll_import(data=ROLL_CSV)
    actions.roll_import(data="nom;prenoms;date_naissance;adresse\nLeroy;Anne;2001-02-03;1 rue Haute\n")
    assert list(RollEntry.objects.values_list("family_name_key", flat=True)) == ["leroy"]
    assert actions.roll_purge() == 1
    assert not RollEntry.objects.exists()


# --- the front desk -------------------------------------------------------------------------------


def test_an_agent_at_the_front_desk_records_who_when_and_which_documents() -> None:
    agent, person = _agent(), UserFactory()
    verification = actions.front_desk_verify(
        agent=agent, person=person, document_types=[DocumentType.IDENTITY_CARD, DocumentType.PROOF_OF_ADDRESS]
    )
    assert verification.method == Method.FRONT_DESK
    assert verification.verified_by == agent
    assert verification.document_types == ["carte_identite", "justificatif_domicile"]
    assert verification.document_labels() == ["Carte d’identité", "Justificatif de domicile (moins de 3 mois)"]
    # Never the document: no file, no number, no free text about it.
    assert not any(
        f.get_internal_type() in ("FileField", "ImageField", "BinaryField")
        for f in ResidenceVerification._meta.concrete_fields
    )
    person.refresh_from_db()
    assert person.is_residence_verified


@pytest.mark.parametrize("role", ["resident", "moderator", "elected"])
def test_only_agents_and_administrators_verify_at_the_front_desk(role: str) -> None:
    actor = UserFactory(is_moderator=role == "moderator", is_elected_official=role == "elected")
    with pytest.raises(PermissionDenied):
        actions.front_desk_verify(agent=actor, person=UserFactory(), document_types=[DocumentType.PASSPORT])
    administrator = UserFactory(is_superuser=True, is_staff=True)
    assert actions.front_desk_verify(agent=administrator, person=UserFactory(), document_types=["passeport"]).pk


def test_the_front_desk_needs_a_known_document_and_someone_else() -> None:
    agent = _agent()
    for bad in ([], ["photocopie"], ["passeport", "<script>"]):
        with pytest.raises(ActionError) as error:
            actions.front_desk_verify(agent=agent, person=UserFactory(), document_types=bad)
        assert error.value.code == "no_document"
    with pytest.raises(PermissionDenied):
        actions.front_desk_verify(agent=agent, person=agent, document_types=["passeport"])
    assert not ResidenceVerification.objects.exists()


# --- expiry, history, personal data ---------------------------------------------------------------


def test_the_status_expires_and_a_renewal_starts_a_new_period(settings: Any) -> None:
    settings.COCITE_RESIDENCE_VERIFICATION_DAYS = 30
    agent, person = _agent(), UserFactory()
    first = actions.front_desk_verify(agent=agent, person=person, document_types=["passeport"])
    person.refresh_from_db()
    assert person.is_residence_verified
    # 31 days later (the row's dates moved back, as time would).
    ResidenceVerification.objects.filter(pk=first.pk).delete()
    type(person).objects.filter(pk=person.pk).update(
        residence_verified_at=timezone.now() - datetime.timedelta(days=31),
        residence_verified_until=timezone.now() - datetime.timedelta(days=1),
    )
    person.refresh_from_db()
    assert not person.is_residence_verified
    actions.front_desk_verify(agent=agent, person=person, document_types=["passeport"])
    person.refresh_from_db()
    assert person.is_residence_verified
    assert person.residence_verified_until > timezone.now() + datetime.timedelta(days=29)


def test_verifications_are_append_only() -> None:
    verification = actions.front_desk_verify(agent=_agent(), person=UserFactory(), document_types=["passeport"])
    verification.street = "changed"
    with pytest.raises(ValidationError):
        verification.save()
    with pytest.raises(ValidationError):
        ResidenceVerification.objects.filter(pk=verification.pk).update(street="changed")


def test_the_status_follows_the_latest_verification() -> None:
    agent, person = _agent(), UserFactory()
    franceconnect(person)
    streets()
    actions.front_desk_verify(agent=agent, person=person, document_types=["passeport"])
    latest = actions.residence_check_franceconnect(person=person, address="2 rue de l'eglise st jean")
    person.refresh_from_db()
    assert person.residence_verified_until == latest.expires_at
    assert ResidenceVerification.objects.filter(person=person).count() == 2


def test_the_person_downloads_their_verifications_and_they_go_with_the_account() -> None:
    agent, person = _agent(), UserFactory()
    actions.front_desk_verify(agent=agent, person=person, document_types=["carte_identite"])
    data = json.loads(json.dumps(personal_data(person), default=str))
    rows = data["residency"]["residence_verifications"]
    assert rows[0]["method"] == "Pièce vérifiée par un·e agent·e à l’accueil"
    assert rows[0]["documents_checked"] == ["Carte d’identité"]
    assert data["account"]["residence_verified_until"]
    account_anonymise(person)
    person.refresh_from_db()
    assert not ResidenceVerification.objects.filter(person=person).exists()
    assert person.residence_verified_until is None
    assert not person.is_residence_verified
    # The agent's own account being anonymised keeps the others' history (PROTECT, never deleted).
    other = UserFactory()
    actions.front_desk_verify(agent=agent, person=other, document_types=["passeport"])
    account_anonymise(agent)
    assert ResidenceVerification.objects.filter(person=other).count() == 1


def test_an_inactive_account_is_not_verified() -> None:
    person = UserFactory(is_active=False)
    with pytest.raises(ActionError):
        actions.front_desk_verify(agent=_agent(), person=person, document_types=["passeport"])


# --- imports --------------------------------------------------------------------------------------


def test_streets_import_reads_the_ban_export_and_deduplicates() -> None:
    report = actions.streets_import(data=STREETS_CSV)
    assert report.imported == 3
    assert report.skipped == 1
    assert sorted(Street.objects.values_list("key", flat=True)) == [
        "avenue republique",
        "boulevard victor hugo",
        "rue eglise saint jean",
    ]
    actions.streets_import(data="nom\nChemin des Vignes\n")
    assert list(Street.objects.values_list("name", flat=True)) == ["Chemin des Vignes"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ("", "empty_file"),
        ("commune;code\nBellerive;99100\n", "missing_column"),
        ("nom_voie\n\n;\n", "no_rows"),
    ],
)
def test_a_bad_streets_file_says_why_in_french(data: str, code: str) -> None:
    with pytest.raises(ActionError) as error:
        actions.streets_import(data=data)
    assert error.value.code == code


def test_management_commands_import_and_purge(tmp_path: Path) -> None:
    streets_file = tmp_path / "adresses-99001.csv"
    streets_file.write_text("\ufeff" + STREETS_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import_streets", str(streets_file), stdout=out)
    assert "3 voies importées" in out.getvalue()
    roll_file = tmp_path / "liste.csv"
    roll_file.write_text(ROLL_CSV, encoding="utf-8")
    call_command("import_roll", str(roll_file), stdout=out)
    assert RollEntry.objects.count() == 2
    call_command("import_roll", "--purge", stdout=out)
    assert not RollEntry.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_roll", str(tmp_path / "absent.csv"), stdout=out)
    (tmp_path / "bad.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Colonne introuvable"):
        call_command("import_streets", str(tmp_path / "bad.csv"), stdout=out)
