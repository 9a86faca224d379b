"""Site search benchmark: the search box on the demo partnerships, as the public and
as a partnership's administrator.

Loads the demo (three partnerships with their real board papers, minutes,
indicators, recommendations, projects, datasets…) into a fresh SQLite database in a
temporary folder (or the database in BENCH_DATABASE_URL), then asks the site search
(`/ealing/search/?q=…`, every section) and the meetings' own search for a few words,
and prints for each the median (p50) of REPEATS requests through Django's test
client (no network), the median CPU time of the process for those requests (steadier
than wall time on a busy machine), and the number of queries one request makes.
Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/search.py
"""

from __future__ import annotations

import os
import statistics
import time

REPEATS = 20
WORDS = ("health", "ealing", "minutes", "zq0000")  # the last one matches nothing

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from roundtable.accounts.models import User  # noqa: E402
from roundtable.demo.loader import load_demo  # noqa: E402


def measure(client: Client, url: str, query: dict[str, str]) -> tuple[float, float, int]:
    """(wall p50 ms, CPU p50 ms, queries) of `REPEATS` requests, after one to warm up."""
    client.get(url, query)
    wall, cpu = [], []
    for _ in range(REPEATS):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, query)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} {query} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url, query)
    return statistics.median(wall), statistics.median(cpu), len(queries)


def main() -> None:
    print(f"Database: {DATABASE}")
    print(f"Load average before: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    load_demo()
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
                    wall, cpu, queries = measure(client, url, query)
                    walls, cpus = totals.setdefault(f"{page}, {who}", ([], []))
                    walls.append(wall)
                    cpus.append(cpu)
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
    print(f"Load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
