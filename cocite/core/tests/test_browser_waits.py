"""Browser tests read a page only once the answer to a click has arrived.

Playwright's ``click()`` returns before the navigation it starts has finished. A snapshot read
on the next line (``content()``, a locator's ``count()``) then sees the old page or the empty
document that precedes the new one, and the test passes or fails with the machine's load.
CI failed once that way; this sweeps every browser test for the pattern.
"""

import ast
import itertools
from pathlib import Path

import cocite

#: Reads that return at once, without waiting for what they look at.
SNAPSHOT_READS = frozenset({"content", "count", "is_visible", "is_checked", "is_enabled", "title"})
#: Actions that may start a navigation or a server round trip.
ACTIONS = frozenset({"click", "press", "check", "select_option", "dispatch_event"})


def _called(node: ast.AST) -> set[str]:
    return {
        call.func.attr for call in ast.walk(node) if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
    }


def _is_action(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Attribute)
        and statement.value.func.attr in ACTIONS
    )


def unwaited_reads(source: str) -> list[int]:
    """Line numbers of snapshot reads made on the statement right after an action."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        for field in ("body", "orelse", "finalbody"):
            statements = getattr(node, field, None)
            if not isinstance(statements, list):
                continue
            for action, following in itertools.pairwise(statements):
                called = _called(following)
                if _is_action(action) and called & SNAPSHOT_READS and "wait_for" not in called:
                    lines.append(following.lineno)
    return lines


def test_the_sweep_catches_a_read_right_after_a_click() -> None:
    source = 'def t(page):\n    page.get_by_role("link").click()\n    assert "x" in page.content()\n'
    assert unwaited_reads(source) == [3]
    waited = 'def t(page):\n    page.click("a")\n    page.get_by_text("x").wait_for()\n    assert page.content()\n'
    assert unwaited_reads(waited) == []


def test_no_browser_test_reads_the_page_before_the_answer_to_a_click() -> None:
    root = Path(cocite.__file__).parent
    files = sorted({*root.rglob("test_browser*.py"), *root.rglob("tests/browser/test_*.py")})
    assert len(files) > 15
    found = {
        f"{path.relative_to(root)}:{line}"
        for path in files
        for line in unwaited_reads(path.read_text(encoding="utf-8"))
    }
    assert found == set()
