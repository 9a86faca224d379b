"""Writing checked LIS statistics into the observations table, in bulk, inside the
import's transaction (`imports.import_observations`).

On SQLite the rows go in as Arrow columns through a staging file and
`INSERT … SELECT` (`executemany` for a small file), on PostgreSQL by `COPY`
(straight into the table for a new dataset), renewing the planner's statistics after
a large import. Into a dataset that has cells the write is an upsert: the cells the
file names (same dataset, indicator, area, period, sex, age and category) are
replaced and keep their ids.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from django.db import connection

from roundtable.lis.import_checks import NUMBER_COLUMNS
from roundtable.lis.models import Observation

#: How `imports.import_observations` reports progress: rows written, rows in all.
Progress = Callable[[int, int], None]

# The columns written, in the table's order.
WRITTEN = (
    "dataset_id",
    "indicator_id",
    "area_id",
    "period",
    "period_start",
    "period_end",
    "sex",
    "age",
    "category",
    *NUMBER_COLUMNS,
    "ci_method",
    "note",
    "suppressed",
)
CELL = ("dataset_id", "indicator_id", "area_id", "period", "sex", "age", "category")
CHUNK = 50_000


def write_rows(
    stage: str | None,
    frame: pl.DataFrame,
    dataset_id: int,
    *,
    replacing: bool,
    progress: Progress | None,
) -> int:
    """Write the checked rows of `frame` (the columns of `WRITTEN` but the dataset's)
    into dataset `dataset_id`, inside the caller's transaction: by COPY on
    PostgreSQL, renewing its statistics from `ANALYZE_FROM` rows; on SQLite from the
    staging table `stage` (`staged`), or the frame's rows without one. An upsert
    only when the dataset already has cells (`replacing`). Returns how many cells
    were new or changed: a cell the file gives again with the same figures, note and
    suppression is left as it is (nothing rewritten)."""
    if connection.vendor == "postgresql":
        changed = _copy_postgres(frame, dataset_id, replacing=replacing, progress=progress)
        if changed >= ANALYZE_FROM:
            _analyze_postgres()
        return changed
    return _insert_sqlite(stage, frame, dataset_id, replacing=replacing, progress=progress)


# After this many rows PostgreSQL's statistics of the table are renewed at once.
ANALYZE_FROM = 20_000


def _analyze_postgres() -> None:
    """Renew the planner's statistics of the observations table, inside the import's
    transaction: until autovacuum gets to it, a table just grown by a bulk load is
    planned from old figures (an area profile's London comparison took 660 ms
    instead of 67 ms in benchmarks/lis_profile.py). It samples, so it takes well
    under a second, whatever the table's size."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Observation._meta.db_table}")


def _upsert(source: str) -> str:
    """INSERT of the rows of `source`; a cell already stored takes the row's figures
    only when they differ from its own (NULLs compared as values), so re-importing
    the same file rewrites no row, index entry or, on PostgreSQL, tuple.

    `suppressed` is not compared: the file's flag is worked out over the file alone,
    the stored one over every stored cell (`after_write`), which for unchanged
    figures is the better answer; a changed cell takes the file's and is worked out
    again after the write."""
    table = Observation._meta.db_table
    kept = [c for c in WRITTEN if c not in CELL]
    updated = ", ".join(f"{c} = excluded.{c}" for c in kept)
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    compared = [c for c in kept if c != "suppressed"]
    ours = ", ".join(f"{table}.{c}" for c in compared)
    theirs = ", ".join(f"excluded.{c}" for c in compared)
    return (
        f"INSERT INTO {table} ({', '.join(WRITTEN)}) {source} "
        f"ON CONFLICT ({', '.join(CELL)}) DO UPDATE SET {updated} "
        f"WHERE ({ours}) {distinct} ({theirs})"
    )


def _insert(source: str) -> str:
    return f"INSERT INTO {Observation._meta.db_table} ({', '.join(WRITTEN)}) {source}"


# SQLite: the rows are handed to SQLite as Arrow columns (ADBC), never as Python
# tuples, into a staging table of a database file of their own; Django's connection
# attaches that file and copies the rows across with INSERT … SELECT inside the
# import's transaction. The staging file is separate because the ADBC driver brings
# its own copy of SQLite, and two copies of SQLite must never open the same database
# file in one process (sqlite.org/howtocorrupt.html, 2.2.1). A small file (fewer than
# STAGE_FROM rows) skips staging: its tuples cost less than attaching a file. So does
# an import inside a transaction the caller opened: SQLite cannot detach a file read
# in a transaction until it ends, and holds at most 10 attached at once.
STAGE_FROM = 20_000
STAGE_PREFIX = "lis_stage_"


@contextmanager
def staged(frame: pl.DataFrame) -> Iterator[str | None]:
    """On SQLite, for a large `frame`: the name of an attached database holding it as
    table `stage` (rowids 1…n in the frame's order); None otherwise (PostgreSQL, a
    small file, or inside the caller's transaction). The file is detached and deleted
    afterwards, whatever happened."""
    if connection.vendor != "sqlite" or frame.height < STAGE_FROM or connection.in_atomic_block:
        yield None
        return
    import adbc_driver_manager
    import adbc_driver_sqlite

    folder = Path(tempfile.mkdtemp(prefix="roundtable-lis-import-"))
    alias = f"{STAGE_PREFIX}{uuid.uuid4().hex[:12]}"
    try:
        with (
            adbc_driver_sqlite.connect(str(folder / "stage.sqlite3")) as database,
            adbc_driver_manager.AdbcConnection(database) as adbc,
            adbc_driver_manager.AdbcStatement(adbc) as statement,
        ):
            statement.set_options(
                **{
                    "adbc.ingest.target_table": "stage",
                    "adbc.ingest.mode": "adbc.ingest.mode.create",
                }
            )
            statement.bind_stream(
                frame.with_columns(
                    pl.col("period_start").cast(pl.String), pl.col("period_end").cast(pl.String)
                )
            )
            statement.execute_update()
        connection.ensure_connection()
        raw = connection.connection
        _detach_stages(raw)
        raw.execute(f"ATTACH DATABASE ? AS {alias}", [str(folder / "stage.sqlite3")])
        try:
            yield alias
        finally:
            _detach(raw, alias)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _detach(raw: sqlite3.Connection, alias: str) -> None:
    try:
        raw.execute(f"DETACH DATABASE {alias}")
    except sqlite3.OperationalError:
        pass  # only when the connection broke mid-import: the next import detaches it


def _detach_stages(raw: sqlite3.Connection) -> None:
    """Detach staging files an earlier import could not (see `staged`)."""
    for _, name, _ in raw.execute("PRAGMA database_list").fetchall():
        if name.startswith(STAGE_PREFIX):
            _detach(raw, name)


def _insert_sqlite(
    stage: str | None,
    frame: pl.DataFrame,
    dataset_id: int,
    *,
    replacing: bool,
    progress: Progress | None,
) -> int:
    """INSERT … SELECT from the attached staging table in chunks of rowids (for the
    progress bar), or, without one, executemany of the frame's rows; an upsert only
    when the dataset already has cells. Returns the rows inserted or updated. On the
    raw sqlite3 connection, inside Django's transaction, with a 256 MB page cache
    (this connection only) that keeps the indexes' pages in memory."""
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("PRAGMA cache_size = -262144")
    write = _upsert if replacing else _insert
    total = frame.height
    changed = 0
    if stage is None:
        sql = write(f"VALUES ({', '.join('?' * len(WRITTEN))})")
        rows = frame.select(
            pl.lit(dataset_id, dtype=pl.Int64),
            pl.all(),
        ).with_columns(pl.col("period_start").cast(pl.String), pl.col("period_end").cast(pl.String))
        for offset in range(0, total, CHUNK):
            changed += raw.executemany(sql, rows.slice(offset, CHUNK).iter_rows()).rowcount
            if progress:
                progress(min(offset + CHUNK, total), total)
        return changed
    # The names are this module's constants and a generated alias, never input.
    columns = ", ".join(WRITTEN[1:])
    sql = write(f"SELECT ?, {columns} FROM {stage}.stage WHERE rowid > ? AND rowid <= ?")  # noqa: S608
    step = CHUNK * 4
    for offset in range(0, total, step):
        changed += raw.execute(sql, [dataset_id, offset, offset + step]).rowcount
        if progress:
            progress(min(offset + step, total), total)
    return changed


def _copy_postgres(
    frame: pl.DataFrame, dataset_id: int, *, replacing: bool, progress: Progress | None
) -> int:
    """COPY the rows: straight into the table for a new dataset (nothing to replace);
    otherwise into a temporary table, then one upsert from it. The upsert keeps each
    replaced cell's id, which CKAN's DataStore publishes as `_id` (deleting the cells
    and inserting them again was a little faster, but gave every cell a new id).
    Returns the rows inserted or updated."""
    frame = frame.select(pl.lit(dataset_id, dtype=pl.Int64).alias("dataset_id"), pl.all())
    columns = ", ".join(WRITTEN)
    text = ("sex", "age", "category", "ci_method", "note")
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        target = table
        if replacing:
            target = "lis_import"
            cursor.execute(
                f"CREATE TEMPORARY TABLE lis_import (LIKE {table} INCLUDING DEFAULTS) "
                "ON COMMIT DROP"
            )
            cursor.execute("ALTER TABLE lis_import DROP COLUMN id")
        total = frame.height
        raw = cursor.cursor
        for offset in range(0, total, CHUNK * 4):
            data = io.BytesIO()
            frame.slice(offset, CHUNK * 4).write_csv(data, include_header=False)
            with raw.copy(
                f"COPY {target} ({columns}) FROM STDIN "
                f"(FORMAT csv, FORCE_NOT_NULL ({', '.join(text)}))"
            ) as copy:
                copy.write(data.getvalue())
            if progress:
                progress(min(offset + CHUNK * 4, total), total)
        if not replacing:
            return total
        # The column names are this module's constants, never input.
        ordered = f"SELECT {columns} FROM lis_import ORDER BY {', '.join(CELL)}"  # noqa: S608
        cursor.execute(_upsert(ordered))
        changed = cursor.rowcount
        cursor.execute("DROP TABLE lis_import")
        return changed
