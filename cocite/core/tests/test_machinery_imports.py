"""The machinery reaches resources only through the registry: it never imports a resource app.

Grep-level (the AST of every module, imports inside functions included), so a new import fails
here before import-linter even runs (issue 14, acceptance 1). A resource app is one that
registers a ResourceSpec (cocite/items/registry.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

from cocite.items.registry import registry

ROOT = Path(__file__).resolve().parents[2]  # cocite/
MACHINERY = ("items", "decisions", "results", "debate", "moderation", "notifications", "opendata")


def _resource_packages() -> set[str]:
    return {spec.model.split(".")[0] for spec in registry.all()} - {"toy"} | {"contributions"}


def _imports(path: Path, package: str | None = None) -> set[str]:
    if package is None:
        package = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts[:-1])
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.add(node.module)
    return found


def _violations() -> set[tuple[str, str]]:
    resources = {f"cocite.{name}" for name in _resource_packages()}
    found = set()
    for app in MACHINERY:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" in relative.parts or "migrations" in relative.parts:
                continue
            for module in _imports(path):
                if any(module == r or module.startswith(f"{r}.") for r in resources):
                    found.add((str(relative), module))
    return found


def test_the_machinery_never_imports_a_resource_app() -> None:
    found = _violations()
    assert not found, f"the machinery reaches resources through cocite.items.registry, not by importing them: {found}"


def test_the_check_sees_an_import_written_inside_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n    from cocite.contributions.models import Contribution\n    return Contribution\n"
        "def g():\n    from ...contributions import queries\n    return queries\n"
    )
    found = _imports(sample, package="cocite.decisions.actions")
    assert {"cocite.contributions.models", "cocite.contributions"} <= found
