"""Migrations and the append-only tables (cocite.decisions.ledger protects them with triggers).

The triggers are named `<table>_append_only` / `<table>_no_delete` on PostgreSQL and
`<table>_no_update` / `<table>_no_delete` on SQLite, and name every column of their table.
"""

from __future__ import annotations

from typing import Any


def drop_triggers_of(table: str) -> Any:
    """For a migration's reverse step: drop the append-only triggers of one protected table.

    They name every column (SQLite refuses to drop a column a trigger names); the post_migrate
    receiver puts them back. Used as `RunPython(RunPython.noop, drop_triggers_of("…"))`.
    """

    def drop(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = [f"DROP TRIGGER IF EXISTS {table}_no_{operation}" for operation in ("update", "delete")]
        elif vendor == "postgresql":
            statements = [f"DROP TRIGGER IF EXISTS {table}_{name} ON {table}" for name in ("append_only", "no_delete")]
        else:
            statements = []
        for statement in statements:
            schema_editor.execute(statement)

    return drop
