"""Foundation benchmark: imports, the structure chart, lists and the API on a large partnership.

Runs against a fresh SQLite database in a temporary folder (or the database in
BENCH_DATABASE_URL) and prints one line per figure. Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/foundation.py
"""

from __future__ import annotations

import io
import statistics
import time

ORGANISATIONS = 500
PEOPLE = 5_000
BODIES = 200
MEMBERSHIPS = 5_000
REPEATS = 20

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.test import Client  # noqa: E402

from roundtable.core.imports import read_table  # noqa: E402
from roundtable.demo.loader import load_demo  # noqa: E402
from roundtable.partnership.imports import import_table  # noqa: E402
from roundtable.partnership.models import Partnership  # noqa: E402


def csv_table(name: str, header: str, rows: list[str]):
    return read_table(io.BytesIO(("\n".join([header, *rows]) + "\n").encode()), name)


def timed(label: str, func, unit: str = "s") -> float:
    start = time.perf_counter()
    func()
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.2f} {unit}")
    return elapsed


def p50_ms(client: Client, url: str) -> float:
    client.get(url)  # warm up
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(samples)


def main() -> None:
    print(f"Database: {DATABASE}")
    timed("Demo load (3 partnerships, 3 local authorities, 23,743 postcodes)", load_demo)
    timed("Demo load again (nothing changes)", load_demo)

    partnership = Partnership.objects.create(name="Benchmark Partnership", slug="bench")
    orgs = csv_table(
        "organisations.csv",
        "name,sector,type",
        [f"Organisation {i},public,Agency" for i in range(ORGANISATIONS)],
    )
    people = csv_table(
        "people.csv",
        "given_name,family_name,job_title,organisation",
        [f"Given{i},Family{i},Officer,Organisation {i % ORGANISATIONS}" for i in range(PEOPLE)],
    )
    bodies = csv_table(
        "bodies.csv",
        "name,kind,parent",
        ["Board 0,executive_board,"]
        + [f"Board {i},theme_partnership,Board {(i - 1) // 5}" for i in range(1, BODIES)],
    )
    members = csv_table(
        "memberships.csv",
        "person,body,role,organisation",
        [
            f"Given{i} Family{i},Board {i % BODIES},{'chair' if i < BODIES else 'member'},"
            f"Organisation {i % ORGANISATIONS}"
            for i in range(MEMBERSHIPS)
        ],
    )
    timed(
        f"Import {ORGANISATIONS} organisations",
        lambda: import_table("organisations", orgs, partnership, None),
    )
    timed(f"Import {PEOPLE} people", lambda: import_table("people", people, partnership, None))
    timed(f"Import {BODIES} bodies", lambda: import_table("bodies", bodies, partnership, None))
    timed(
        f"Import {MEMBERSHIPS} memberships",
        lambda: import_table("memberships", members, partnership, None),
    )
    timed(
        f"Re-import {PEOPLE} people (nothing changes)",
        lambda: import_table("people", people, partnership, None),
    )

    client = Client()
    client.get("/", {"partnership": "bench"})
    pages = {
        f"Structure chart, {BODIES} bodies with chairs": "/partnership/structure/",
        "Organisation list, page 1 of 500": "/partnership/organisations/",
        "People list, page 1 of 5,000": "/partnership/people/",
        "Body page with 25 members": "/partnership/bodies/bench-board-1/",
        "Search 'family12'": "/search/?q=family12",
        "API organisations, 100 per page": "/api/v1/organisations?partnership=bench&limit=100",
        "API memberships of a body": "/api/v1/memberships?body=bench-board-1",
        "Popolo export, whole partnership": "/api/v1/popolo.json?partnership=bench",
    }
    for label, url in pages.items():
        print(f"{label}: p50 {p50_ms(client, url):.1f} ms ({REPEATS} requests)")


if __name__ == "__main__":
    main()
