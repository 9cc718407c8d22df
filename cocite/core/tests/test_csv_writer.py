"""CSV formula injection (issue 13, defect 8): every CSV the project writes neutralises formula-like text.

Three layers: the helper itself; a source check that nothing else in the project writes CSV;
and a sweep that makes every free-text column of the demo territory hostile, generates every
CSV the project offers (open data, every dashboard table) and reads every cell back.
"""

from __future__ import annotations

import ast
import csv
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cocite.accounts.tests.factories import UserFactory
from cocite.core.cache import visitor_pages
from cocite.core.csv_writer import FORMULA_TRIGGERS, PREFIX, neutralise, writer
from cocite.core.testing import report_coverage
from cocite.core.tests.demo import load_demo
from cocite.demarches.queries import public_demarches
from cocite.reports.models import Report

ROOT = Path(__file__).resolve().parents[3]


def test_formula_like_text_gets_a_quote_and_numbers_stay_numbers() -> None:
    for trigger in FORMULA_TRIGGERS:
        assert neutralise(f"{trigger}1+1") == f"'{trigger}1+1"
    assert neutralise("Une idée = une rue") == "Une idée = une rue"
    assert neutralise(" =1+1") == " =1+1"  # a spreadsheet reads a leading space as text
    assert neutralise("'=1+1") == "'=1+1"  # already quoted: unchanged (the quote is not a trigger)
    assert neutralise("") == ""
    for typed in (-3, -2.5, 0, True, None):
        assert neutralise(typed) is typed
    out = io.StringIO()
    writer(out, lineterminator="\n").writerows([["=SUM(A1)", -4, -0.5, "-rues", "ok"]])
    assert out.getvalue() == "'=SUM(A1),-4,-0.5,'-rues,ok\n"


