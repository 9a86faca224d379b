"""The asset map with 10,000 assets (#14): its data endpoint and its first paint.

    .venv/bin/python benchmarks/assets_map.py

Loads the demo (Ealing and its partners), adds 10,000 public assets spread over
Ealing among its partners (bulk, with figures), then:

- the map's data, `/api/v1/assets.geojson?partnership=ealing`, and the register's
  API page, through Django's test client: median of 10 requests, for the public
  and for a member (who also gets the figures);
- the map page itself (table of the first 500, totals by owner), likewise;
- first paint in Chromium (Playwright, Debian's /usr/bin/chromium) under gunicorn
  (one process, 4 threads, DEBUG off): navigation start to the moment the
  clustered points are drawn (`performance.mark("asset-map-drawn")` in
  assets/map.js, in the animation frame after the layer is filled), each run in a
  fresh browser context; median and worst of 7 runs. Target: under 1 s.
"""

from __future__ import annotations

import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
RUNS = 7
ASSETS = 10_000
CHROMIUM = Path(os.environ.get("ROUNDTABLE_CHROMIUM", "/usr/bin/chromium"))

os.environ.update(
    DEBUG="false",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="127.0.0.1,testserver",
    LOG_LEVEL="ERROR",
)
os.environ.pop("ROUNDTABLE_CACHE_URL", None)
os.environ["ROUNDTABLE_PAGE_CACHE_SECONDS"] = "0"

from benchsetup import free_port, start, wait_for_port  # noqa: E402 - run from this folder

DATABASE = start()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from roundtable.accounts.choices import Role  # noqa: E402
from roundtable.accounts.models import User  # noqa: E402
from roundtable.assets.models import Asset  # noqa: E402
from roundtable.demo.loader import load_demo  # noqa: E402
from roundtable.partnership.models import Organisation, Partnership  # noqa: E402

MAP = "/ealing/assets/map/"
MAP_DATA = "/ealing/assets/map/data.json"
GEOJSON = "/ealing/api/v1/assets.geojson?partnership=ealing"
API = "/ealing/api/v1/assets?partnership=ealing&limit=500"


def load() -> Partnership:
    load_demo()
    partnership = Partnership.objects.get(slug="ealing")
    owners = list(Organisation.objects.filter(partnership=partnership, is_partner=True)[:12])
    rng = random.Random(14)  # noqa: S311 - made-up benchmark data
    uses = ["Offices", "Library", "Clinic", "Depot", "Community centre", "School"]
    Asset.objects.bulk_create(
        [
            Asset(
                partnership=partnership,
                owner=owners[n % len(owners)],
                name=f"Benchmark asset {n}",
                address=f"{n} Benchmark Road",
                postcode="W5 2HL",
                latitude=51.49 + rng.random() * 0.07,
                longitude=-0.41 + rng.random() * 0.16,
                current_use=uses[n % len(uses)],
                tenure="leasehold" if n % 3 else "freehold",
                capacity=rng.randrange(10, 2000),
                utilisation=Decimal(rng.randrange(0, 1000)) / 10,
                operating_cost=Decimal(rng.randrange(10_000, 5_000_000)),
                market_value=Decimal(rng.randrange(100_000, 50_000_000)),
            )
            for n in range(ASSETS)
        ],
        batch_size=2000,
    )
    return partnership


def median_ms(client: Client, path: str, runs: int = 10) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        size = len(response.content)
    return statistics.median(times) * 1000, size


def first_paints(base: str, path: str, points: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    paints = []
    steps: list[list[float]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run"],
        )
        for _ in range(RUNS):
            context = browser.new_context(base_url=base, viewport={"width": 1280, "height": 900})
            page = context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda error, problems=problems: problems.append(str(error)))
            page.on(
                "console",
                lambda m, problems=problems: problems.append(m.text) if m.type == "error" else None,
            )
            page.on(
                "response",
                lambda r, problems=problems: (
                    problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
                ),
            )
            page.goto(path)
            try:
                page.wait_for_selector(f'#asset-map[data-points="{points}"]', timeout=60_000)
            except Exception:  # noqa: BLE001 - say why before stopping
                raise SystemExit(f"The map was not drawn: {problems}") from None
            page.wait_for_function("performance.getEntriesByName('asset-map-drawn').length > 0")
            paints.append(
                page.evaluate("performance.getEntriesByName('asset-map-drawn')[0].startTime")
            )
            steps.append(
                page.evaluate(
                    """() => {
                        const n = performance.getEntriesByType('navigation')[0];
                        const at = (name) => performance.getEntriesByName(name)[0].startTime;
                        return [n.responseEnd, n.domContentLoadedEventEnd,
                                at('asset-map-data'), at('asset-map-drawn')];
                    }"""
                )
            )
            context.close()
        browser.close()
    middle = sorted(steps, key=lambda s: s[-1])[len(steps) // 2]
    print(
        "Median run: page received {:.0f} ms, DOM ready {:.0f} ms, points received "
        "{:.0f} ms, drawn {:.0f} ms".format(*middle)
    )
    return paints


def main() -> None:
    print(f"Database: {DATABASE}")
    started = time.perf_counter()
    partnership = load()
    print(f"Demo and {ASSETS:,} assets loaded in {time.perf_counter() - started:.1f} s")
    call_command("collectstatic", interactive=False, verbosity=0)
    public = Client()
    member = Client()
    member.force_login(
        User.objects.create(username="bench-member", role=Role.MEMBER, partnership=partnership)
    )
    for label, client in (("public", public), ("member", member)):
        for what, path in (
            ("map data", MAP_DATA),
            ("GeoJSON", GEOJSON),
            ("API page of 500", API),
            ("map page", MAP),
        ):
            ms, size = median_ms(client, path)
            print(f"{what}, {label}: p50 {ms:.0f} ms, {size / 1e6:.2f} MB")
    folder = Path(tempfile.mkdtemp(prefix="roundtable-assets-map-bench-"))
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src"), "ALLOWED_HOSTS": "127.0.0.1"}
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
        points = Asset.objects.filter(partnership=partnership).count()
        paints = first_paints(f"http://127.0.0.1:{port}", MAP, points)
        print(
            f"Map of {points:,} assets, first paint in Chromium ({RUNS} runs, fresh cache): "
            f"median {statistics.median(paints):.0f} ms, worst {max(paints):.0f} ms"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
