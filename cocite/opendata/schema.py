"""How an app declares an open dataset: its columns (Table Schema fields) and its rows.

Apps import this module to declare their datasets (a resource in its `ResourceSpec.datasets`,
a machinery app through `cocite.opendata.registry`); it imports no app.

Rules every dataset follows:
- only public démarches: published or closed, open to everyone or to verified residents
  (never agents-only, invitation-only or draft ones) — what an anonymous visitor sees
  (`cocite.demarches.queries.public_demarches`);
- no personal data: people appear by their public pseudonym only; names given offline,
  emails, real names and account ids are never exported;
- every column names the model attribute it is read from (`Field.source`, resolved from
  `Dataset.model`), and the rows read attributes directly (never `getattr` with a default):
  a renamed field fails the export's tests instead of silently emptying a column.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from cocite.core import csv_writer

CHUNK = 2000
LIST_SEPARATOR = " ; "
# Said of every free-text column in its Table Schema (cocite.core.csv_writer does it).
CSV_TEXT_NOTE = gettext_noop(
    "Dans le fichier CSV, une valeur qui commence par =, +, -, @, une tabulation, un retour chariot ou un "
    "caractère nul est précédée d'une apostrophe ('), pour qu'un tableur ne l'exécute pas comme une formule "
    "(recommandation OWASP) ; le fichier JSON donne la valeur telle quelle."
)
# A list of ids in a text column ("12 40 41"): digits and spaces only, so never a formula.
NUMBERS = {"pattern": "[0-9]+( [0-9]+)*"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, datetime
    title: str
    description: str = ""
    constraints: dict[str, Any] = field(default_factory=dict)
    # The attribute of the dataset's model the column is read from, as a path through its
    # relations ("demarche.slug", "themes.name", "pk"); checked by the tests, not exported.
    source: str = ""

    @property
    def is_free_text(self) -> bool:
        """Text people or administrators write (not codes, not numbers): the CSV may prefix it with a quote."""
        return self.type == "string" and "enum" not in self.constraints and "pattern" not in self.constraints

    def descriptor(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "type": self.type, "title": self.title}
        description = self.description
        constraints = dict(self.constraints)
        if self.is_free_text:
            description = f"{description} {CSV_TEXT_NOTE}".strip()
            if "maxLength" in constraints:
                constraints["maxLength"] += len(csv_writer.PREFIX)
        if description:
            described["description"] = description
        if self.type == "datetime":
            described["format"] = "%Y-%m-%dT%H:%M:%SZ"
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class Dataset:
    name: str  # file stem, lowercase ASCII
    title: str  # French msgid, translated when shown
    description: str
    model: str  # "app_label.ModelName": what each row describes; the fields' sources start there
    fields: tuple[Field, ...]
    rows: Callable[[], Iterator[dict[str, Any]]]
    primary_key: str | None = "id"

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [f.descriptor() for f in self.fields],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = [self.primary_key]
        return schema


def utc(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_date(value: datetime.date | None) -> str:
    return value.isoformat() if value is not None else ""


def enum(choices: Sequence[tuple[str, Any]], required: bool = True) -> dict[str, Any]:
    """The constraint of a column holding one of these codes (or nothing, when not required)."""
    values = [value for value, _label in choices]
    return {"required": True, "enum": values} if required else {"enum": ["", *values]}


def numbers(pks: Iterator[int] | Sequence[int]) -> str:
    """Ids in increasing order, separated by spaces (the NUMBERS pattern)."""
    return " ".join(str(pk) for pk in sorted(pks))
