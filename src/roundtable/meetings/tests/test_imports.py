"""Importing an actions log: all rows or none, every problem named, no duplicates."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.utils import timezone
from openpyxl import Workbook

from roundtable.core.imports import ImportFailed, read_table
from roundtable.meetings.imports import ACTION_COLUMNS, import_actions
from roundtable.meetings.models import Action, ActionUpdate
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# The examples in messages are worked out from this day: the 16th of last month
# (2026-11-16), of next month for dates planned ahead (2027-01-16).
TODAY_FROZEN = datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC)

HEADER = ",".join(ACTION_COLUMNS)


@pytest.fixture
def meeting(board):
    return MeetingFactory(
        body=board, start=timezone.make_aware(datetime.datetime(2011, 10, 24, 17, 0))
    )


@pytest.fixture
def griffiths(partnership, council):
    return PersonFactory(
        partnership=partnership, organisation=council, given_name="Ann", family_name="Griffiths"
    )


def table(*rows: str, name: str = "actions.csv"):
    text = "\n".join([HEADER, *rows]) + "\n"
    return read_table(io.BytesIO(text.encode()), name)


def messages(failure: pytest.ExceptionInfo[ImportFailed]) -> list[str]:
    return [str(e) for e in failure.value.errors]


def test_import_adds_actions_with_owner_organisation_due_and_status(
    partnership, meeting, griffiths, police
):
    summary = import_actions(
        table(
            "LSP Executive,2011-10-24,Circulate the Southall prospectus,Ann Griffiths,,"
            "2012-01-16,In Progress",
            "lsp-executive,24/10/2011,Share the data policy,,MPS,,DONE",
        ),
        partnership,
        None,
    )
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    prospectus = Action.objects.get(description="Circulate the Southall prospectus")
    assert prospectus.meeting == meeting
    assert prospectus.owner_person == griffiths
    assert prospectus.owner_organisation == griffiths.organisation
    assert (prospectus.due, prospectus.status) == (datetime.date(2012, 1, 16), "in_progress")
    policy = Action.objects.get(description="Share the data policy")
    assert (policy.owner_person, policy.owner_organisation, policy.status) == (None, police, "done")


def test_an_empty_status_means_open(partnership, meeting):
    import_actions(table("LSP Executive,2011-10-24,Write to partners,,,,"), partnership, None)
    assert Action.objects.get().status == "open"


@time_machine.travel(TODAY_FROZEN, tick=False)
def test_import_reports_every_bad_row_and_writes_nothing(partnership, meeting, griffiths):
    with pytest.raises(ImportFailed) as failure:
        import_actions(
            table(
                "Nowhere Board,2011-10-24,A,,,,open",
                "LSP Executive,2011-10-25,B,,,,open",
                "LSP Executive,2011-10-24,C,Nobody Known,,,open",
                "LSP Executive,2011-10-24,D,,Acme Ltd,,open",
                "LSP Executive,2011-10-24,E,,,next week,open",
                "LSP Executive,2011-10-24,F,,,,finished",
                "LSP Executive,yesterday,G,,,,open",
                "LSP Executive,2011-10-24,H,,,,open",
                "LSP Executive,2011-10-24,h ,,,,open",
                "LSP Executive,2011-10-24,,,,,open",
            ),
            partnership,
            None,
        )
    assert messages(failure) == [
        "Row 2, body: 'Nowhere Board' is not a body of Ealing Local Strategic Partnership",
        "Row 3, meeting_date: LSP Executive has no meeting on 25 October 2011 ('2011-10-25')",
        "Row 4, owner: 'Nobody Known' is not a person of Ealing Local Strategic Partnership",
        "Row 5, owner_organisation: 'Acme Ltd' is not an organisation of "
        "Ealing Local Strategic Partnership",
        "Row 6, due: 'next week' is not a date; enter a date like 2027-01-16",
        "Row 7, status: 'finished' is not one of: Open, In progress, Done, Dropped",
        "Row 8, meeting_date: 'yesterday' is not a date; enter a date like 2026-11-16",
        "Row 10, action: this is a duplicate of row 9; keep one",
        "Row 11, action: enter a value; it is required",
    ]
    assert not Action.objects.exists()


def test_import_rejects_a_file_with_the_wrong_columns(partnership, meeting):
    bad = read_table(io.BytesIO(b"body,meeting,action\nLSP Executive,2011-10-24,A\n"), "a.csv")
    with pytest.raises(ImportFailed) as failure:
        import_actions(bad, partnership, None)
    assert "Row 1, meeting_date: this column is missing; add it to the header row" in messages(
        failure
    )
    assert not Action.objects.exists()


def test_a_cancelled_meeting_agreed_no_actions(partnership, meeting):
    meeting.status = "cancelled"
    meeting.save()
    with pytest.raises(ImportFailed) as failure:
        import_actions(table("LSP Executive,2011-10-24,A,,,,open"), partnership, None)
    assert messages(failure) == [
        "Row 2, meeting_date: the meeting on 24 October 2011 was cancelled"
    ]


def test_another_partnerships_body_is_unknown(other_partnership, meeting):
    with pytest.raises(ImportFailed) as failure:
        import_actions(table("LSP Executive,2011-10-24,A,,,,open"), other_partnership, None)
    assert messages(failure) == [
        "Row 2, body: 'LSP Executive' is not a body of Warwick Partnership"
    ]


def test_reimporting_the_same_file_adds_nothing(partnership, meeting, griffiths):
    rows = ("LSP Executive,2011-10-24,Circulate the prospectus,Ann Griffiths,,2012-01-16,open",)
    import_actions(table(*rows), partnership, None)
    history = Action.history.count()
    summary = import_actions(table(*rows), partnership, None)
    assert (summary.created, summary.unchanged) == (0, 1)
    assert Action.objects.count() == 1
    assert Action.history.count() == history


def test_reimporting_a_changed_status_updates_the_action_with_a_note(
    partnership, meeting, griffiths
):
    row = "LSP Executive,2011-10-24,Circulate the prospectus,Ann Griffiths,,2012-01-16,{}"
    import_actions(table(row.format("open")), partnership, None)
    summary = import_actions(table(row.format("done"), name="march.csv"), partnership, None)
    assert summary.updated == 1
    action = Action.objects.get()
    assert action.status == "done"
    assert ActionUpdate.objects.get(action=action).note == "Updated by the import of march.csv"


def test_reimporting_with_another_owner_is_refused(partnership, meeting, griffiths, council):
    PersonFactory(
        partnership=partnership, organisation=council, given_name="Emily", family_name="O'Hare"
    )
    import_actions(table("LSP Executive,2011-10-24,A,Ann Griffiths,,,open"), partnership, None)
    with pytest.raises(ImportFailed) as failure:
        import_actions(table("LSP Executive,2011-10-24,A,Emily O'Hare,,,open"), partnership, None)
    assert "already recorded with another owner" in messages(failure)[0]
    assert Action.objects.get().owner_person == griffiths


def test_an_owner_name_shared_by_two_people_must_be_settled_in_the_app(partnership, meeting):
    PersonFactory(partnership=partnership, given_name="Ann", family_name="Griffiths")
    PersonFactory(partnership=partnership, given_name="Ann", family_name="Griffiths")
    with pytest.raises(ImportFailed) as failure:
        import_actions(table("LSP Executive,2011-10-24,A,Ann Griffiths,,,open"), partnership, None)
    assert messages(failure) == [
        "Row 2, owner: 'Ann Griffiths' names 2 people; say which in the app"
    ]


def test_import_reads_xlsx(partnership, meeting):
    book = Workbook()
    sheet = book.active
    sheet.append(list(ACTION_COLUMNS))
    sheet.append(["LSP Executive", datetime.datetime(2011, 10, 24), "A", None, None, None, "open"])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    summary = import_actions(read_table(data, "actions.xlsx"), partnership, None)
    assert summary.created == 1
