"""The meetings commands, called as `roundtable meetings …` calls them."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from roundtable.meetings.models import Action
from roundtable.meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(board):
    return MeetingFactory(
        body=board, start=timezone.make_aware(datetime.datetime(2011, 10, 24, 17, 0))
    )


def write(tmp_path, *rows: str):
    path = tmp_path / "actions.csv"
    header = "body,meeting_date,action,owner,owner_organisation,due,status"
    path.write_text("\n".join([header, *rows]) + "\n")
    return path


def test_import_actions_says_what_it_imported(tmp_path, partnership, meeting):
    out = io.StringIO()
    call_command(
        "meetings_import_actions",
        str(write(tmp_path, "LSP Executive,2011-10-24,A,,,,open")),
        "--partnership",
        "ealing",
        stdout=out,
    )
    assert out.getvalue().strip() == (
        "Imported actions: 1 rows (1 created, 0 updated, 0 unchanged) into "
        "Ealing Local Strategic Partnership"
    )


def test_import_actions_fails_with_every_problem_and_imports_nothing(
    tmp_path, partnership, meeting
):
    path = write(
        tmp_path, "LSP Executive,2011-10-24,A,,,,open", "LSP Executive,2011-10-24,B,,,,soon"
    )
    with pytest.raises(CommandError) as failure:
        call_command("meetings_import_actions", str(path), stdout=io.StringIO())
    assert str(failure.value) == (
        "Nothing was imported. Fix these 1 problems:\n"
        "Row 3, status: 'soon' is not one of: Open, In progress, Done, Dropped"
    )
    assert not Action.objects.exists()


def test_import_actions_names_an_unknown_partnership(tmp_path, partnership, meeting):
    with pytest.raises(CommandError, match="No partnership 'nowhere'"):
        call_command(
            "meetings_import_actions", str(write(tmp_path, "x")), "--partnership", "nowhere"
        )
