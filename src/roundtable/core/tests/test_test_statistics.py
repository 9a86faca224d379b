"""The suite's PostgreSQL database keeps the planner's statistics close to its rows
(core.testing: a flush and a snapshot's return renew them), and cancels a statement
that runs for minutes instead of holding CI until its time is up."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.utils import OperationalError

from roundtable.core.testing import DatabaseSnapshot
from roundtable.partnership.models import Partnership
from roundtable.partnership.tests.factories import PartnershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's planner only"),
]


def _rows_the_planner_counts(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_a_flush_leaves_statistics_of_empty_tables():
    for n in range(30):
        PartnershipFactory(slug=f"p{n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partnership_partnership")
    assert _rows_the_planner_counts("partnership_partnership") == 30
    call_command("flush", verbosity=0, interactive=False)
    # TRUNCATE alone leaves -1 ("never counted"): the planner then guesses ten pages.
    assert _rows_the_planner_counts("partnership_partnership") == 0


def test_a_snapshot_brought_back_brings_its_statistics(tmp_path):
    for n in range(12):
        PartnershipFactory(slug=f"p{n}")
    snapshot = DatabaseSnapshot.take(tmp_path)
    call_command("flush", verbosity=0, interactive=False)
    snapshot.restore(tmp_path / "media")
    assert Partnership.objects.count() == 12
    assert _rows_the_planner_counts("partnership_partnership") == 12


def test_a_statement_that_runs_for_minutes_is_cancelled():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "5min"
        cursor.execute("SET statement_timeout = '50ms'")  # as the suite's 5 min would
        with pytest.raises(OperationalError, match="statement timeout"):
            cursor.execute("SELECT pg_sleep(1)")
        cursor.execute("RESET statement_timeout")
