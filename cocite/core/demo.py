"""Demo data as data: the one loader of the YAML files under each app's `demo/` directory.

An app keeps the texts of its demo (people, démarches, contributions, debates…) in
`cocite/<app>/demo/<name>.yaml` and its seeding code (`cocite/<app>/demo.py`) turns them
into objects through the app's actions. This module only reads and checks the files: it
imports no app (core imports no app).

    data = demo.load("cocite.contributions", "contributions.yaml")
    for entry in demo.records(data, "contributions", required={"kind", "title"}, optional={"body"}):
        ...

A file that does not parse, or an entry that lacks a required key or carries an unknown one,
raises `DemoDataError` naming the file and the entry, so a typo in the demo is found at once.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DIRECTORY = "demo"


class DemoDataError(ValueError):
    """A demo file that cannot be used as it is; the message names the file and the entry."""


@dataclass(frozen=True)
class DemoData:
    """The parsed content of one demo file, with where it came from (for error messages)."""

    path: Path
    content: Any

    def __getitem__(self, key: str) -> Any:
        return section(self, key)


def demo_path(package: str, name: str) -> Path:
    """`cocite/<app>/demo/<name>` for the package `cocite.<app>` (found without importing it)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DemoDataError(f"{package}: no such package, no demo file {name!r}")
    return Path(next(iter(spec.submodule_search_locations))) / DIRECTORY / name


def read(path: Path) -> DemoData:
    """Parse one YAML file with `yaml.safe_load` (plain data only: no tags, no objects)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DemoDataError(f"{path}: cannot read the demo file ({error.strerror or error})") from error
    try:
        content = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DemoDataError(f"{path}: not valid YAML: {error}") from error
    return DemoData(path=path, content=content)


def load(package: str, name: str) -> DemoData:
    """Read `name` from the demo directory of `package` (e.g. "cocite.contributions")."""
    return read(demo_path(package, name))


def section(data: DemoData, key: str) -> Any:
    """The top-level `key` of a file whose content is a mapping."""
    if not isinstance(data.content, Mapping):
        raise DemoDataError(f"{data.path}: expected a mapping at the top of the file")
    if key not in data.content:
        raise DemoDataError(f"{data.path}: missing top-level key {key!r}")
    return data.content[key]


def describe(entry: Any, index: int) -> str:
    """How an entry is named in an error: its position, and its first natural key if it has one."""
    label = f"entry {index + 1}"
    if isinstance(entry, Mapping):
        for key in ("slug", "title", "email", "name", "text", "who", "demarche"):
            value = entry.get(key)
            if isinstance(value, str) and value:
                return f"{label} ({key}: {value[:60]!r})"
    return label


def check(
    data: DemoData,
    entry: Any,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    where: str,
) -> dict[str, Any]:
    """One entry: a mapping with every required key and no key outside required ∪ optional."""
    if not isinstance(entry, Mapping):
        raise DemoDataError(f"{data.path}: {where}: expected a mapping, got {type(entry).__name__}")
    required, allowed = set(required), set(required) | set(optional)
    missing = sorted(required - entry.keys())
    if missing:
        raise DemoDataError(f"{data.path}: {where}: missing key(s) {', '.join(map(repr, missing))}")
    unknown = sorted(str(key) for key in entry.keys() - allowed)
    if unknown:
        raise DemoDataError(
            f"{data.path}: {where}: unknown key(s) {', '.join(map(repr, unknown))} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )
    return dict(entry)


def records(
    data: DemoData,
    entries: Any,
    *,
    required: Iterable[str],
    optional: Iterable[str] = (),
    where: str = "",
) -> list[dict[str, Any]]:
    """A list of entries, each checked by `check`; `where` says which list (for messages)."""
    prefix = f"{where}: " if where else ""
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise DemoDataError(f"{data.path}: {prefix or 'content: '}expected a list, got {type(entries).__name__}")
    required, optional = tuple(required), tuple(optional)
    return [
        check(data, entry, required=required, optional=optional, where=f"{prefix}{describe(entry, index)}")
        for index, entry in enumerate(entries)
    ]


def fail(data: DemoData, where: str, message: str) -> DemoDataError:
    """An error about one entry's value (raise it): `<file>: <where>: <message>`."""
    return DemoDataError(f"{data.path}: {where}: {message}")
