"""LIS import benchmark (#12): 1,000,000 statistics rows, against the database's own loader.

Loads the demo (its real LSOA codes for Ealing, Warwick and Westminster), writes a
tidy CSV of 1,000,000 rows (indicator × LSOA × year × sex, with count, denominator
and value), and times `roundtable lis import` of it (reading, checking every row,
writing) against the bare bulk load of the same file: `sqlite3 .import` into a new
table on SQLite, `COPY` into a bare table on PostgreSQL (BENCH_DATABASE_URL). The
target is an import at most 2× the bare load. For the planner's question whether the
target should count the indexes the LIS reads, the same loaders are also timed into a
table with typed columns and the observations table's three indexes (its unique cell,
`observation_lookup` and the area's), keyed by the file's codes: that ratio is
printed too, beside the target's. Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/lis_import.py
    BENCH_DATABASE_URL=postgres://… .venv/bin/python benchmarks/lis_import.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROWS = 1_000_000
INDICATORS = 25

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

import polars as pl  # noqa: E402
from django.db import connection  # noqa: E402

from roundtable.core.imports import read_table  # noqa: E402
from roundtable.demo.loader import load_demo  # noqa: E402
from roundtable.geography.models import Area  # noqa: E402
from roundtable.lis.import_checks import check_observations, read_frame  # noqa: E402
from roundtable.lis.imports import (  # noqa: E402
    DatasetOptions,
    import_indicators,
    import_observations,
)
from roundtable.lis.models import Observation  # noqa: E402
from roundtable.partnership.models import Partnership  # noqa: E402


def write_indicators(folder: Path) -> Path:
    path = folder / "indicators.csv"
    lines = ["code,name,value_type,polarity,multiplier"]
    lines += [f"BENCH{i},Benchmark indicator {i},rate,lower,100000" for i in range(INDICATORS)]
    path.write_text("\n".join(lines) + "\n")
    return path


def write_statistics(folder: Path, lsoas: list[str], *, more: int = 0) -> Path:
    """ROWS rows: every indicator × LSOA × sex × year, as many years as it takes;
    every count `more` higher (a file that changes every cell)."""
    sexes = ["Persons", "Female", "Male"]
    years = -(-ROWS // (INDICATORS * len(lsoas) * len(sexes)))
    cells = (
        pl.DataFrame({"indicator": [f"BENCH{i}" for i in range(INDICATORS)]})
        .join(pl.DataFrame({"area_code": lsoas}), how="cross")
        .join(pl.DataFrame({"period": [str(2000 + y) for y in range(years)]}), how="cross")
        .join(pl.DataFrame({"sex": sexes}), how="cross")
        .head(ROWS)
    )
    n = pl.int_range(pl.len())
    cells = cells.with_columns(
        (n % 97 + 5 + more).alias("count"),
        (n % 1000 + 1500).alias("denominator"),
    ).with_columns(
        (pl.col("count") / pl.col("denominator") * 100_000).round(1).alias("value"),
    )
    path = folder / f"statistics{more or ''}.csv"
    cells.write_csv(path)
    return path


def timed(label: str, action) -> float:  # noqa: ANN001 - any callable
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label}: {seconds:.2f} s" + (f" ({result})" if isinstance(result, str) else ""))
    return seconds


# The observations table's indexes, on the file's own columns (codes, not ids).
INDEXED_TABLE = (
    "CREATE TABLE {table} (indicator text, area_code text, period text, sex text, "
    "count integer, denominator integer, value real)",
    "CREATE UNIQUE INDEX {table}_cell ON {table} (indicator, area_code, period, sex)",
    "CREATE INDEX {table}_lookup ON {table} (indicator, period, area_code)",
    "CREATE INDEX {table}_area ON {table} (area_code)",
)


def sqlite_import(path: Path, folder: Path, *, indexed: bool = False) -> float:
    """`sqlite3 .import` of the CSV into a new database file: into a new bare table
    (text columns named by the header), or `indexed`, into a typed table made first
    with the three indexes (the header row skipped)."""
    target = folder / ("indexed.sqlite3" if indexed else "bare.sqlite3")
    command = [shutil.which("sqlite3") or "sqlite3", str(target)]
    script = f".mode csv\n.import {path} observations\n"
    if indexed:
        schema = "".join(sql.format(table="observations") + ";\n" for sql in INDEXED_TABLE)
        subprocess.run(command, input=schema, text=True, check=True)  # noqa: S603
        script = f".mode csv\n.import --skip 1 {path} observations\n"
    started = time.perf_counter()
    subprocess.run(command, input=script, text=True, check=True)  # noqa: S603 - our own file
    seconds = time.perf_counter() - started
    into = "a typed table with the 3 indexes" if indexed else "a bare table"
    print(f"sqlite3 .import of the same CSV into {into}: {seconds:.2f} s")
    return seconds


def _copy(cursor, table: str, path: Path) -> float:  # noqa: ANN001 - Django's cursor
    started = time.perf_counter()
    with cursor.cursor.copy(f"COPY {table} FROM STDIN (FORMAT csv, HEADER true)") as copy:
        with path.open("rb") as source:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
    return time.perf_counter() - started


def postgres_copy_indexed(path: Path) -> float:
    """COPY of the CSV into a typed table with the three indexes."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_indexed")
        for sql in INDEXED_TABLE:
            cursor.execute(sql.format(table="bench_indexed"))
        seconds = _copy(cursor, "bench_indexed", path)
        cursor.execute("DROP TABLE bench_indexed")
    print(f"PostgreSQL COPY of the same CSV into a typed table with the 3 indexes: {seconds:.2f} s")
    return seconds


