"""Co-location finder benchmark (#14): 10,000 assets over a London-sized area.

Spreads 10,000 assets of 8 owners at random over 45 km by 35 km around central
London (utilisation, lease ends and operating costs at random), then times:

- the finder itself (`colocation.find_groups`, spatial grid) at 500 m: p50 of
  repeated runs, target under 1 s;
- the same groups by comparing every candidate with every asset
  (`find_groups_all_pairs`), once, and the ratio;
- the whole read of the page and the command (`queries_colocation.find`: the
  assets query through `visible_to`, then the finder) on the database;
- `roundtable assets colocation --format json` end to end, once.

Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/assets_colocation.py
"""

from __future__ import annotations

import datetime
import io
import math
import random
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ASSETS = 10_000
OWNERS = 8
WITHIN_M = 500
REPEATS = 20
CENTRE = (51.5074, -0.1278)
WIDTH_M, HEIGHT_M = 45_000, 35_000
ON = datetime.date(2026, 3, 31)

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from roundtable.assets import queries_colocation  # noqa: E402
from roundtable.assets.colocation import (  # noqa: E402
    EARTH_RADIUS_M,
    Options,
    Site,
    find_groups,
    find_groups_all_pairs,
)
from roundtable.assets.models import Asset  # noqa: E402
from roundtable.partnership.models import Organisation, Partnership  # noqa: E402


def sites(n: int) -> list[Site]:
    rng = random.Random(14)  # noqa: S311 - reproducible test data, not secrets
    metre = math.degrees(1 / EARTH_RADIUS_M)
    cos = math.cos(math.radians(CENTRE[0]))
    found = []
    for pk in range(1, n + 1):
        north = rng.uniform(-HEIGHT_M / 2, HEIGHT_M / 2)
        east = rng.uniform(-WIDTH_M / 2, WIDTH_M / 2)
        found.append(
            Site(
                pk,
                f"Building {pk:05d}",
                f"Owner {rng.randrange(OWNERS)}",
                "SW1A 1AA",
                round(CENTRE[0] + north * metre, 6),
                round(CENTRE[1] + east * metre / cos, 6),
                utilisation=Decimal(rng.randint(20, 100)) if rng.random() > 0.1 else None,
                lease_end=ON + datetime.timedelta(days=rng.randint(-365, 3650))
                if rng.random() > 0.5
                else None,
                operating_cost=Decimal(rng.randint(20, 900) * 1000) if rng.random() > 0.1 else None,
            )
        )
    return found


def p50(run, repeats: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of `repeats` runs (CPU time shows the work
    when other processes share the machine), and the last result."""
    times, cpu, result = [], [], None
    for _ in range(repeats):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append(time.perf_counter() - began)
        cpu.append(time.process_time() - began_cpu)
    return statistics.median(times), statistics.median(cpu), result


def main() -> None:
    print(f"Database: {DATABASE}")
    data = sites(ASSETS)
    options = Options(within_m=WITHIN_M, on=ON)
    grid_s, grid_cpu, groups = p50(lambda: find_groups(data, options), REPEATS)
    print(
        f"Finder, {ASSETS:,} assets of {OWNERS} owners over {WIDTH_M // 1000} x "
        f"{HEIGHT_M // 1000} km, within {WITHIN_M} m: p50 {grid_s * 1000:.0f} ms "
        f"(CPU {grid_cpu * 1000:.0f} ms; {REPEATS} runs), {len(groups):,} groups"
    )
    began = time.process_time()
    slow = find_groups_all_pairs(data, options)
    pairs_s = time.process_time() - began
    if slow != groups:
        raise SystemExit("The grid and all pairs disagree")
    print(
        f"All pairs, the same {len(slow):,} groups: CPU {pairs_s:.1f} s (1 run); "
        f"the grid is {pairs_s / grid_cpu:.0f} times faster"
    )

    partnership = Partnership.objects.create(name="London", slug="london")
    owners = {
        f"Owner {i}": Organisation.objects.create(
            partnership=partnership, name=f"Owner {i}", slug=f"owner-{i}"
        )
        for i in range(OWNERS)
    }
    Asset.objects.bulk_create(
        [
            Asset(
                partnership=partnership,
                owner=owners[s.owner],
                name=s.name,
                postcode=s.postcode,
                latitude=s.lat,
                longitude=s.lon,
                current_use="Offices",
                tenure="freehold",
                utilisation=s.utilisation,
                lease_end=s.lease_end,
                operating_cost=s.operating_cost,
            )
            for s in data
        ],
        batch_size=1000,
    )
    reader = queries_colocation.administrator_of(partnership)
    with CaptureQueriesContext(connection) as queries:
        queries_colocation.find(reader, partnership, options, ON)
    db_s, db_cpu, finding = p50(
        lambda: queries_colocation.find(reader, partnership, options, ON), 10
    )
    if len(finding.groups) != len(groups):
        raise SystemExit("The database path found other groups")
    print(
        f"Read and find on the database (the page's and the command's path): "
        f"p50 {db_s * 1000:.0f} ms (CPU {db_cpu * 1000:.0f} ms; 10 runs, {len(queries)} query)"
    )
    out = Path(tempfile.mkdtemp(prefix="roundtable-colocation-")) / "groups.json"
    began = time.perf_counter()
    call_command(
        "assets_colocation", "--format", "json", "--output", str(out), stderr=io.StringIO()
    )
    print(f"roundtable assets colocation --format json: {time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main()
