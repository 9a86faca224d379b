"""Engagement benchmark (#13): the most-contacted dashboard for 5,000 stakeholders.

Builds a contact log of 5,000 stakeholders, 200,000 contacts from 20 partner
organisations (5 teams each) over three years (`bulk_create`), then requests the
dashboard (`/<slug>/engagement/most-contacted/`, the stakeholders at or over the
threshold in the window ending today) as a signed-in member through Django's test
client: p50 and p95 of 50 requests, with its query count, for the default window
(30 days, 3 contacts) and for a wide one (90 days, which puts three times the rows
in the window). Target: under 200 ms. Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/engagement_dashboard.py
    BENCH_DATABASE_URL=postgres://... .venv/bin/python benchmarks/engagement_dashboard.py
"""

from __future__ import annotations

import datetime
import statistics
import time

CONTACTS = 200_000
ORGANISATIONS = 20
TEAMS = 5
STAKEHOLDERS = 5_000
DAYS = 3 * 365
RUNS = 50

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from engagement_log import build_log  # noqa: E402 - after start(), from this folder

from roundtable.accounts.models import User  # noqa: E402
from roundtable.core.testing import under  # noqa: E402
from roundtable.engagement import queries  # noqa: E402
from roundtable.engagement.models import Contact, EngagementSettings  # noqa: E402
from roundtable.partnership.models import Partnership  # noqa: E402

ON = timezone.localdate()
METHODS = ["meeting", "call", "email", "event", "letter", "visit"]


def percentile(times: list[float], p: int) -> float:
    return statistics.quantiles(times, n=100)[p - 1] * 1000


def measure(client: Client, url: str) -> tuple[list[float], list[float], int, int]:
    """Wall-clock and CPU times (this process: the view, the template and, on
    SQLite, the database; a busy machine inflates the first far more)."""
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"The dashboard answered {response.status_code}")
    rows = response.content.decode().count('<tr class="govuk-table__row">') - 1
    times, cpu_times = [], []
    for _ in range(RUNS):
        started, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu)
    return times, cpu_times, len(captured.captured_queries), max(rows, 0)


def plan(partnership: Partnership, member: User, window: int) -> str:
    """The database's plan for the dashboard's first query (the same queryset as
    `queries.most_contacted` makes)."""
    start = ON - datetime.timedelta(days=window - 1)
    rows = queries.contacts_of(member, partnership.pk).filter(date__gte=start, date__lte=ON)
    return (
        rows.order_by()
        .values_list("stakeholder_id", "date", "planned", "from_organisation_id", "from_unit_id")
        .explain()
    )


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    print(f"Database: {DATABASE}")
    started = time.perf_counter()
    partnership, member, _, _ = build_log(
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
    client = Client()
    client.force_login(member)
    url = under(partnership, reverse("engagement:dashboard"))
    for window in (30, 90):
        EngagementSettings.objects.update_or_create(
            partnership=partnership,
            defaults={"fatigue_window_days": window, "fatigue_threshold": 3},
        )
        in_window = Contact.objects.filter(date__gt=ON - datetime.timedelta(days=window)).count()
        times, cpu_times, count, rows = measure(client, url)
        print(
            f"Dashboard, {window}-day window ({in_window:,} contacts in it, {rows:,} "
            f"stakeholders listed): p50 {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {percentile(times, 95):.0f} ms ({RUNS} requests), {count} queries; "
            f"CPU p50 {statistics.median(cpu_times) * 1000:.0f} ms"
        )
    print("Query plan (30 days):")
    print("  " + plan(partnership, member, 30).replace("\n", "\n  "))


main()
