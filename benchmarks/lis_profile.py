"""LIS area profile with 100 indicators (#12): p50 of N requests, target < 100 ms.

Builds England → London → its 33 boroughs, 200 LSOAs in Ealing, and 100 LIS
indicators (half proportions, half rates per 100,000) with 10 years of figures for
every borough, London and England and the latest year for every LSOA (about
56,000 observations, written with `bulk_create`). Then asks for Ealing's profile
(every indicator beside London and England, spine chart ranges over the
boroughs, ten-year figures and recent trends) through Django's test client
(no network), N times after 5 warm-up requests, and prints p50 and p95; then the
same with London as the benchmark, with statistical neighbours over 5 indicators
as the comparator group, the 100 trend charts the page's script asks for after
first paint (`lis:area-trends`), and the tartan rug of Ealing's LSOAs.

    .venv/bin/python benchmarks/lis_profile.py [N]
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import time

from benchsetup import start

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
# Time the view itself, as a signed-in visitor gets it: no page kept for anonymous visits.
os.environ["ROUNDTABLE_PAGE_CACHE_SECONDS"] = "0"
DATABASE = start()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from roundtable.geography.models import Area  # noqa: E402
from roundtable.lis import intervals  # noqa: E402
from roundtable.lis.models import Dataset, Observation  # noqa: E402
from roundtable.lis.periods import parse_period  # noqa: E402
from roundtable.partnership.models import Partnership  # noqa: E402
from roundtable.performance.models import Indicator  # noqa: E402

INDICATORS = 100
YEARS = 10
BOROUGHS = 33
LSOAS = 200
REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 50


def build() -> Partnership:
    partnership = Partnership.objects.create(name="Ealing", slug="ealing")
    england = Area.objects.create(code="E92000001", name="England", area_type="country")
    london = Area.objects.create(
        code="E12000007", name="London", area_type="region", parent=england
    )
    boroughs = [
        Area(code=f"E09{n:06d}", name=f"Borough {n}", area_type="local_authority", parent=london)
        for n in range(1, BOROUGHS + 1)
    ]
    Area.objects.bulk_create(boroughs)
    ealing = Area.objects.get(code="E09000009")
    ealing.name = "Ealing"
    ealing.save()
    Area.objects.bulk_create(
        Area(code=f"E01{n:06d}", name=f"Ealing {n:03d}", area_type="lsoa", parent=ealing)
        for n in range(LSOAS)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            partnership=partnership,
            code=f"BENCH{i:03d}",
            name=f"Benchmark indicator {i}",
            polarity=("higher", "lower", "none")[i % 3],
            frequency="annual",
            value_type="proportion" if i % 2 else "rate",
            multiplier=100 if i % 2 else 100_000,
            decimals=1,
            on_lis=True,
            in_report=False,
        )
        for i in range(INDICATORS)
    )
    dataset = Dataset.objects.create(partnership=partnership, slug="bench", title="Bench")
    years = [str(2012 + y) for y in range(YEARS)]
    spans = {y: parse_period(y) for y in years}
    places = [england, london, *Area.objects.filter(area_type="local_authority")]
    lsoas = list(Area.objects.filter(area_type="lsoa"))
    rows = []

    def add(indicator: Indicator, area: Area, year: str, count: int, denominator: int) -> None:
        scale = indicator.multiplier
        limits = intervals.confidence_limits(
            indicator.value_type, count=count, denominator=denominator, multiplier=scale
        )
        rows.append(
            Observation(
                dataset=dataset,
                indicator=indicator,
                area=area,
                period=year,
                period_start=spans[year].start,
                period_end=spans[year].end,
                value=count / denominator * scale,
                count=count,
                denominator=denominator,
                lower_ci_95=limits.lower_95,
                upper_ci_95=limits.upper_95,
                lower_ci_99_8=limits.lower_99_8,
                upper_ci_99_8=limits.upper_99_8,
                ci_method=limits.method or "",
            )
        )

    for i, indicator in enumerate(indicators):
        for a, area in enumerate(places):
            size = 50_000_000 if area is england else 8_000_000 if area is london else 300_000
            for y, year in enumerate(years):
                rate = 0.1 + ((i * 7 + a * 13 + y * 3) % 40) / 200
                add(indicator, area, year, int(size * rate), size)
        for a, area in enumerate(lsoas):
            add(indicator, area, years[-1], 50 + (i + a) % 300, 1500)
    Observation.objects.bulk_create(rows, batch_size=5000)
    print(f"{len(rows):,} observations, {INDICATORS} indicators")
    return partnership


def time_page(client: Client, name: str, path: str) -> None:
    for _ in range(5):
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    queries = []

    def count(execute, sql, params, many, context):  # noqa: ANN001 (Django's wrapper)
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    times = []
    cpu = []  # this process's CPU time: steadier than the clock on a shared machine
    for _ in range(REQUESTS):
        began, began_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
    p50 = statistics.median(times)
    p95 = statistics.quantiles(times, n=20)[-1]
    print(
        f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, CPU p50 {statistics.median(cpu):.1f} ms "
        f"({REQUESTS} requests, {len(queries)} queries, {len(response.content):,} bytes)"
    )


def main() -> None:
    print(f"Database: {DATABASE}")
    began = time.perf_counter()
    build()
    print(f"Built in {time.perf_counter() - began:.1f} s")
    if connection.vendor == "postgresql":
        # As autovacuum does soon after a bulk load: without statistics the planner
        # guesses, and one plan (London as benchmark) took 600 ms instead of a few.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("Statistics gathered (ANALYZE)")
    client = Client()
    base = "/ealing/lis/areas/E09000009/"
    time_page(client, "Area profile, 100 indicators, England as benchmark", base)
    time_page(
        client, "Area profile, 100 indicators, London as benchmark", base + "?benchmark=parent"
    )
    by = "&".join(f"by=BENCH{i:03d}" for i in range(5))
    time_page(
        client,
        "Area profile, 100 indicators, 10 statistical neighbours (5 indicators)",
        f"{base}?benchmark=neighbours&{by}&n=10",
    )
    # The 100 trend charts, asked for by the page's script after it is shown.
    time_page(client, "Its 100 trend charts, after the page", base + "trends/")
    time_page(client, "Tartan rug, 200 LSOAs x 100 indicators", base + "overview/?area_type=lsoa")


if __name__ == "__main__":
    main()
