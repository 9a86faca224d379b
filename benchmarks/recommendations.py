"""Recommendations tracker benchmark (#6): 5,000 recommendations across 50 reviews.

Imports a generated tracker of 5,000 rows (50 reviews of 100, 5 sections each, lead
and supporting units of one council) through the import contract, then measures
the tracker table page with filters (p50 over repeated requests, as the public and
as a signed-in officer), and the "one year on" PDF of a 300-recommendation review
with one progress update each. Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/recommendations.py
"""

from __future__ import annotations

import datetime
import io
import random
import statistics
import time

REVIEWS = 50
PER_REVIEW = 100
UNITS = 20
REPEATS = 15

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from roundtable.accounts.choices import Role  # noqa: E402
from roundtable.accounts.models import User  # noqa: E402
from roundtable.core.imports import read_table  # noqa: E402
from roundtable.partnership.models import Organisation, Partnership, Unit  # noqa: E402
from roundtable.recommendations.choices import Status  # noqa: E402
from roundtable.recommendations.imports import import_recommendations  # noqa: E402
from roundtable.recommendations.models import ProgressUpdate, Recommendation, Review  # noqa: E402
from roundtable.recommendations.report import build_one_year_on, render_pdf  # noqa: E402

RESPONSES = ["agree", "Work in progress", "To be considered in more detail", "Note", "Reject", ""]


def tracker_file(reviews: int, per_review: int, prefix: str) -> bytes:
    rng = random.Random(6)
    lines = ["review,section,number,recommendation,response,outline_response,lead,supporting"]
    for r in range(reviews):
        for n in range(1, per_review + 1):
            lead = f"U{rng.randrange(UNITS)}"
            supporting = f"U{rng.randrange(UNITS)}; U{rng.randrange(UNITS)}"
            lines.append(
                f'"{prefix} {r}",Section {n % 5},{n},"The council should improve service {n} '
                f'for residents of area {r}, working with partners.",{rng.choice(RESPONSES)},'
                f'"We will report on progress to the board each quarter.",{lead},"{supporting}"'
            )
    return ("\n".join(lines) + "\n").encode()


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def p50(fn, repeats: int = REPEATS) -> tuple[float, int]:
    times = []
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        response = fn()
    if response.status_code != 200:
        raise SystemExit(f"The tracker answered {response.status_code}")
    for _ in range(repeats):
        _, took = timed(fn)
        times.append(took)
    return statistics.median(times), len(queries.captured_queries)


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    partnership = Partnership.objects.create(name="Benchmark Partnership", slug="bench")
    council = Organisation.objects.create(
        partnership=partnership, name="Bench Council", slug="bench-council", sector="public"
    )
    for i in range(UNITS):
        Unit.objects.create(organisation=council, partnership=partnership, name=f"U{i}")
    print(f"Database: {DATABASE}")

    data = tracker_file(REVIEWS, PER_REVIEW, "Review")
    table = read_table(io.BytesIO(data), "tracker.csv")
    summary, took = timed(
        lambda: import_recommendations(table, partnership, None, organisation=council)
    )
    print(f"Import {len(table):,} rows across {REVIEWS} reviews: {took:.2f} s ({summary})")
    _, took = timed(lambda: import_recommendations(table, partnership, None, organisation=council))
    print(f"Re-import the same rows (nothing changes): {took:.2f} s")

    # Progress: statuses and due dates spread as a real tracker's would be.
    rng = random.Random(7)
    recs = list(Recommendation.objects.all())
    for rec in recs:
        rec.status = rng.choice(Status.values)
        rec.last_update_on = datetime.date(2024, 1, 1) + datetime.timedelta(rng.randrange(700))
        rec.next_update_due = rec.last_update_on + datetime.timedelta(91)
    Recommendation.objects.bulk_update(
        recs, ["status", "last_update_on", "next_update_due"], batch_size=1000
    )
    Review.objects.update(is_published=True)
    review = Review.objects.order_by("pk").first()
    unit = Unit.objects.get(name="U3")

    client = Client()
    client.get("/", {"partnership": "bench"})
    cases = [
        ("no filter, page 1", {}),
        ("status = at risk", {"status": "at_risk"}),
        (
            "review + response, sorted by status",
            {"review": review.pk, "response": "agree", "sort": "status"},
        ),
        (
            "lead unit + overdue, sorted by due date",
            {"lead": unit.pk, "overdue": "1", "sort": "due"},
        ),
        ("text search, page 3", {"q": "service 4", "page": 3}),
    ]
    for who in ("public", "officer"):
        if who == "officer":
            officer = User.objects.create(
                username="officer",
                role=Role.EDITOR,
                partnership=partnership,
                organisation=council,
            )
            client.force_login(officer)
        for label, params in cases:
            median, count = p50(lambda p=params: client.get("/recommendations/", p))
            print(f"Tracker ({who}), {label}: p50 {median * 1000:.0f} ms, {count} queries")

    # One year on: a review of 300 recommendations, one progress update each.
    big = read_table(io.BytesIO(tracker_file(1, 300, "Big review")), "big.csv")
    import_recommendations(big, partnership, None, organisation=council)
    big_review = Review.objects.get(title="Big review 0")
    updates = [
        ProgressUpdate(
            recommendation=rec,
            partnership=partnership,
            date=datetime.date(2024, 6, 30),
            status="on_track",
            narrative="Work is on track: the first phase was delivered and evaluated with "
            "residents, and the second phase starts next quarter.",
        )
        for rec in big_review.recommendations.all()
    ]
    ProgressUpdate.objects.bulk_create(updates)
    today = datetime.date(2025, 1, 1)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        report, built = timed(lambda: build_one_year_on(big_review, today, public=False))
    times = []
    for _ in range(3):
        pdf, took = timed(lambda: render_pdf(build_one_year_on(big_review, today, public=False)))
        times.append(took)
    print(
        f"One year on, 300 recommendations: built in {built * 1000:.0f} ms "
        f"({len(queries.captured_queries)} queries); PDF p50 {statistics.median(times):.2f} s "
        f"({len(pdf) // 1024} KB)"
    )


main()
