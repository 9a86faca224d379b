"""Engagement benchmark (#13): the fatigue check over a large contact log.

Builds a contact log of 200,000 contacts from 20 partner organisations (5 teams
each) with 1,000 stakeholders over three years (`bulk_create`), one stakeholder
(the "zoo") contacted ten times as often as the rest, then times the fatigue
check for one stakeholder, `queries.fatigue_for` (the function the htmx warning on
the contact form and the save both call), as a signed-in member: p50 and p95 over
200 runs, for the busy stakeholder and for one of average traffic, with its query
count and the database's query plan. Target: under 50 ms p50, one indexed query.
Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/engagement_fatigue.py
    BENCH_DATABASE_URL=postgres://... .venv/bin/python benchmarks/engagement_fatigue.py
"""

from __future__ import annotations

import datetime
import statistics
import time

CONTACTS = 200_000
ORGANISATIONS = 20
TEAMS = 5
STAKEHOLDERS = 1_000
DAYS = 3 * 365
RUNS = 200

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from engagement_log import build_log  # noqa: E402 - after start(), from this folder

from roundtable.accounts.models import User  # noqa: E402
from roundtable.engagement import queries  # noqa: E402
from roundtable.engagement.models import Contact, Stakeholder  # noqa: E402

ON = datetime.date(2026, 3, 10)
METHODS = ["meeting", "call", "email", "event", "letter", "visit"]


def measure(member: User, stakeholder: Stakeholder) -> tuple[list[float], list[float], int, object]:
    """Wall-clock and CPU times (this process; on SQLite the database's too)."""

    def check():
        return queries.fatigue_for(member, stakeholder.pk, on=ON, window_days=30, threshold=3)

    with CaptureQueriesContext(connection) as captured:
        summary = check()
    times, cpu_times = [], []
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        check()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu)
    return times, cpu_times, len(captured.captured_queries), summary


def percentile(times: list[float], p: int) -> float:
    return statistics.quantiles(times, n=100)[p - 1] * 1000


def plan(member: User, stakeholder: Stakeholder) -> str:
    """The database's plan for the check's query (the same queryset as fatigue_for)."""
    start, end = ON - datetime.timedelta(days=29), ON
    rows = (
        Contact.objects.visible_to(member)
        .filter(stakeholder_id=stakeholder.pk, date__gte=start, date__lte=end)
        .values(*queries.LINE_FIELDS)
    )
    return rows.explain()


def main() -> None:
    print(f"Database: {DATABASE}")
    started = time.perf_counter()
    _, member, zoo, average = build_log(
        on=ON,
        stakeholders=STAKEHOLDERS,
        contacts=CONTACTS,
        organisations=ORGANISATIONS,
        teams=TEAMS,
        days=DAYS,
    )
    print(
        f"Built {Contact.objects.count():,} contacts from {ORGANISATIONS} organisations "
        f"({ORGANISATIONS * TEAMS} teams) with {STAKEHOLDERS:,} stakeholders over {DAYS} days "
        f"in {time.perf_counter() - started:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for label, stakeholder in (("busy stakeholder", zoo), ("average stakeholder", average)):
        times, cpu_times, count, summary = measure(member, stakeholder)
        print(
            f"Fatigue check, {label} ({summary.sentence}): p50 "
            f"{statistics.median(times) * 1000:.2f} ms, p95 {percentile(times, 95):.2f} ms "
            f"({RUNS} runs), {count} quer{'y' if count == 1 else 'ies'}; "
            f"CPU p50 {statistics.median(cpu_times) * 1000:.2f} ms"
        )
    print("Query plan:")
    print("  " + plan(member, zoo).replace("\n", "\n  "))


main()
