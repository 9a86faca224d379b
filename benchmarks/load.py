"""Speed under load (#11): the demo's public pages served by gunicorn, hammered by wrk.

Builds the demo in a temporary SQLite file (`benchsetup`), with DEBUG off and the
static files collected into the same temporary folder (WhiteNoise serves them),
starts gunicorn with 2 workers on 127.0.0.1, and runs `wrk` with 50 connections
for `--duration` seconds on each address below, one after the other, the static
CSS file first: it is the floor (what the server does with no Django view at all),
and every page's rate is shown beside it. Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/load.py               # 60 s per address
    .venv/bin/python benchmarks/load.py --duration 10  # a quick run
    .venv/bin/python benchmarks/load.py --no-page-cache  # ROUNDTABLE_PAGE_CACHE_SECONDS=0

Per address: requests per second, latency p50 and p95 (wrk's own latency
distribution, read through its Lua `done` hook), socket errors and answers that
were not 2xx, how many answers were served from the page cache, and the rate as a
share of the static floor. Needs `wrk` (Debian: `apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
CONNECTIONS = 50
THREADS = 2
WORKERS = 2

# wrk's Lua hooks: count non-2xx answers and page-cache hits in every thread,
# and print one line of figures at the end (p95 is not in wrk's --latency table).
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0; hits = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  if headers["X-Roundtable-Cache"] == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local bad, hit = 0, 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx"); hit = hit + thread:get("hits")
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    bad, hit, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, e.timeout))
end
"""


def parse_options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds per address")
    parser.add_argument(
        "--no-page-cache", action="store_true", help="serve every page fresh (cache off)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    return parser.parse_args()


OPTIONS = parse_options()
os.environ.update(
    DEBUG="false",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="127.0.0.1",
    LOG_LEVEL="ERROR",
    ROUNDTABLE_PAGE_CACHE_SECONDS="0" if OPTIONS.no_page_cache else "300",
)
for name in ("ROUNDTABLE_CACHE_URL", "BEHIND_TLS_PROXY", "DATABASE_CONN_MAX_AGE"):
    os.environ.pop(name, None)

from benchsetup import free_port, start, wait_for_port  # noqa: E402 - run from this folder

DATABASE = start()

from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402

from roundtable.demo.loader import load_demo  # noqa: E402
from roundtable.meetings.models import Meeting  # noqa: E402
from roundtable.partnership.models import Body, Partnership  # noqa: E402


def addresses() -> list[tuple[str, str]]:
    """(label, path) of every address measured, in the demo just loaded."""
    ealing = Partnership.objects.get(slug="ealing")
    meeting = (
        Meeting.objects.filter(partnership=ealing, items__isnull=False)
        .annotate(n=Count("items"))
        .order_by("-n", "-start")
        .first()
    )
    body = (
        Body.objects.filter(partnership=ealing)
        .annotate(n=Count("meetings"))
        .order_by("-n", "name")
        .first()
    )
    return [
        ("static CSS (floor)", staticfiles_storage.url("roundtable.css")),
        ("home", "/ealing/"),
        ("meetings list", "/ealing/meetings/"),
        (f"iCal feed ({body.slug})", f"/ealing/meetings/bodies/{body.slug}/calendar.ics"),
        ("API /api/v1/meetings", "/ealing/api/v1/meetings"),
        ("tracker, Ealing", "/ealing/recommendations/"),
        ("tracker, Westminster", "/westminster/recommendations/"),
        (f"meeting page ({meeting.n} items)", f"/ealing/meetings/{meeting.pk}/"),
        ("performance report", "/ealing/performance/report/"),
    ]


def start_gunicorn(port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    server = subprocess.Popen(  # noqa: S603 - gunicorn from our own virtualenv
        [
            str(BIN / "gunicorn"),
            "roundtable.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "120",
        ],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    wait_for_port(server, port, log, "gunicorn")
    return server


def check(port: int, path: str) -> str:
    """Fails unless an anonymous GET of `path` ends in a 200; returns the path it
    ends at (the report's address redirects to the latest period's)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as answer:  # noqa: S310 - our own server
        if answer.status != 200:
            raise SystemExit(f"{path}: HTTP {answer.status}")
        return urllib.parse.urlsplit(answer.url).path


def wrk(port: int, path: str, duration: int, script: Path) -> dict[str, float]:
    done = subprocess.run(  # noqa: S603 - wrk from the system
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    requests, micros, errors, non2xx, hits, p50, p95, p99, worst, timeouts = map(
        int, line.split()[1:]
    )
    return {
        "rate": requests / (micros / 1e6),
        "requests": requests,
        "errors": errors,
        "non2xx": non2xx,
        "hits": hits,
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "max": worst / 1000,
        "timeouts": timeouts,
    }


def main() -> int:
    if not (shutil.which("wrk") or Path("/usr/bin/wrk").exists()):
        raise SystemExit("wrk is needed: apt-get install -y wrk")
    folder = Path(os.environ["ROUNDTABLE_VAR_DIR"])
    started = time.perf_counter()
    load_demo()
    call_command("collectstatic", "--no-input", verbosity=0)
    print(f"Database: {DATABASE}; demo loaded in {time.perf_counter() - started:.0f} s")
    cache = "off" if OPTIONS.no_page_cache else "on (ROUNDTABLE_PAGE_CACHE_SECONDS=300)"
    print(
        f"gunicorn, {WORKERS} workers, DEBUG off, WhiteNoise; wrk {THREADS} threads, "
        f"{CONNECTIONS} connections, {OPTIONS.duration} s per address; page cache {cache}; "
        f"load average before: {os.getloadavg()[0]:.1f}"
    )
    script = folder / "figures.lua"
    script.write_text(WRK_SCRIPT)
    port = free_port()
    server = start_gunicorn(port, folder / "gunicorn.log")
    try:
        targets = [(label, check(port, path)) for label, path in addresses()]
        print(
            f"{'address':<34} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
            f"{'errors':>6} {'non-2xx':>7} {'cached':>7} {'of floor':>8}"
        )
        floor = None
        for label, path in targets:
            figures = wrk(port, path, OPTIONS.duration, script)
            floor = floor or figures["rate"]
            cached = figures["hits"] / figures["requests"] if figures["requests"] else 0
            print(
                f"{label:<34} {figures['rate']:>7.0f} {figures['p50']:>7.1f} "
                f"{figures['p95']:>7.1f} {figures['p99']:>7.1f} {figures['errors']:>6} "
                f"{figures['non2xx']:>7} {cached:>7.0%} {figures['rate'] / floor:>8.0%}",
                flush=True,
            )
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        if OPTIONS.keep:
            print(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
