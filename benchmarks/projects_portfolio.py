"""Projects portfolio benchmark (#14): 500 projects on one partnership's portfolio.

Imports 500 projects through the import contract (`roundtable projects import`),
gives each 3 milestones and 2 updates, then measures the portfolio page
(`/<slug>/projects/`) through Django's test client: p50 over repeated requests, as
the public and as a signed-in member, with the number of queries. Target: p50 under
200 ms with a query count that does not grow with the projects.
Results: benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/projects_portfolio.py
"""

from __future__ import annotations

import datetime
import io
import statistics
import time

PROJECTS = 500
REPEATS = 20

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from roundtable.accounts.choices import Role  # noqa: E402
from roundtable.accounts.models import User  # noqa: E402
from roundtable.core.imports import read_table  # noqa: E402
from roundtable.partnership.models import Body, Organisation, Partnership  # noqa: E402
from roundtable.projects.imports import import_projects  # noqa: E402
from roundtable.projects.models import Milestone, Project, ProjectUpdate  # noqa: E402

STATUSES = ["active", "proposed", "on hold", "completed"]
RAGS = ["red", "amber", "green", ""]


def projects_file() -> bytes:
    lines = ["title,lead_organisation,status,start,end,sponsor_body,published"]
    for n in range(PROJECTS):
        lines.append(
            f"Project {n},Org {n % 20},{STATUSES[n % 4]},2011-04-01,2013-03-31,"
            f"Board {n % 5},{'yes' if n % 10 else 'no'}"
        )
    return ("\n".join(lines) + "\n").encode()


def p50(client: Client, url: str) -> tuple[float, int]:
    reset_queries()  # each request resets them: start the count from nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"The portfolio answered {response.status_code}")
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(queries.captured_queries)


def main() -> None:
    partnership = Partnership.objects.create(name="Bench Partnership", slug="bench")
    for n in range(20):
        Organisation.objects.create(partnership=partnership, name=f"Org {n}", slug=f"org-{n}")
    for n in range(5):
        Body.objects.create(partnership=partnership, name=f"Board {n}", slug=f"board-{n}")
    started = time.perf_counter()
    summary = import_projects(
        read_table(io.BytesIO(projects_file()), "projects.csv"), partnership, None
    )
    print(f"Database: {DATABASE}")
    print(f"Import {summary}: {time.perf_counter() - started:.2f} s")
    milestones, updates = [], []
    for project in Project.objects.filter(partnership=partnership):
        for m in range(3):
            due = datetime.date(2012, 1 + m * 3, 1)
            milestones.append(Milestone(project=project, title=f"Step {m}", due=due))
        for u in range(2):
            updates.append(
                ProjectUpdate(
                    project=project,
                    date=datetime.date(2011, 9 + u * 3, 1),
                    rag=RAGS[(project.pk + u) % 4],
                    narrative="Progress as planned.",
                )
            )
    Milestone.objects.bulk_create(milestones)
    ProjectUpdate.objects.bulk_create(updates)
    member = User.objects.create(username="bench-member", role=Role.MEMBER, partnership=partnership)
    url = "/bench/projects/"
    public = Client()
    took, queries = p50(public, url)
    print(f"Portfolio, {PROJECTS} projects, public: p50 {took * 1000:.1f} ms, {queries} queries")
    signed_in = Client()
    signed_in.force_login(member)
    took, queries = p50(signed_in, url)
    print(f"Portfolio, {PROJECTS} projects, member: p50 {took * 1000:.1f} ms, {queries} queries")
    took, queries = p50(signed_in, url + "?status=active")
    print(f"Portfolio filtered to active, member: p50 {took * 1000:.1f} ms, {queries} queries")


if __name__ == "__main__":
    main()
