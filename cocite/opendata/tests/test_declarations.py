"""Each app declares its open datasets; every declared column is a real attribute of its model,
the rows give exactly the declared columns, and each file matches its Table Schema."""

from __future__ import annotations

import ast
import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from frictionless import Resource, Schema

from cocite.core.tests.demo import load_demo
from cocite.opendata import export
from cocite.opendata.checks import check_datasets, dataset_problems
from cocite.opendata.datasets import all_datasets
from cocite.opendata.registry import registry
from cocite.opendata.schema import Dataset, Field

# The files people download, in the order the page and the manifest list them.
PUBLISHED = ["signalements", "contributions", "soutiens", "commentaires", "decisions", "resultats"]
RESOURCE_APPS = ("cocite.contributions",)


def test_the_published_datasets_are_declared_in_their_order() -> None:
    assert [dataset.name for dataset in all_datasets()] == PUBLISHED


def test_every_column_of_every_dataset_names_a_real_attribute_of_its_model() -> None:
    for dataset in all_datasets():
        assert dataset_problems(dataset) == [], dataset.name
    assert check_datasets() == []


def test_a_renamed_field_fails_the_check() -> None:
    """Renaming the attribute any column is read from is reported, column by column."""
    for dataset in all_datasets():
        for index, field in enumerate(dataset.fields):
            renamed = dataclasses.replace(field, source=f"{field.source}_renomme")
            fields = (*dataset.fields[:index], renamed, *dataset.fields[index + 1 :])
            problems = dataset_problems(dataclasses.replace(dataset, fields=fields))
            assert len(problems) == 1, (dataset.name, field.name)
            assert problems[0].startswith(f"{dataset.name}.{field.name}:")
    broken = dataclasses.replace(all_datasets()[0], model="contributions.Contribution_renommee")
    assert dataset_problems(broken)


def _validate(folder: Path, name: str) -> None:
    schema = Schema.from_descriptor(json.loads((folder / f"{name}.schema.json").read_text()))
    for suffix in ("csv", "json"):
        report = Resource(path=f"{name}.{suffix}", basepath=str(folder), schema=schema).validate()
        assert report.valid, (name, suffix, report.flatten(["rowNumber", "fieldName", "type", "note"]))


@pytest.mark.django_db
def test_on_the_demo_every_dataset_has_rows_with_exactly_its_columns_and_matches_its_schema(
    settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    load_demo()
    for dataset in all_datasets():
        columns = [field.name for field in dataset.fields]
        rows = list(dataset.rows())
        assert rows, dataset.name
        assert [list(row) for row in rows if list(row) != columns] == [], dataset.name
    manifest = export.generate()
    assert [d["name"] for d in manifest["datasets"] if not d.get("error")] == PUBLISHED
    for name in PUBLISHED:
        _validate(tmp_path / "opendata", name)


@pytest.fixture
def toy_datasets() -> Iterator[list[Dataset]]:
    """Datasets of an app of the tests' own, registered like decisions and results register theirs."""
    declared: list[Dataset] = []
    registry.register("toy", lambda: declared)
    yield declared
    registry.unregister("toy")


@pytest.mark.django_db
def test_an_app_registers_its_datasets_and_rows_that_stray_from_the_schema_are_refused(
    settings: Any, tmp_path: Path, toy_datasets: list[Dataset]
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    fields = (
        Field("id", "integer", "Numéro", "", {"required": True}, source="pk"),
        Field("titre", "string", "Titre", "", source="title"),
    )
    toy_datasets.append(
        Dataset(
            name="jouets",
            title="Jouets",
            description="",
            model="demarches.Demarche",
            fields=fields,
            rows=lambda: iter([{"id": 1, "titre": "=un"}, {"id": 2, "titre": "deux"}]),
        )
    )
    # A column renamed in the rows but not in the schema: never an empty column, an error.
    toy_datasets.append(
        Dataset(
            name="jouets-casses",
            title="Jouets cassés",
            description="",
            model="demarches.Demarche",
            fields=fields,
            rows=lambda: iter([{"id": 1, "title": "un"}]),
        )
    )
    assert [d.name for d in all_datasets()][-2:] == ["jouets", "jouets-casses"]
    manifest = export.generate()
    by_name = {d["name"]: d for d in manifest["datasets"]}
    assert by_name["jouets"]["rows"] == 2
    assert by_name["jouets-casses"]["error"] is True
    assert not (tmp_path / "opendata" / "jouets-casses.csv").exists()
    _validate(tmp_path / "opendata", "jouets")
    assert (tmp_path / "opendata" / "jouets.csv").read_text(encoding="utf-8").splitlines()[1] == "1,'=un"


def test_a_source_may_name_a_property_but_not_a_missing_attribute() -> None:
    base = Dataset(name="x", title="x", description="", model="debate.Comment", fields=(), rows=lambda: iter([]))
    ok = (
        Field("a", "boolean", "a", source="is_deleted"),  # a property
        Field("b", "string", "b", source="author.display_name"),  # through a relation
        Field("c", "string", "c", source="contributions.Contribution:demarche.slug"),  # another model
    )
    assert dataset_problems(dataclasses.replace(base, fields=ok)) == []
    wrong = (
        Field("a", "string", "a", source="body.length"),  # not a relation
        Field("b", "string", "b", source="target.demarche"),  # a generic relation cannot be followed
        Field("c", "string", "c"),  # no source
        Field("d", "string", "d", source="pk.x"),
    )
    assert len(dataset_problems(dataclasses.replace(base, fields=wrong))) == 4


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_opendata_imports_no_resource_app() -> None:
    app = Path(export.__file__).parent
    found = [
        (str(path.relative_to(app)), name)
        for path in app.rglob("*.py")
        if "tests" not in path.parts
        for name in _imports(path)
        if name.startswith(RESOURCE_APPS)
    ]
    assert found == []
