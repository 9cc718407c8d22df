"""System check: every column of every open dataset names a real attribute of its model.

A field renamed or removed makes `manage.py check` (run by CI and at deployment) and the
tests fail, instead of the nightly export silently writing an empty column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig, apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .datasets import all_datasets
from .schema import Dataset


def source_problem(model: type[models.Model], source: str) -> str | None:
    """Why `source` ("demarche.slug", or "app.Model:path" from another model) is not an attribute of `model`."""
    if ":" in source:
        label, source = source.split(":", 1)
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            return f"no model {label!r}"
    parts = source.split(".")
    for position, part in enumerate(parts):
        last = position == len(parts) - 1
        if part == "pk":
            return None if last else f"{source!r}: nothing follows pk"
        try:
            found = model._meta.get_field(part)
        except FieldDoesNotExist:
            if last and isinstance(getattr(model, part, None), property):
                return None
            return f"{source!r}: {model._meta.label} has no field or property {part!r}"
        if last:
            return None
        related = found.related_model if found.is_relation else None
        if not isinstance(related, type):
            return f"{source!r}: {model._meta.label}.{part} is not a relation to follow"
        model = related
    return None


def dataset_problems(dataset: Dataset) -> list[str]:
    try:
        model = apps.get_model(dataset.model)
    except (LookupError, ValueError):
        return [f"{dataset.name}: no model {dataset.model!r}"]
    problems = []
    for field in dataset.fields:
        if not field.source:
            problems.append(f"{dataset.name}.{field.name}: no source declared")
            continue
        problem = source_problem(model, field.source)
        if problem is not None:
            problems.append(f"{dataset.name}.{field.name}: {problem}")
    names = [field.name for field in dataset.fields]
    if len(set(names)) != len(names):
        problems.append(f"{dataset.name}: a column is declared twice")
    return problems


def check_datasets(app_configs: Sequence[AppConfig] | None = None, **kwargs: Any) -> list[checks.CheckMessage]:
    datasets = all_datasets()
    names = [dataset.name for dataset in datasets]
    errors: list[checks.CheckMessage] = [
        checks.Error(problem, id="opendata.E001") for dataset in datasets for problem in dataset_problems(dataset)
    ]
    if len(set(names)) != len(names):
        errors.append(checks.Error(f"two open datasets share a name: {names}", id="opendata.E002"))
    return errors
