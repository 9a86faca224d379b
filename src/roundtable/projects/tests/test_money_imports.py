"""`roundtable projects import-funding`: the contract, its errors and re-imports."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory, OrganisationFactory
from roundtable.projects.models_money import Funding
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db
HEADER = "project,source,kind,organisation,amount,financial_year,status,decided_on,meeting,notes"


@pytest.fixture
def southall(partnership, council):
    return ProjectFactory(partnership=partnership, title="Southall", lead_organisation=council)


@pytest.fixture
def board(partnership):
    return BodyFactory(partnership=partnership, name="LSP Executive", short_name="LSPE")


def _meeting(body, day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 0)))
    return MeetingFactory(body=body, start=start, end=start + datetime.timedelta(hours=1))


def _run(tmp_path, *lines, header=HEADER, slug="ealing"):
    path = tmp_path / "funding.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    out = __import__("io").StringIO()
    call_command("projects_import_funding", str(path), "--partnership", slug, stdout=out)
    return out.getvalue()


def _refused(tmp_path, *lines, header=HEADER):
    with pytest.raises(CommandError) as refused:
        _run(tmp_path, *lines, header=header)
    return str(refused.value)


def test_the_southall_bid_is_imported_with_its_meeting(tmp_path, southall, board):
    meeting = _meeting(board, datetime.date(2011, 10, 24))
    out = _run(
        tmp_path,
        'Southall,Reward grant,Bid,LBE,£50k,2011-12,Awarded,2011-10-24,2011-10-24,"Asked to '
        'apportion it differently"',
    )
    assert "1 funding records (1 new, 0 updated, 0 unchanged)" in out
    funding = Funding.objects.get()
    assert funding.amount == Decimal("50000.00")
    assert (funding.source, funding.kind, funding.status) == ("reward_grant", "bid", "awarded")
    assert funding.financial_year == "2011/12"
    assert funding.meeting == meeting
    assert funding.notes == "Asked to apportion it differently"


def test_only_the_required_columns_are_needed(tmp_path, southall, council):
    header = "project,source,kind,organisation,amount,financial_year,status"
    _run(
        tmp_path, 'southall,council,grant,Ealing Council,"£1,250,000",2011/2012,idea', header=header
    )
    assert Funding.objects.get().amount == Decimal("1250000.00")


def test_reimporting_updates_the_same_funding_instead_of_adding_it(tmp_path, southall):
    line = "Southall,reward_grant,bid,Ealing Council,50000,2011/12,submitted,,,"
    _run(tmp_path, line)
    out = _run(tmp_path, line)
    assert "(0 new, 0 updated, 1 unchanged)" in out
    out = _run(tmp_path, line.replace("submitted", "awarded").replace("50000", "55k"))
    assert "(0 new, 1 updated, 0 unchanged)" in out
    funding = Funding.objects.get()
    assert (funding.status, funding.amount) == ("awarded", Decimal("55000.00"))


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(
    tmp_path, southall, partnership
):
    OrganisationFactory(partnership=partnership, name="HM Treasury", is_partner=False)
    message = _refused(
        tmp_path,
        "Southall,council,grant,Ealing Council,1000,2011/12,idea,,,",
        "Southall,council,grant,Ealing Council,£-5,2011/12,idea,,,",
        'Southall,council,grant,Ealing Council,"1,25",2011/12,idea,,,',
        "Nowhere,council,grant,Ealing Council,5,2011/12,idea,,,",
        "Southall,council,grant,Acme Ltd,5,2011/12,idea,,,",
        "Southall,council,grant,HM Treasury,5,2011/12,idea,,,",
        "Southall,bank,loan,Ealing Council,5,2011/13,won,,,",
        "Southall,lottery,grant,Ealing Council,5,2011/12,idea,soon,1999-01-01,",
        "Southall,council,grant,Ealing Council,50.000,2011-12,drafted,,,",
    )
    assert "Nothing was imported" in message
    for expected in (
        "Row 3, amount: '£-5' is negative",
        "Row 4, amount: '1,25' is ambiguous",
        "Row 5, project: no project 'Nowhere'",
        "Row 6, organisation: no organisation 'Acme Ltd'",
        "Row 7, organisation: 'HM Treasury' is not a partner",
        "Row 8, source: 'bank' is not one of",
        "Row 8, kind: 'loan' is not one of",
        "Row 8, financial_year: '2011/13' is not one financial year",
        "Row 8, status: 'won' is not one of",
        "Row 9, decided_on: 'soon' is not a date",
        "Row 9, meeting: no meeting on 1999-01-01",
        "Row 10, amount: '50.000' is ambiguous",
    ):
        assert expected in message, expected
    assert not Funding.objects.exists()


def test_the_same_funding_twice_in_a_file_is_refused(tmp_path, southall):
    message = _refused(
        tmp_path,
        "Southall,council,grant,Ealing Council,5,2011/12,idea,,,",
        "Southall,Council,Grant,LBE,6,2011-12,drafted,,,",
    )
    assert "Row 3, kind: this is the same funding as row 2" in message


def test_a_meeting_date_shared_by_two_bodies_needs_the_body(tmp_path, southall, board, partnership):
    day = datetime.date(2011, 10, 24)
    wanted = _meeting(board, day)
    _meeting(BodyFactory(partnership=partnership, name="Southall Project Board"), day)
    message = _refused(tmp_path, "Southall,council,grant,LBE,5,2011/12,awarded,,2011-10-24,")
    assert "Row 2, meeting: 2 meetings on 2011-10-24" in message
    assert "like 'LSP Executive 2011-10-24'" in message or "like 'Southall" in message
    _run(tmp_path, "Southall,council,grant,LBE,5,2011/12,awarded,,LSPE 2011-10-24,")
    assert Funding.objects.get().meeting == wanted


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_a_meeting_that_is_not_a_date_is_refused_with_an_example_worked_out_today(
    tmp_path, southall
):
    """The examples were 2011-10-24 whatever the day: the 16th of last month now."""
    message = _refused(
        tmp_path,
        "Southall,council,grant,LBE,5,2011/12,awarded,,next board,",
        "Southall,council,grant,LBE,5,2011/12,awarded,,LSPE 2011-13-45,",
    )
    assert (
        "Row 2, meeting: 'next board' is not a meeting; give its date, like 2026-11-16, "
        "or its body and date, like 'LSP Executive 2026-11-16'"
    ) in message
    assert "Row 3, meeting: '2011-13-45' is not a date; write it like 2026-11-16" in message


def test_an_unknown_body_or_another_partnerships_meeting_is_refused(
    tmp_path, southall, other_partnership
):
    _meeting(
        BodyFactory(partnership=other_partnership, name="Warwick Board"),
        datetime.date(2011, 10, 24),
    )
    message = _refused(
        tmp_path,
        "Southall,council,grant,LBE,5,2011/12,awarded,,Warwick Board 2011-10-24,",
        "Southall,council,bid,LBE,5,2011/12,awarded,,2011-10-24,",
    )
    assert "Row 2, meeting: no board or group 'Warwick Board'" in message
    assert "Row 3, meeting: no meeting on 2011-10-24" in message


def test_a_missing_column_is_refused(tmp_path, southall):
    message = _refused(
        tmp_path,
        "Southall,council,grant,LBE,5,idea",
        header="project,source,kind,organisation,amount,status",
    )
    assert "Row 1, financial_year: this column is missing" in message


def test_the_roundtable_command_offers_import_funding():
    from roundtable.cli import project_commands, translate

    groups = project_commands()
    assert "import-funding" in groups["projects"]
    assert (
        translate(["projects", "import-funding", "f.csv"], groups)[0] == "projects_import_funding"
    )


def _years(count: int, status: str, source: str = "council") -> list[str]:
    return [
        f"Southall,{source},grant,Ealing Council,{n + 1}000,{2000 + n}/{(n + 1) % 100:02d},"
        f"{status},,,"
        for n in range(count)
    ]


def _queries(tmp_path, lines) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _run(tmp_path, *lines)
    return len(queries.captured_queries)


def test_a_reimport_writes_history_for_the_changed_record_only(tmp_path, southall):
    lines = _years(3, "submitted")
    _run(tmp_path, *lines)
    assert Funding.history.count() == 3
    lines[1] = lines[1].replace("submitted", "awarded")

    out = _run(tmp_path, *lines)

    assert "(0 new, 1 updated, 2 unchanged)" in out
    assert Funding.history.count() == 4
    entry = Funding.history.first()
    assert (entry.history_type, entry.financial_year, entry.status) == ("~", "2001/02", "awarded")


def test_the_import_makes_as_many_queries_for_20_records_as_for_2(tmp_path, southall):
    # New, then every one changed, then unchanged: as many queries for 20 rows as for 2.
    for status in ("idea", "awarded", "awarded"):
        small = _queries(tmp_path, _years(2, status))
        assert small == _queries(tmp_path, _years(20, status, source="lottery"))
