"""Projects import benchmark (#14): `roundtable projects import` of 500 and 5,000 projects.

Each project has a lead organisation, sponsor body, status, dates and links to 2
priorities, 2 indicators and an area. Times the first import (all new), the
re-import of the same file (nothing changes, so nothing is written) and a
re-import where every project changes (status and one link), with the number of
queries and of history rows written. Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/projects_import.py
    BENCH_DATABASE_URL=postgres://… .venv/bin/python benchmarks/projects_import.py
"""

from __future__ import annotations

import io
import time

SIZES = (500, 5_000)

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from roundtable.core.imports import read_table  # noqa: E402
from roundtable.geography.models import Area  # noqa: E402
from roundtable.partnership.models import Body, Organisation, Partnership  # noqa: E402
from roundtable.performance.models import Indicator  # noqa: E402
from roundtable.projects.imports import import_projects  # noqa: E402
from roundtable.projects.models import Project  # noqa: E402
from roundtable.strategy.models import Priority, Strategy  # noqa: E402

STATUSES = ["active", "proposed", "on hold", "completed"]
LINKS = ("priorities", "indicators", "recommendations", "areas")


def projects_file(count: int, prefix: str, changed: bool = False) -> bytes:
    lines = [
        "title,lead_organisation,status,start,end,sponsor_body,priorities,indicators,areas,"
        "summary,published"
    ]
    for n in range(count):
        status = STATUSES[(n + changed) % 4]
        first = (n + changed) % 10
        lines.append(
            f"{prefix} {n},Org {n % 20},{status},2011-04-01,2013-03-31,Board {n % 5},"
            f"{first}.1;{(n + 3) % 10}.1,B {first};B {(n + 5) % 10},bench-{n % 8},"
            f"A project of the partnership,{'yes' if n % 10 else 'no'}"
        )
    return ("\n".join(lines) + "\n").encode()


def history_rows() -> int:
    history = Project.history.model
    copies = [getattr(history, name).model for name in LINKS]
    return history.objects.count() + sum(copy.objects.count() for copy in copies)


def timed(partnership: Partnership, data: bytes, label: str) -> None:
    before = history_rows()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        summary = import_projects(read_table(io.BytesIO(data), "projects.csv"), partnership, None)
    took = time.perf_counter() - started
    written = history_rows() - before
    print(
        f"{label}: {summary}: {took:.2f} s, {len(queries.captured_queries)} queries, "
        f"{written} history rows"
    )


def main() -> None:
    partnership = Partnership.objects.create(name="Bench Partnership", slug="bench")
    strategy = Strategy.objects.create(
        partnership=partnership, title="Bench strategy", slug="bench-strategy"
    )
    for n in range(20):
        Organisation.objects.create(partnership=partnership, name=f"Org {n}", slug=f"org-{n}")
    for n in range(5):
        Body.objects.create(partnership=partnership, name=f"Board {n}", slug=f"board-{n}")
    for n in range(10):
        Priority.objects.create(
            strategy=strategy, partnership=partnership, ref=f"{n}.1", wording=f"Priority {n}"
        )
        Indicator.objects.create(
            partnership=partnership,
            code=f"B {n}",
            name=f"Indicator {n}",
            polarity="higher",
            frequency="annual",
        )
    for n in range(8):
        Area.objects.create(
            partnership=partnership, code=f"bench-{n}", name=f"Area {n}", area_type="custom"
        )
    print(f"Database: {DATABASE}")
    for size in SIZES:
        prefix = f"Project of {size}"
        timed(partnership, projects_file(size, prefix), f"Import {size} new")
        timed(partnership, projects_file(size, prefix), f"Re-import {size} (nothing changes)")
        timed(
            partnership, projects_file(size, prefix, True), f"Re-import {size} (every one changes)"
        )


if __name__ == "__main__":
    main()
