"""The database refuses UPDATE and DELETE on the decision log and on decision records.

PostgreSQL: a plpgsql function raising an exception, called by a BEFORE UPDATE OR DELETE row
trigger on each table. SQLite: BEFORE UPDATE and BEFORE DELETE triggers calling RAISE(ABORT).
The statements are frozen here (a migration must not change when the code does); the app
re-runs the same statements after every migrate, because SQLite drops a table's triggers
whenever a later migration rebuilds that table.
"""

from django.db import migrations

TABLES = (
    "decisions_logentry",
    "decisions_decision",
    "decisions_decisioncontribution",
    "decisions_decisionopinion",
)

PG_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION decisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
    END;
    $$
    """,
    *[
        f"CREATE OR REPLACE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION decisions_append_only()"
        for table in TABLES
    ],
]
PG_BACKWARD = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in TABLES] + [
    "DROP FUNCTION IF EXISTS decisions_append_only()"
]
SQLITE_FORWARD = [
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {operation} refused'); END"
    for table in TABLES
    for operation in ("UPDATE", "DELETE")
]
SQLITE_BACKWARD = [
    f"DROP TRIGGER IF EXISTS {table}_no_{operation}" for table in TABLES for operation in ("update", "delete")
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
