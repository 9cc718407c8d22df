"""Writes: record a verification (FranceConnect + address, front desk), import streets and roll.

Every verification is a new row (append-only); the person's status in force is copied onto their
account in the same transaction, under a lock of their row.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.accounts.viewer import is_active_user
from cocite.core import ratelimit
from cocite.core.errors import ActionError, PermissionDenied

from .identity import identity
from .models import DocumentType, Method, ResidenceVerification, RollEntry, Street
from .normalise import fold, name_key, street_key
from .permissions import can_verify_at_front_desk
from .queries import franceconnect_account, roll_matches, street_for

CHECK_SCOPE = "residence_check"
# An import file: at most this many lines (a commune's streets: a few thousand; a roll: its people).
IMPORT_MAX_ROWS = 500_000
STREET_COLUMNS = ("nom_voie", "nom_afnor", "voie", "libelle_voie", "nom", "name", "street")
ROLL_COLUMNS = {
    "family_name": ("nom", "nom_naissance", "nom_de_naissance", "family_name"),
    "given_names": ("prenoms", "prénoms", "prenom", "prénom", "given_names"),
    "birth_date": ("date_naissance", "date_de_naissance", "naissance", "birth_date"),
    "address": ("adresse", "voie", "nom_voie", "address"),
}


def validity() -> datetime.timedelta:
    return datetime.timedelta(days=int(settings.COCITE_RESIDENCE_VERIFICATION_DAYS))


def _record(
    *,
    person: User,
    method: str,
    verified_by: User | None = None,
    document_types: Sequence[str] = (),
    street: str = "",
    acr: str = "",
    now: datetime.datetime | None = None,
) -> ResidenceVerification:
    """Append a verification and make it the status in force (the caller holds the transaction)."""
    locked = User.objects.select_for_update().get(pk=person.pk)
    if not is_active_user(locked):
        raise ActionError(_("Ce compte n’est plus actif."), code="inactive")
    moment = now or timezone.now()
    verification = ResidenceVerification.objects.create(
        person=locked,
        method=method,
        verified_by=verified_by,
        document_types=list(document_types),
        street=street[:200],
        acr=acr[:100],
        verified_at=moment,
        expires_at=moment + validity(),
    )
    User.objects.filter(pk=locked.pk).update(
        residence_verified_at=verification.verified_at, residence_verified_until=verification.expires_at
    )
    # No cache to drop: no page cached for visitors shows the status, and the shared fragments are
    # keyed by what the viewer may do, computed live (core/fragments.py).
    person.residence_verified_at = verification.verified_at
    person.residence_verified_until = verification.expires_at
    return verification


@transaction.atomic
def residence_check_franceconnect(*, person: User, address: str) -> ResidenceVerification:
    """A person with a FranceConnect identity declares an address in the commune.

    Matched against the commune's roll first (identity and address), then against its list of
    streets. Rate-limited: an address guessed street by street is not a way in.
    """
    account = franceconnect_account(person)
    if account is None:
        raise ActionError(
            _("Reliez d’abord votre compte à FranceConnect : l’adresse seule ne suffit pas."),
            code="no_franceconnect",
        )
    ratelimit.enforce(
        CHECK_SCOPE,
        person.pk,
        _("Trop de vérifications d’adresse en peu de temps : vous pourrez réessayer à partir de %(moment)s."),
    )
    key = street_key(address)
    if not key:
        raise ActionError(
            _("Indiquez votre adresse : numéro et nom de la voie."), code="address_empty", field="address"
        )
    found = identity(account.extra_data)
    street = street_for(key)
    if roll_matches(found, key):
        return _record(
            person=person, method=Method.FRANCECONNECT_ROLL, street=street.name if street else "", acr=found.acr
        )
    if street is not None:
        return _record(person=person, method=Method.FRANCECONNECT_STREET, street=street.name, acr=found.acr)
    raise ActionError(
        _(
            "Cette adresse ne correspond à aucune voie de la commune. Vérifiez l’orthographe (par exemple "
            "« 12 avenue de la République »), ou présentez-vous à l’accueil de la mairie avec une pièce "
            "d’identité et un justificatif de domicile."
        ),
        code="address_unknown",
        field="address",
    )


@transaction.atomic
def front_desk_verify(*, agent: User, person: User, document_types: Iterable[str]) -> ResidenceVerification:
    """An agent at the front desk looked at the person's documents: record which kinds, never the documents."""
    if not can_verify_at_front_desk(agent):
        raise PermissionDenied(
            _("Seuls les agent·es de la commune peuvent vérifier la résidence d’une personne."), code="not_agent"
        )
    kinds = sorted(set(document_types))
    if not kinds or not set(kinds) <= set(DocumentType.values):
        raise ActionError(
            _("Cochez au moins une pièce vérifiée parmi celles proposées."), code="no_document", field="document_types"
        )
    if person.pk == agent.pk:
        raise PermissionDenied(
            _("Un·e agent·e ne vérifie pas sa propre résidence : un·e collègue le fait."), code="own_residence"
        )
    return _record(person=person, method=Method.FRONT_DESK, verified_by=agent, document_types=kinds)


