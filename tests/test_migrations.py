"""The migrations build the schema the tests run on.

The test databases are built from the models, not by running the migrations
(`core.testing.build_test_databases_from_models`: it saves minutes per test process).
Here the migrations are run in full, by `roundtable migrate` in a process of its own,
into a new database on the same server as the test database (SQLite: a file), and
the schema they build is compared with the test database's (`tests/schema.py`):
every table, its columns, indexes and constraints, and what no model declares. Then
`makemigrations --check`: no change to a model is left without its migration.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from tests.schema import UNDECLARED, schema_of

ROOT = Path(__file__).resolve().parent.parent

# Django's own difference, on PostgreSQL: its auth migration gives the group
# permissions table a `bigint` id (the project's DEFAULT_AUTO_FIELD, as migrations
# read it), the model an `integer` one (the auth app's own default). The column's type
# is left out of the comparison; everything else about it is compared.
TYPE_NOT_COMPARED = {("auth_group_permissions", "id")}


def _comparable(schema: dict) -> dict:
    for table, column in TYPE_NOT_COMPARED:
        if column in schema.get(table, {}).get("columns", {}):
            schema[table]["columns"][column][0] = "(not compared)"
    return schema


@contextmanager
def _empty_database(folder: Path) -> Iterator[str]:
    """The address (DATABASE_URL) of a new, empty database beside the test database;
    gone afterwards."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{folder / 'migrated.sqlite3'}"
        return
    name = f"{settings['NAME']}_migrated"
    _drop(name, create=True)
    try:
        user = quote(settings["USER"] or "", safe="")
        password = quote(settings["PASSWORD"] or "", safe="")
        host = settings["HOST"] or "localhost"
        port = settings["PORT"] or 5432
        yield f"postgres://{user}:{password}@{host}:{port}/{name}"
    finally:
        _drop(name, create=False)


def _drop(name: str, *, create: bool) -> None:
    quoted = connection.ops.quote_name(name)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        if create:
            cursor.execute(f"CREATE DATABASE {quoted}")


def _migrate(url: str, folder: Path) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "ROUNDTABLE_VAR_DIR": str(folder),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.schema", "--migrate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.django_db
def test_the_migrations_build_the_schema_the_tests_run_on(tmp_path):
    with _empty_database(tmp_path) as url:
        migrated = _migrate(url, tmp_path)
    tested = _comparable(schema_of(connection))
    built = _comparable(migrated["schema"])

    assert migrated["applied"] > 0
    assert sorted(built) == sorted(tested)
    assert {t: (built[t], tested[t]) for t in built if built[t] != tested[t]} == {}
    if connection.vendor == "sqlite":  # what the test databases add to the models' tables
        assert "meetings_search" in [name for _, name, _ in tested[UNDECLARED]]


@pytest.mark.django_db
def test_no_change_to_a_model_is_left_without_its_migration():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
