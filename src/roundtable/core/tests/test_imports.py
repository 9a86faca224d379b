from __future__ import annotations

import datetime
import io

import pytest
import time_machine

from roundtable.core.imports import (
    ImportFailed,
    RowError,
    RowReader,
    check_headers,
    normalise_header,
    parse_date,
    read_table,
    run_upload,
)


def read(data: bytes, name: str = "file.csv"):
    return read_table(io.BytesIO(data), name)


def test_headers_are_normalised_so_spreadsheet_titles_work():
    assert normalise_header(" Start date ") == "start_date"
    assert normalise_header("Members’ role") == "members_role"


def test_row_numbers_match_the_spreadsheet_even_after_blank_rows():
    table = read(b"name,sector\nA,public\n,\nB,public\n")
    assert [row.number for row in table] == [2, 4]


def test_a_windows_encoded_csv_is_read():
    table = read("name\nCafé\n".encode("cp1252"))
    assert table.rows[0].get("name") == "Café"


def test_a_byte_order_mark_does_not_spoil_the_first_header():
    table = read("\ufeffname\nA\n".encode())
    assert table.headers == ["name"]


def test_duplicate_columns_are_refused():
    with pytest.raises(ImportFailed) as excinfo:
        read(b"name,Name\nA,B\n")
    assert [str(e) for e in excinfo.value.errors] == [
        "Row 1, name: this column appears more than once; keep one"
    ]


def test_an_empty_first_row_is_explained():
    with pytest.raises(ImportFailed, match="row 1 is empty"):
        read(b",,\nname,sector\n")


def test_check_headers_lists_missing_and_unknown():
    table = read(b"nme,sector\nA,public\n")
    errors = check_headers(table, ["name", "sector"], ["type"])
    assert [str(e) for e in errors] == [
        "Row 1, name: this column is missing; add it to the header row",
        "Row 1, nme: unknown column; expected some of: name, sector, type",
    ]


@pytest.mark.parametrize("text", ["2011-10-24", "24/10/2011", "24 October 2011", "24 Oct 2011"])
def test_parse_date_reads_the_forms_people_type(text):
    assert parse_date(text).isoformat() == "2011-10-24"


def test_parse_date_refuses_impossible_dates():
    with pytest.raises(ValueError, match="31/02/2011"):
        parse_date("31/02/2011")


def test_row_reader_collects_every_problem_in_a_row():
    table = read(b"name,version,kind\n,two,purple\n")
    errors: list[RowError] = []
    reader = RowReader(table.rows[0], errors)
    reader.text("name", required=True)
    reader.integer("version")
    reader.choice("kind", [("board", "Executive board")])
    assert [str(e) for e in errors] == [
        "Row 2, name: enter a value; it is required",
        "Row 2, version: 'two' is not a whole number; enter a number like 3",
        "Row 2, kind: 'purple' is not one of: Executive board",
    ]


def test_row_reader_accepts_a_choice_by_its_label():
    table = read(b"kind\nexecutive board\n")
    errors: list[RowError] = []
    assert RowReader(table.rows[0], errors).choice("kind", [("board", "Executive board")]) == (
        "board"
    )
    assert errors == []


class _Form:
    """A bound form, as `run_upload` uses one."""

    def __init__(self, valid: bool) -> None:
        self.valid, self.cleaned_data = valid, {"file": "f.csv"}
        self.field_errors: dict[str, str] = {}

    def is_valid(self) -> bool:
        return self.valid

    def add_error(self, field: str, message: str) -> None:
        self.field_errors[field] = message


class _Request:
    def __init__(self, method: str) -> None:
        self.method = method


def test_an_upload_runs_only_for_a_valid_post_and_gives_its_summary_or_problems():
    ran = []

    def run(data):
        ran.append(data["file"])
        return "2 rows"

    assert run_upload(_Request("GET"), _Form(True), run) == ([], None)
    assert run_upload(_Request("POST"), _Form(False), run) == ([], None)
    assert ran == []
    assert run_upload(_Request("POST"), _Form(True), run) == ([], "2 rows")
    problem = RowError(3, "code", "enter a code")

    def refused(data):
        raise ImportFailed([problem])

    form = _Form(True)
    assert run_upload(_Request("POST"), form, refused) == ([problem], None)
    # The file input says so too, in the summary's words; the summary is the upload's.
    assert form.field_errors == {
        "file": "The file was not imported: fix 1 problem and upload it again"
    }
    assert form.summary_shown is True
    several = _Form(True)
    run_upload(_Request("POST"), several, refused, field="files", files=True)
    assert several.field_errors == {
        "files": "The files were not imported: fix 1 problem and upload them again"
    }


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_a_bad_date_is_named_with_an_example_worked_out_today():
    """The example was 2011-10-24 whatever the day. A date of something that happened
    gets the 16th of last month; one planned ahead (a due date) the 16th of next."""
    table = read(b"held,due,signed\nyesterday,soon,\n")
    errors: list[RowError] = []
    reader = RowReader(table.rows[0], errors)
    reader.date("held")
    reader.date("due", near_future=True)
    reader.date("signed", required=True)
    assert [str(e) for e in errors] == [
        "Row 2, held: 'yesterday' is not a date; enter a date like 2026-11-16",
        "Row 2, due: 'soon' is not a date; enter a date like 2027-01-16",
        "Row 2, signed: enter a date like 2026-11-16",
    ]
