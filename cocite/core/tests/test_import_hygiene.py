"""Imports go one way, at the top of the module (issue 14).

An import inside a function is a dependency nobody sees: it hid the cycles import-linter now
refuses (.importlinter). Each one left must say why it cannot be at module level (a heavy
library only the worker needs, an optional app…). `AppConfig.ready()` (apps.py), management
commands, migrations and tests are left out: importing late is their job.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cocite.core.testing import report_coverage

ROOT = Path(__file__).resolve().parents[2]  # the cocite package

# The number of imports inside functions may go down, never up: lower it as they go.
CEILING = 3

# Apps whose in-function imports are still being removed (issue 14): their remaining ones need
# no comment yet. Take an app out of this set once each of its in-function imports says why.
NOT_YET_EXPLAINED: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LateImport:
    path: Path
    line: int

    @property
    def app(self) -> str:
        return self.path.relative_to(ROOT).parts[0]

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT.parent)}:{self.line}"


def _checked_files() -> Iterator[Path]:
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts or path.name in {"apps.py", "conftest.py"}:
            continue
        if "management" in parts and "commands" in parts:
            continue
        yield path


def _late_imports(path: Path) -> Iterator[LateImport]:
    def visit(node: ast.AST, in_function: bool) -> Iterator[LateImport]:
        for child in ast.iter_child_nodes(node):
            if in_function and isinstance(child, ast.Import | ast.ImportFrom):
                yield LateImport(path, child.lineno)
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            yield from visit(child, inside)

    yield from visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)), False)


def _all_late_imports() -> list[LateImport]:
    return [found for path in _checked_files() for found in _late_imports(path)]


def _explained(late: LateImport) -> bool:
    """A comment on the import's line, or on the line just above it."""
    lines = late.path.read_text(encoding="utf-8").splitlines()
    here = lines[late.line - 1]
    above = lines[late.line - 2].strip() if late.line >= 2 else ""
    return "#" in here or above.startswith("#")


def test_imports_inside_functions_do_not_come_back() -> None:
    found = _all_late_imports()
    report_coverage(f"imports inside functions: {len(found)} (ceiling {CEILING}) in {len(set(_checked_files()))} files")
    assert len(found) <= CEILING, (
        f"{len(found)} imports inside functions, more than the {CEILING} allowed: import at module level "
        "(move what causes a cycle to a lower module), or lower nothing and say why in a comment:\n"
        + "\n".join(str(late) for late in found)
    )


def test_each_import_left_inside_a_function_says_why() -> None:
    unexplained = [late for late in _all_late_imports() if late.app not in NOT_YET_EXPLAINED and not _explained(late)]
    assert not unexplained, "say why these imports are inside a function (a comment on the line or above):\n" + (
        "\n".join(str(late) for late in unexplained)
    )


def test_the_checks_see_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        "import os\n"
        "\n"
        "def f():\n"
        "    # Heavy: only the worker needs it.\n"
        "    import json\n"
        "    from sys import path  # optional\n"
        "    return lambda: __import__('x')\n"
        "\n"
        "class C:\n"
        "    def m(self):\n"
        "        import re\n",
        encoding="utf-8",
    )
    found = list(_late_imports(module))
    assert [late.line for late in found] == [5, 6, 11]
    assert [_explained(late) for late in found] == [True, True, False]
