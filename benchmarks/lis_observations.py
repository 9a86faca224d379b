"""LIS observations API against Datasette (#12): one indicator × the LSOAs of one borough.

Loads the demo (its real LSOAs of Ealing, Warwick and Westminster), imports
statistics for 25 indicators × every demo LSOA × 10 years × 3 sexes (about 300,000
observations), and serves them two ways on this machine, one process each:

- Roundtable under gunicorn (1 sync worker, DEBUG off), three times: as deployed,
  where an anonymous caller's answer is kept until the next write (the open-data
  APIs share the page cache, `partnership/pagecache.py`); with the cache off
  (`ROUNDTABLE_PAGE_CACHE_SECONDS=0`), every answer made afresh; and made afresh
  on a new database connection each time (`DATABASE_CONN_MAX_AGE=0`, the default
  before connections were kept; SQLite then reads its whole schema per request):
  `/api/v1/lis/observations?indicator=BENCH7&area_type=lsoa&within=E09000009&period=2011`
- Datasette 0.65 (the peer) serving the same observations from a SQLite file, as
  one flat table with the borough's code on every row and an index on
  (indicator, la_code, period, sex) — the equivalent filtered table JSON:
  `/stats/observations.json?indicator=BENCH7&la_code=E09000009&period=2011&sex=&_shape=objects&_size=max`

Each address is asked 200 times, alternately (A, A', A'', B, A, A', A'', B…), over one keep-alive
connection each, after 20 warm-up requests; p50 and p95 of the wall time per request
are printed, with the ratio. Target: Roundtable's p50 at most 0.5× Datasette's.
Datasette is installed into its own virtual environment (var/bench-datasette) the
first time, so it never mixes with the project's packages.

    .venv/bin/python benchmarks/lis_observations.py
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
DATASETTE_VENV = HERE.parent / "var" / "bench-datasette"
REQUESTS = 200
WARM_UP = 20
YEARS = 10
INDICATORS = 25
BOROUGH = "E09000009"

os.environ.update(
    DEBUG="false",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="127.0.0.1",
    LOG_LEVEL="ERROR",
)
os.environ.pop("ROUNDTABLE_CACHE_URL", None)
os.environ.pop("DATABASE_CONN_MAX_AGE", None)

from benchsetup import free_port, start, wait_for_port  # noqa: E402 - run from this folder

DATABASE = start()

import polars as pl  # noqa: E402

from roundtable.core.imports import read_table  # noqa: E402
from roundtable.demo.loader import load_demo  # noqa: E402
from roundtable.geography.models import Area  # noqa: E402
from roundtable.lis.imports import DatasetOptions, import_indicators, import_observations  # noqa: E402
from roundtable.lis.models import Observation  # noqa: E402
from roundtable.partnership.models import Partnership  # noqa: E402


def load(folder: Path) -> None:
    partnership = Partnership.objects.get(slug="ealing")
    indicators = folder / "indicators.csv"
    lines = ["code,name,value_type,polarity,multiplier"]
    lines += [f"BENCH{i},Benchmark indicator {i},rate,lower,100000" for i in range(INDICATORS)]
    indicators.write_text("\n".join(lines) + "\n")
    import_indicators(read_table(indicators), partnership)
    lsoas = list(Area.objects.filter(area_type="lsoa").values_list("code", flat=True))
    cells = (
        pl.DataFrame({"indicator": [f"BENCH{i}" for i in range(INDICATORS)]})
        .join(pl.DataFrame({"area_code": lsoas}), how="cross")
        .join(pl.DataFrame({"period": [str(2006 + y) for y in range(YEARS)]}), how="cross")
        .join(pl.DataFrame({"sex": ["", "Female", "Male"]}), how="cross")
    )
    n = pl.int_range(pl.len())
    cells = cells.with_columns((n % 97 + 5).alias("count"), (n % 1000 + 1500).alias("denominator"))
    statistics_csv = folder / "statistics.csv"
    cells.write_csv(statistics_csv)
    print(import_observations(statistics_csv, partnership, DatasetOptions(slug="bench")))


def datasette_file(folder: Path) -> Path:
    """The same observations as one flat table, the borough's code on every row."""
    path = folder / "stats.db"
    rows = Observation.objects.select_related("indicator", "area__parent").order_by("pk")
    with sqlite3.connect(path) as db:
        db.execute(
            "CREATE TABLE observations (indicator TEXT, area_code TEXT, area_name TEXT, "
            "la_code TEXT, period TEXT, sex TEXT, value REAL, count REAL, denominator REAL, "
            "lower_ci_95 REAL, upper_ci_95 REAL, lower_ci_99_8 REAL, upper_ci_99_8 REAL, "
            "note TEXT)"
        )
        db.executemany(
            "INSERT INTO observations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    o.indicator.code,
                    o.area.code,
                    o.area.name,
                    o.area.parent.parent.code if o.area.parent and o.area.parent.parent else "",
                    o.period,
                    o.sex,
                    o.value,
                    o.count,
                    o.denominator,
                    o.lower_ci_95,
                    o.upper_ci_95,
                    o.lower_ci_99_8,
                    o.upper_ci_99_8,
                    o.note,
                )
                for o in rows.iterator(chunk_size=10_000)
            ),
        )
        db.execute("CREATE INDEX lookup ON observations (indicator, la_code, period, sex)")
    return path