def _writes_csv(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        attribute = isinstance(node, ast.Attribute) and node.attr in {"writer", "DictWriter"}
        if attribute and isinstance(node.value, ast.Name) and node.value.id == "csv":  # type: ignore[attr-defined]
            lines.append(node.lineno)  # type: ignore[attr-defined]
        if isinstance(node, ast.ImportFrom) and node.module == "csv":
            lines += [node.lineno for alias in node.names if alias.name in {"writer", "DictWriter"}]
    return lines


def test_nothing_else_in_the_project_writes_csv() -> None:
    """Every CSV goes through cocite.core.csv_writer: a new export cannot forget the neutralisation."""
    helper = ROOT / "cocite" / "core" / "csv_writer.py"
    offenders = []
    scanned = 0
    for folder in ("cocite", "config", "bench", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == helper or "tests" in path.relative_to(ROOT).parts:
                continue
            scanned += 1
            for line in _writes_csv(ast.parse(path.read_text(encoding="utf-8"))):
                offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert scanned > 100
    assert not offenders, f"write CSV through cocite.core.csv_writer: {offenders}"


# The sweep

# Technical columns no CSV shows, which the demo needs as they are (hashes, codes, keys of the registry).
NOT_CONTENT = {
    "accounts.User.password",
    "core.SearchDocument.kind",
    "demarches.DemarcheComponent.name",
    "notifications.Notification.url",
    "notifications.Notification.event_key",
    "territory.Organisation.primary_color",
    "territory.Organisation.secondary_color",
    "analysis.MergeRecord.previous_status",
    "opinions.Participant.external_id",  # ids of a Pol.is import, unique per conversation
    "opinions.Statement.external_id",
}


def _make_every_text_hostile() -> tuple[list[str], list[str]]:
    """Prefix every free-text column of every Cocité table with a formula trigger (slugs with "-",
    which slugs accept). Returns the columns changed, and the tables that refuse updates
    (append-only: the decision records, seeded hostile through the actions instead)."""
    changed: list[str] = []
    refused: list[str] = []
    index = 0
    for model in apps.get_models():
        if not model.__module__.startswith("cocite.") or model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            if not isinstance(field, models.CharField | models.TextField) or field.choices or field.primary_key:
                continue
            if label in NOT_CONTENT or label.startswith("decisions.Log"):
                continue
            trigger = "-" if isinstance(field, models.SlugField) else FORMULA_TRIGGERS[index % 6]
            index += 1
            column = F(field.name)
            if isinstance(field, models.CharField) and field.max_length:
                column = Substr(field.name, 1, field.max_length - 1)
            try:
                with transaction.atomic():
                    model._default_manager.exclude(**{field.name: ""}).update(
                        **{field.name: Concat(Value(trigger), column, output_field=field)}
                    )
            except (DatabaseError, ValidationError):  # append-only tables refuse (ORM or trigger)
                refused.append(label)
                continue
            changed.append(label)
    cache.clear()
    visitor_pages.clear()
    return changed, refused


def _hostile_decisions() -> None:
    """Decision records are append-only: publish one, and its correction, with hostile texts."""
    from cocite.decisions.models import Decision
    from cocite.decisions.tests import factories as f

    setup = f.routed_setup(count=1)
    official = UserFactory(is_elected_official=True, first_name="=Jeanne", last_name="Élue")
    original = f.publish(
        actor=setup["manager"],
        items=setup["contributions"],
        explanation="=" + f.EXPLANATION,
        criteria=["@critère hostile", "+autre critère"],
        official=official,
        deliberation_ref="=DEL-2026-01",
        decided_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    from cocite.decisions.actions import decision_correct

    decision_correct(
        actor=setup["manager"],
        original=original,
        correction_reason="+Le montant annoncé était faux, il est corrigé ici.",
        outcome=Decision.Outcome.ACCEPTED,
        explanation="-" + f.EXPLANATION,
        body=Decision.Body.COUNCIL,
        decided_on=timezone.localdate(),
    )


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _dashboard_csvs(client: Client) -> dict[str, str]:
    """Every table of the platform dashboard and of every démarche's, as CSV."""
    from cocite.demarches.models import Demarche

    pages = [reverse("analysis:platform")] + [
        reverse("analysis:demarche", kwargs={"slug": slug}) for slug in Demarche.objects.values_list("slug", flat=True)
    ]
    found: dict[str, str] = {}
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for table in response.context["board"].tables:
            download = client.get(page, {"format": "csv", "table": table.key})
            assert download.status_code == 200
            assert download["Content-Type"].startswith("text/csv")
            found[f"{page}?table={table.key}"] = download.content.decode("utf-8")
    return found


@pytest.mark.django_db
def test_every_csv_the_project_writes_neutralises_every_text_cell(settings: Any, tmp_path: Path) -> None:
    from cocite.opendata import export
    from cocite.opendata.datasets import all_datasets

    settings.MEDIA_ROOT = str(tmp_path)
    load_demo()
    # The demo carries no report into a démarche: one public démarche takes one, so its column is exercised.
    carried = Report.objects.filter(masked_at__isnull=True).order_by("pk").first()
    assert carried is not None
    Report.objects.filter(pk=carried.pk).update(demarche=public_demarches().order_by("pk").first())
    changed, refused = _make_every_text_hostile()
    assert "contributions.Contribution.title" in changed
    _hostile_decisions()

    manifest = export.generate()
    assert not [d["name"] for d in manifest["datasets"] if d.get("error")]
    folder = tmp_path / "opendata"
    # Bytes decoded, not read_text: a carriage return inside a cell must stay one.
    files = {r["path"]: (folder / r["path"]).read_bytes().decode("utf-8") for r in manifest["resources"]}
    admin = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    files.update(_dashboard_csvs(client))

    dangerous, cells, neutralised = [], 0, 0
    for name, text in files.items():
        if not name.endswith(".csv") and "?table=" not in name:
            continue
        for row in _cells(text):
            for cell in row:
                cells += 1
                if cell.startswith(FORMULA_TRIGGERS):
                    dangerous.append((name, cell[:40]))
                neutralised += cell.startswith(PREFIX) and cell[1:].startswith(FORMULA_TRIGGERS)
    assert not dangerous, dangerous[:20]

    # Every free-text column of every open-data file was actually exercised.
    uncovered = []
    for dataset in all_datasets():
        rows = list(csv.DictReader(io.StringIO(files[f"{dataset.name}.csv"], newline="")))
        for field in dataset.fields:
            if field.is_free_text and not any(
                row[field.name].startswith(PREFIX) and row[field.name][1:].startswith(FORMULA_TRIGGERS) for row in rows
            ):
                uncovered.append(f"{dataset.name}.{field.name}")
        schema = json.loads((folder / f"{dataset.name}.schema.json").read_text(encoding="utf-8"))
        for described in schema["fields"]:
            constraints = described.get("constraints", {})
            if described["type"] == "string" and "enum" not in constraints and "pattern" not in constraints:
                assert "apostrophe" in described["description"], (dataset.name, described["name"])
    assert not uncovered, f"no hostile value reached: {uncovered}"
    dashboards = [name for name in files if "?table=" in name]
    assert any(cell.startswith(PREFIX) for name in dashboards for row in _cells(files[name]) for cell in row), (
        "no hostile label reached a dashboard table"
    )

    csv_files = [name for name in files if name.endswith(".csv") or "?table=" in name]
    report_coverage(
        f"csv injection: {len(changed)} text columns made hostile ({len(refused)} append-only ones left, "
        f"hostile decisions published through the actions), {len(csv_files)} CSV files "
        f"({len(dashboards)} dashboard tables), {cells} cells read, {neutralised} neutralised, 0 dangerous"
    )
