"""Meetings benchmark (#5): the actions log of a large partnership.

Generates 30 bodies, each with 10 meetings (approved minutes), and 5,000 actions
spread across them (a third overdue), then measures the actions log page as a
board member sees it (p50 of repeated requests through Django's test client)
with its SQL query count, for 500 and for 5,000 actions. Results:
benchmarks/RESULTS.md.

    .venv/bin/python benchmarks/meetings_actions.py
"""

from __future__ import annotations

import datetime
import statistics
import time

BODIES = 30
MEETINGS_PER_BODY = 10
REPEATS = 20

from benchsetup import start  # noqa: E402 - benchmarks run as scripts from this folder

DATABASE = start()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from roundtable.accounts.choices import Role  # noqa: E402
from roundtable.accounts.models import User  # noqa: E402
from roundtable.meetings.choices import ActionStatus, MinutesStatus  # noqa: E402
from roundtable.meetings.models import Action, Meeting  # noqa: E402
from roundtable.partnership.models import (  # noqa: E402
    Body,
    Membership,
    Organisation,
    Partnership,
    Person,
)


def build() -> tuple[Partnership, User, list[Meeting], list[Organisation], list[Person]]:
    partnership = Partnership.objects.create(name="Benchmark Partnership", slug="bench")
    organisations = [
        Organisation.objects.create(partnership=partnership, name=f"Agency {i}", slug=f"a{i}")
        for i in range(12)
    ]
    people = [
        Person.objects.create(
            partnership=partnership, family_name=f"Owner {i}", organisation=organisations[i % 12]
        )
        for i in range(60)
    ]
    bodies = [
        Body.objects.create(
            partnership=partnership, name=f"Board {i}", slug=f"board-{i}", kind="executive_board"
        )
        for i in range(BODIES)
    ]
    first = timezone.make_aware(datetime.datetime(2012, 1, 16, 17))
    meetings = Meeting.objects.bulk_create(
        Meeting(
            partnership=partnership,
            body=body,
            start=first + datetime.timedelta(weeks=6 * n),
            minutes_status=MinutesStatus.APPROVED,
        )
        for body in bodies
        for n in range(MEETINGS_PER_BODY)
    )
    member = Person.objects.create(partnership=partnership, family_name="Member")
    Membership.objects.bulk_create(
        Membership(partnership=partnership, body=body, person=member, role="member")
        for body in bodies[:5]
    )
    user = User.objects.create(
        username="bench-member", role=Role.MEMBER, partnership=partnership, person=member
    )
    return partnership, user, meetings, organisations, people


def add_actions(
    partnership: Partnership,
    meetings: list[Meeting],
    people: list[Person],
    start_at: int,
    count: int,
) -> None:
    today = timezone.localdate()
    statuses = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE]
    Action.objects.bulk_create(
        Action(
            partnership=partnership,
            body_id=meetings[i % len(meetings)].body_id,
            meeting=meetings[i % len(meetings)],
            description=f"Benchmark action {i}: circulate the prospectus to partners",
            owner_person=people[i % len(people)],
            owner_organisation_id=people[i % len(people)].organisation_id,
            due=today + datetime.timedelta(days=(i % 90) - 30),
            status=statuses[i % 3],
        )
        for i in range(start_at, start_at + count)
    )


def measure(client: Client, url: str) -> tuple[float, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(REPEATS):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries.captured_queries)


@override_settings(ALLOWED_HOSTS=["*"], DEBUG=False)
def main() -> None:
    print(f"Database: {DATABASE}")
    partnership, user, meetings, _organisations, people = build()
    client = Client()
    client.force_login(user)
    pages = [
        ("actions log, outstanding", "/meetings/actions/?partnership=bench"),
        ("actions log, any status", "/meetings/actions/?partnership=bench&status=all"),
        ("actions log, overdue only", "/meetings/actions/?partnership=bench&overdue=on"),
        ("actions log, one body", "/meetings/bodies/board-3/actions/?status=all"),
    ]
    done = 0
    for total in (500, 5000):
        add_actions(partnership, meetings, people, done, total - done)
        done = total
        print(f"{total:,} actions across {BODIES} bodies:")
        for label, url in pages:
            p50, count = measure(client, url)
            print(f"  {label}: p50 {p50:.0f} ms, {count} queries")


if __name__ == "__main__":
    main()
