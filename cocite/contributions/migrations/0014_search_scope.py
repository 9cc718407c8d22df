"""Contributions' search documents carry their démarche as scope (cocite.core.search.SCOPE_LEXEME):
the documents indexed before get it here, on PostgreSQL (SQLite's FTS5 table has no scope)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def add_scopes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "UPDATE core_searchdocument AS document "
        "SET vector = coalesce(document.vector, ''::tsvector) || array_to_tsvector(ARRAY['~s' || c.demarche_id]) "
        "FROM contributions_contribution AS c "
        "WHERE document.kind = 'contribution' AND document.object_id = c.id"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0013_listed_index"),
        ("core", "0003_worker_heartbeat"),
    ]

    # Backwards, the scope lexeme stays: no search asks for it then, and it matches no word.
    operations = [migrations.RunPython(add_scopes, migrations.RunPython.noop, elidable=True)]