def postgres_copy(path: Path) -> float:
    """COPY of the CSV into a bare table of text columns."""
    header = path.open().readline().strip().split(",")
    columns = ", ".join(f"{c} text" for c in header)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare")
        cursor.execute(f"CREATE TABLE bench_bare ({columns})")
        seconds = _copy(cursor, "bench_bare", path)
        cursor.execute("DROP TABLE bench_bare")
    print(f"PostgreSQL COPY of the same CSV into a bare table: {seconds:.2f} s")
    return seconds


def check_rows() -> None:
    """The benchmark's dataset holds the file's rows (the demo has datasets of its own)."""
    found = Observation.objects.filter(dataset__slug="bench").count()
    if found != ROWS:
        raise SystemExit(f"Expected {ROWS:,} observations, found {found:,}")


def main() -> None:
    print(f"Database: {DATABASE}")
    folder = Path(tempfile.mkdtemp(prefix="roundtable-lis-bench-"))
    load_demo()
    partnership = Partnership.objects.get(slug="ealing")
    lsoas = list(
        Area.objects.filter(area_type="lsoa").order_by("code").values_list("code", flat=True)
    )
    import_indicators(read_table(write_indicators(folder)), partnership)
    started = time.perf_counter()
    path = write_statistics(folder, lsoas)
    print(
        f"Wrote {ROWS:,} rows ({INDICATORS} indicators × {len(lsoas)} demo LSOAs × years × sex) "
        f"in {time.perf_counter() - started:.2f} s, {path.stat().st_size / 1e6:.0f} MB"
    )
    options = DatasetOptions(slug="bench", title="Benchmark")
    timed(
        "of which reading and checking (confidence limits and suppression included)",
        lambda: check_observations(read_frame(path), partnership, 5) and None,
    )
    ours = timed(
        "roundtable lis import, new dataset",
        lambda: import_observations(path, partnership, options),
    )
    check_rows()
    same = timed(
        "roundtable lis import again, the same file (no cell changes)",
        lambda: import_observations(path, partnership, options),
    )
    check_rows()
    changed = write_statistics(folder, lsoas, more=1)
    again = timed(
        "roundtable lis import again, every count one higher (every cell replaced)",
        lambda: import_observations(changed, partnership, options),
    )
    check_rows()
    if connection.vendor == "postgresql":
        bare, indexed = postgres_copy(path), postgres_copy_indexed(path)
    else:
        bare, indexed = sqlite_import(path, folder), sqlite_import(path, folder, indexed=True)
    for name, peer, target in (("bare load", bare, "; target ≤ 2×"), ("indexed load", indexed, "")):
        ratios = (
            f"{ours / peer:.2f}× (re-import of the same file {same / peer:.2f}×, "
            f"of changed figures {again / peer:.2f}×{target})"
        )
        print(f"Ratio, import / {name}: {ratios}")
    shutil.rmtree(folder)


if __name__ == "__main__":
    main()
