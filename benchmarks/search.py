"""Site search benchmark: the search box on the demo partnerships, as the public,
a board member and a partnership's administrator.

Loads the demo (three partnerships with their real board papers, minutes,
indicators, recommendations, projects, datasets…) into a fresh SQLite database in a
temporary folder, or into a database of its own on the PostgreSQL server of
BENCH_DATABASE_URL (created, then dropped at the end; the role needs CREATEDB).

Without `--scale`, asks the site search (`/ealing/search/?q=…`, every section) and
the meetings' own search for a few words, and prints for each the median (p50) of
REPEATS requests through Django's test client (no network), the median CPU time of
the process for those requests (steadier than wall time on a busy machine), and the
number of queries one request makes.

With `--scale N`, first adds N times ten years of records (`search_volume.py`: about
20,000 agenda items with minutes, 8,000 papers, 10,000 resolutions, 30,000 actions,
3,000 recommendations, 1,000 each of indicators, projects and consultations) and
asks the site search, in Ealing and in every partnership, as the public, demo-member
(the LSP Executive's chair) and demo-admin, for a common word, a rare one and one
that matches nothing: p50 and p95 of `--repeats` requests, and the queries of one.
Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/search.py
    .venv/bin/python benchmarks/search.py --scale 1
    BENCH_DATABASE_URL=postgres://roundtable:roundtable@127.0.0.1:5432/roundtable \\
        .venv/bin/python benchmarks/search.py --scale 1
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

REPEATS = 20
WORDS = ("health", "ealing", "minutes", "zq0000")  # the last one matches nothing

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start(own_database=True)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from roundtable.accounts.models import User  # noqa: E402
from roundtable.demo.loader import load_demo  # noqa: E402


def measure(
    client: Client, url: str, query: dict[str, str], repeats: int = REPEATS
) -> tuple[list[float], list[float], int]:
    """(wall times ms, CPU times ms, queries) of `repeats` requests, after one to warm up."""
    client.get(url, query)
    wall, cpu = [], []
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, query)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} {query} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, query)
    return wall, cpu, len(queries)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def load_average() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


def demo() -> None:
    public = Client()
    admin = Client()
    admin.force_login(User.objects.get(username="demo-admin"))
    pages = {
        "Site search": "/ealing/search/",
        "Meetings search": "/ealing/meetings/search/",
    }
    totals: dict[str, tuple[list[float], list[float]]] = {}
    for page, url in pages.items():
        for who, client in (("public", public), ("demo-admin", admin)):
            for word in WORDS:
                for scope in ("", "all"):
                    query = {"q": word} | ({"scope": scope} if scope else {})
                    walls, cpus, queries = measure(client, url, query)
                    wall, cpu = statistics.median(walls), statistics.median(cpus)
                    all_walls, all_cpus = totals.setdefault(f"{page}, {who}", ([], []))
                    all_walls.append(wall)
                    all_cpus.append(cpu)
                    where = "every partnership" if scope else "Ealing"
                    print(
                        f"{page} '{word}' in {where}, {who}: p50 {wall:.1f} ms "
                        f"(CPU {cpu:.1f} ms), {queries} queries"
                    )
    for label, (walls, cpus) in totals.items():
        print(
            f"{label}, median of the above: {statistics.median(walls):.1f} ms "
            f"(CPU {statistics.median(cpus):.1f} ms)"
        )


def at_volume(scale: int, repeats: int) -> None:
    from search_volume import COMMON, NONE, RARE, seed

    started = time.perf_counter()
    added = seed(scale)
    print(
        f"Added in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{count:,} {what}" for what, count in added.items())
    )
    if connection.vendor == "postgresql":
        # As autovacuum would have long since: statistics for the planner, and the
        # GIN indexes' pending lists (where bulk inserts wait) merged into the indexes.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    readers = {"public": Client()}
    for username in ("demo-member", "demo-admin"):
        readers[username] = Client()
        readers[username].force_login(User.objects.get(username=username))
    for word, what in ((COMMON, "common"), (RARE, "rare"), (NONE, "no match")):
        for scope in ("", "all"):
            for who, client in readers.items():
                query = {"q": word} | ({"scope": scope} if scope else {})
                walls, cpus, queries = measure(client, "/ealing/search/", query, repeats)
                where = "every partnership" if scope else "Ealing"
                print(
                    f"Site search '{word}' ({what}) in {where}, {who}: "
                    f"p50 {statistics.median(walls):.0f} ms, p95 {p95(walls):.0f} ms "
                    f"(CPU p50 {statistics.median(cpus):.0f} ms), {queries} queries"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=0, help="times ten years of records")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="requests a case")
    args = parser.parse_args()
    print(f"Database: {DATABASE}")
    print(f"Load average before: {load_average()}")
    load_demo()
    if args.scale:
        at_volume(args.scale, args.repeats)
    else:
        demo()
    print(f"Load average after: {load_average()}")


if __name__ == "__main__":
    main()
