"""What a database's schema is, as plain data, for `tests/test_migrations.py`.

Run as `python -m tests.schema --migrate` (from the repository, with DATABASE_URL
naming an empty database) it runs every migration into that database with the
`roundtable migrate` command users run, then prints the schema as JSON.
"""

from __future__ import annotations

import json
import sys

from django.db.backends.base.base import BaseDatabaseWrapper

UNDECLARED = "(not declared by a model)"


def schema_of(db: BaseDatabaseWrapper) -> dict[str, object]:
    """Every table with its columns, indexes and constraints, and what no model
    declares (SQLite's virtual tables, triggers and views; PostgreSQL's extensions,
    triggers, views and functions). Names of indexes and constraints are left out: a
    migration may keep an old name that means nothing. As JSON would give it back."""
    introspection = db.introspection
    schema: dict[str, object] = {}
    with db.cursor() as cursor:
        for table in sorted(t.name for t in introspection.get_table_list(cursor)):
            if table == "django_migrations":  # the migrations' own record
                continue
            columns = {
                c.name: [c.type_code, c.null_ok, c.default, c.collation]
                for c in introspection.get_table_description(cursor, table)
            }
            constraints = sorted(
                [
                    list(c["columns"] or ()),
                    bool(c["primary_key"]),
                    bool(c["unique"]),
                    list(c["foreign_key"] or ()),
                    bool(c["check"]),
                    bool(c["index"]),
                    str(c.get("type") or ""),
                    list(c.get("orders") or ()),
                ]
                for c in introspection.get_constraints(cursor, table).values()
            )
            schema[table] = {"columns": columns, "constraints": constraints}
        schema[UNDECLARED] = _undeclared(db, cursor)
    return json.loads(json.dumps(schema))


def _undeclared(db: BaseDatabaseWrapper, cursor) -> list[list[str]]:
    if db.vendor == "sqlite":
        cursor.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE type IN ('trigger', 'view') OR sql LIKE 'CREATE VIRTUAL TABLE%' "
            "ORDER BY type, name"
        )
    else:
        cursor.execute(
            "SELECT 'extension', extname FROM pg_extension "
            "UNION ALL SELECT 'trigger', tgname FROM pg_trigger WHERE NOT tgisinternal "
            "UNION ALL SELECT 'view', viewname FROM pg_views WHERE schemaname = 'public' "
            "UNION ALL SELECT 'function', p.proname FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' "
            "ORDER BY 1, 2"
        )
    return [list(row) for row in cursor.fetchall()]


def _migrate_and_print() -> None:
    import django
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM django_migrations")
        (applied,) = cursor.fetchone()
    json.dump({"applied": applied, "schema": schema_of(connection)}, sys.stdout)


if __name__ == "__main__" and sys.argv[1:] == ["--migrate"]:
    _migrate_and_print()