def datasette_command() -> Path:
    command = DATASETTE_VENV / "bin" / "datasette"
    if not command.exists():
        subprocess.run([sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True)  # noqa: S603
        subprocess.run(  # noqa: S603 - pip of the venv just made
            [str(DATASETTE_VENV / "bin" / "pip"), "install", "-q", "datasette==0.65.*"],
            check=True,
        )
    return command


def timings(connection: http.client.HTTPConnection, path: str) -> float:
    try:
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
    except (http.client.RemoteDisconnected, ConnectionResetError):
        # The server closed an idle keep-alive connection (uvicorn does after 5 s on
        # a busy machine): ask again on a new one, and time that.
        connection.close()
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return seconds


def count_of(connection: http.client.HTTPConnection, path: str, key: str) -> int:
    connection.request("GET", path)
    data = json.loads(connection.getresponse().read())
    return len(data[key])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    print(f"Database: {DATABASE}")
    folder = Path(tempfile.mkdtemp(prefix="roundtable-lis-api-bench-"))
    load_demo()
    load(folder)
    flat = datasette_file(folder)
    ours_port, fresh_port, theirs_port = free_port(), free_port(), free_port()
    closing_port = free_port()
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    fresh_env = {**env, "ROUNDTABLE_PAGE_CACHE_SECONDS": "0"}
    closing_env = {**fresh_env, "DATABASE_CONN_MAX_AGE": "0"}
    ours_log, theirs_log = folder / "gunicorn.log", folder / "datasette.log"
    fresh_log = folder / "gunicorn-fresh.log"
    closing_log = folder / "gunicorn-closing.log"
    servers = [
        subprocess.Popen(  # noqa: S603 - gunicorn from our own virtualenv
            [str(BIN / "gunicorn"), "roundtable.wsgi", "--bind", f"127.0.0.1:{ours_port}"],
            env=env,
            stdout=ours_log.open("w"),
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(  # noqa: S603 - gunicorn from our own virtualenv
            [str(BIN / "gunicorn"), "roundtable.wsgi", "--bind", f"127.0.0.1:{fresh_port}"],
            env=fresh_env,
            stdout=fresh_log.open("w"),
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(  # noqa: S603 - gunicorn from our own virtualenv
            [str(BIN / "gunicorn"), "roundtable.wsgi", "--bind", f"127.0.0.1:{closing_port}"],
            env=closing_env,
            stdout=closing_log.open("w"),
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(  # noqa: S603 - datasette from its own virtualenv
            [str(datasette_command()), "serve", str(flat), "--port", str(theirs_port)],
            stdout=theirs_log.open("w"),
            stderr=subprocess.STDOUT,
        ),
    ]
    try:
        wait_for_port(servers[0], ours_port, ours_log, "gunicorn")
        wait_for_port(servers[1], fresh_port, fresh_log, "gunicorn")
        wait_for_port(servers[2], closing_port, closing_log, "gunicorn")
        wait_for_port(servers[3], theirs_port, theirs_log, "datasette")
        ours = (
            f"/api/v1/lis/observations?indicator=BENCH7&area_type=lsoa&within={BOROUGH}&period=2011"
        )
        theirs = (
            f"/{flat.stem}/observations.json?indicator=BENCH7&la_code={BOROUGH}&period=2011"
            "&sex=&_shape=objects&_size=max"
        )
        a = http.client.HTTPConnection("127.0.0.1", ours_port, timeout=60)
        f = http.client.HTTPConnection("127.0.0.1", fresh_port, timeout=60)
        c = http.client.HTTPConnection("127.0.0.1", closing_port, timeout=60)
        b = http.client.HTTPConnection("127.0.0.1", theirs_port, timeout=60)
        rows_a, rows_b = count_of(a, ours, "items"), count_of(b, theirs, "rows")
        same = count_of(f, ours, "items") == count_of(c, ours, "items") == rows_a
        if rows_a != rows_b or not same:
            raise SystemExit(f"Different answers: {rows_a} rows against Datasette's {rows_b}")
        for _ in range(WARM_UP):
            timings(a, ours)
            timings(f, ours)
            timings(c, ours)
            timings(b, theirs)
        ours_times, fresh_times, closing_times, theirs_times = [], [], [], []
        for _ in range(REQUESTS):
            ours_times.append(timings(a, ours))
            fresh_times.append(timings(f, ours))
            closing_times.append(timings(c, ours))
            theirs_times.append(timings(b, theirs))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    total = Observation.objects.count()
    print(f"{total:,} observations; each answer is the same {rows_a} rows (one indicator × the")
    print(f"LSOAs of {BOROUGH} for 2011), {REQUESTS} requests each, alternately, after warm-up")
    for label, times in (
        ("Roundtable /api/v1/lis/observations, as deployed (kept)", ours_times),
        ("Roundtable /api/v1/lis/observations, cache off (fresh)", fresh_times),
        ("Roundtable, fresh on a new connection each time", closing_times),
        ("Datasette 0.65 table JSON", theirs_times),
    ):
        print(
            f"{label}: p50 {statistics.median(times) * 1000:.1f} ms, "
            f"p95 {percentile(times, 0.95) * 1000:.1f} ms"
        )
    theirs_p50 = statistics.median(theirs_times)
    kept = statistics.median(ours_times) / theirs_p50
    fresh = statistics.median(fresh_times) / theirs_p50
    closing = statistics.median(closing_times) / theirs_p50
    print(f"Ratio of p50s, Roundtable / Datasette: {kept:.2f}× as deployed (target ≤ 0.5×),")
    print(f"{fresh:.2f}× with every answer made afresh (target ≤ 0.5×),")
    print(f"{closing:.2f}× made afresh on a new database connection each time")


if __name__ == "__main__":
    main()