def verifications_forget(*, person: User) -> int:
    """Anonymising an account: its verifications go (they are only about the person)."""
    deleted, _per_model = ResidenceVerification.objects.filter(person_id=person.pk).delete()
    return deleted


# --- imports ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    imported: int
    skipped: int  # empty, unreadable or duplicate lines


class ImportFileError(ActionError):
    pass


def _rows(data: str) -> tuple[list[str], Iterable[dict[str, str]]]:
    """A CSV's folded header and its rows as dicts (`;`, `,` or tab, found from the header line)."""
    text = data.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [fold(cell).replace(" ", "_") for cell in next(reader)]
    except StopIteration:
        raise ImportFileError(_("Le fichier est vide."), code="empty_file") from None
    except csv.Error:
        raise ImportFileError(_("Le fichier n’est pas un CSV lisible."), code="unreadable_file") from None

    def dicts() -> Iterable[dict[str, str]]:
        try:
            for count, row in enumerate(reader):
                if count >= IMPORT_MAX_ROWS:
                    break
                yield dict(zip(header, row, strict=False))
        except csv.Error:
            raise ImportFileError(_("Le fichier n’est pas un CSV lisible."), code="unreadable_file") from None

    return header, dicts()


def _column(header: list[str], candidates: Sequence[str], label: str) -> str:
    folded = [fold(name).replace(" ", "_") for name in candidates]
    for name in folded:
        if name in header:
            return name
    raise ImportFileError(
        _("Colonne introuvable pour « %(what)s » : le fichier doit avoir une colonne parmi %(names)s.")
        % {"what": label, "names": ", ".join(candidates)},
        code="missing_column",
    )


@transaction.atomic
def streets_import(*, data: str, replace: bool = True) -> ImportReport:
    """The commune's streets from a CSV (the BAN export: one line per address, column `nom_voie`)."""
    header, rows = _rows(data)
    column = _column(header, STREET_COLUMNS, _("nom de la voie"))
    names: dict[str, str] = {}
    skipped = 0
    for row in rows:
        name = " ".join((row.get(column) or "").replace("\x00", "").split())[:200]
        key = street_key(name)
        if not key or key in names:
            skipped += 1
            continue
        names[key] = name
    if not names:
        raise ImportFileError(_("Aucune voie trouvée dans le fichier."), code="no_rows")
    if replace:
        Street.objects.all().delete()
    existing = set(Street.objects.filter(key__in=list(names)).values_list("key", flat=True))
    Street.objects.bulk_create(
        [Street(name=name, key=key) for key, name in names.items() if key not in existing], batch_size=1000
    )
    return ImportReport(imported=len(names) - len(existing), skipped=skipped + len(existing))


def _birth_date(text: str) -> datetime.date | None:
    text = text.strip()[:10]
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@transaction.atomic
def roll_import(*, data: str) -> ImportReport:
    """The census or electoral roll: replaces the previous one; only normalised keys are kept."""
    header, rows = _rows(data)
    columns = {field: _column(header, names, field) for field, names in ROLL_COLUMNS.items()}
    entries = []
    seen: set[tuple[str, str, datetime.date, str]] = set()
    skipped = 0
    for row in rows:
        family = name_key(row.get(columns["family_name"]) or "")[:150]
        given = name_key(row.get(columns["given_names"]) or "")[:150]
        born = _birth_date(row.get(columns["birth_date"]) or "")
        street = street_key(row.get(columns["address"]) or "")[:200]
        if not (family and given and born and street) or (family, given, born, street) in seen:
            skipped += 1
            continue
        seen.add((family, given, born, street))
        entries.append(RollEntry(family_name_key=family, given_names_key=given, birth_date=born, street_key=street))
    if not entries:
        raise ImportFileError(_("Aucune ligne utilisable dans le fichier."), code="no_rows")
    RollEntry.objects.all().delete()
    RollEntry.objects.bulk_create(entries, batch_size=1000)
    return ImportReport(imported=len(entries), skipped=skipped)


def roll_purge() -> int:
    """Delete the whole roll (the commune no longer wants it kept)."""
    deleted, _per_model = RollEntry.objects.all().delete()
    return deleted
