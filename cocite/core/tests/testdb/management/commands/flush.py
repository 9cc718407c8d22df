"""The flush that ends each transactional test, on PostgreSQL: DELETE instead of TRUNCATE (test settings only).

After a transactional test (``transaction=True``, ``transactional_db``, ``live_server``) Django empties every
table with ``call_command("flush", reset_sequences=False, …)``: on PostgreSQL one TRUNCATE of all the project's
tables (~165), which gives each table and index new files — 4 to 7 s on the CI machine for the few rows a test
wrote, about 60 transactional tests a pass. The same end is reached here for a fraction of it: the rows of the
tables that hold any are deleted in one transaction, with row triggers and foreign-key checks off for it
(``session_replication_role = replica``, as TRUNCATE fires no row trigger: the decision log's append-only
triggers stay installed, unfired). Sequences are left where they are, as TransactionTestCase asks of the
flush; the post_migrate signal is sent as Django's flush sends it (content types, permissions, triggers).

Everything else goes to Django's flush unchanged: SQLite (whose flush is already DELETE FROM), a flush that
resets the sequences or asks for confirmation (``manage.py flush``), a role that may not change
``session_replication_role`` (not a superuser).
"""

from __future__ import annotations

import contextlib
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.commands import flush
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        if (
            connection.vendor != "postgresql"
            or options["interactive"]
            or options.get("reset_sequences", True)
            or not _superuser(connection)
        ):
            super().handle(**options)
            return
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        if not tables:
            return  # as Django's flush: no table, no post_migrate
        for app_config in apps.get_app_configs():  # as Django's flush: the apps' signal handlers registered
            with contextlib.suppress(ImportError):
                import_module(".management", app_config.name)
        quote = connection.ops.quote_name
        with transaction.atomic(using=database), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            holding = " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in tables)  # noqa: S608
            cursor.execute(holding, tables)
            for (table,) in cursor.fetchall():
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (a table name of the project)
        if not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(options["verbosity"], False, database)


def _superuser(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        return bool(cursor.fetchone()[0])
