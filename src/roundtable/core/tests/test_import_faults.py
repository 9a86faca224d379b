"""The shared import reader refuses what it used to crash on or silently misread
(issue #10, faults 11, 12 and 15): every importer reads through it."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from roundtable.core.imports import (
    MAX_CELL_CHARACTERS,
    ImportFailed,
    check_headers,
    parse_date,
    read_table,
)


def read(data: bytes, name: str = "file.csv"):
    return read_table(io.BytesIO(data), name)


def refusals(data: bytes, name: str = "file.csv") -> list[str]:
    with pytest.raises(ImportFailed) as excinfo:
        read(data, name)
    return [str(e) for e in excinfo.value.errors]


def xlsx(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_cell_longer_than_the_csv_field_limit_is_refused_with_its_row_and_column():
    long = "x" * (MAX_CELL_CHARACTERS + 1)
    found = refusals(f"name,sector\nA,public\nB,{long}\n".encode())
    assert found == [
        "Row 3, sector: this cell has 131,073 characters; the most a cell can have is 131,072"
    ]


def test_a_cell_of_exactly_the_limit_is_read():
    table = read(f"name\n{'x' * MAX_CELL_CHARACTERS}\n".encode())
    assert len(table.rows[0].get("name")) == MAX_CELL_CHARACTERS


def test_a_nul_character_in_a_cell_is_refused_with_its_row_and_column():
    found = refusals(b"name,sector\nA,public\nB\x00C,public\n")
    assert len(found) == 1
    assert found[0].startswith("Row 3, name: this cell contains a NUL character")
    assert "Save the file as CSV UTF-8" in found[0]


def test_a_nul_character_in_a_column_name_is_refused():
    found = refusals(b"name,sec\x00tor\nA,public\n")
    assert found[0].startswith("Row 1, column B: this cell contains a NUL character")


def test_a_utf16_file_is_named_as_such_not_reported_as_missing_columns():
    data = "code,name\nA1,Crime\n".encode("utf-16")
    found = refusals(data)
    assert found == [
        "file.csv is saved as UTF-16 text. Save the file as CSV UTF-8: in Excel choose "
        "File, Save As, then ‘CSV UTF-8 (Comma delimited) (*.csv)’"
    ]


def test_a_utf16_file_without_a_byte_order_mark_is_recognised():
    data = "code,name\nA1,Crime\n".encode("utf-16-le")
    assert "is saved as UTF-16 text" in refusals(data)[0]


def test_a_value_in_a_column_with_no_name_is_refused_not_dropped():
    found = refusals(b"name,sector\nA,public,surplus\nB,public\n")
    assert found == [
        "Row 2, column C: this cell has a value but its column has no name in row 1; "
        "name the column or delete the value"
    ]


def test_a_value_under_a_blank_column_name_in_the_middle_is_refused():
    found = refusals(b"name,,sector\nA,stray,public\n")
    assert found == [
        "Row 2, column B: this cell has a value but its column has no name in row 1; "
        "name the column or delete the value"
    ]


def test_blank_cells_beyond_the_header_are_fine():
    table = read(b"name,sector\nA,public,,\n")
    assert table.rows[0].values == {"name": "A", "sector": "public"}


def test_an_xlsx_formula_with_no_saved_result_is_refused_not_read_as_blank():
    def build(sheet):
        sheet.append(["code", "actual"])
        sheet.append(["A1", 5])
        sheet.append(["A2", "=B2*2"])  # openpyxl saves the formula without a result

    found = refusals(xlsx(build), "values.xlsx")
    assert found == [
        "Row 3, actual: this cell has a formula (=B2*2) with no saved result; open the file "
        "in Excel and save it again, or paste the values in place of the formula"
    ]


def with_saved_results(data: bytes, results: dict[str, str]) -> bytes:
    """The workbook with each formula's saved result filled in, as Excel saves it
    (a key of the form '<c ...>' replaces a cell's opening tag instead)."""
    source, output = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                for formula, result in results.items():
                    if formula.startswith("<c "):
                        content = content.replace(formula.encode(), result.encode())
                        continue
                    content = content.replace(
                        f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f>{result}".encode()
                    )
            target.writestr(item, content)
    return output.getvalue()


def test_an_xlsx_formula_with_a_saved_result_is_read_as_that_result():
    def build(sheet):
        sheet.append(["code", "actual", "note"])
        sheet.append(["A1", "=2*5", '=IF(B2>1,"","low")'])

    data = with_saved_results(
        xlsx(build),
        {
            "2*5": "<v>10</v>",
            'IF(B2&gt;1,"","low")': "<v></v>",
            '<c r="C2">': '<c r="C2" t="str">',  # Excel's type for a text result
        },
    )
    table = read(data, "values.xlsx")
    assert table.rows[0].values == {"code": "A1", "actual": "10", "note": ""}


def test_merged_cells_are_refused_not_read_as_blank():
    def build(sheet):
        sheet.append(["code", "theme"])
        sheet.append(["A1", "Crime"])
        sheet.append(["A2", None])
        sheet.merge_cells("B2:B3")

    found = refusals(xlsx(build), "indicators.xlsx")
    assert found == [
        "Row 2, theme: cells B2:B3 are merged, so all but the first read as blank; unmerge "
        "them and fill in every cell"
    ]


def test_a_plain_xlsx_file_is_still_read():
    def build(sheet):
        sheet.append(["code", "actual"])
        sheet.append(["A1", 1e20])

    table = read(xlsx(build), "values.xlsx")
    assert table.rows[0].values == {"code": "A1", "actual": "100000000000000000000"}


def test_a_date_with_an_impossible_time_is_not_a_date():
    with pytest.raises(ValueError, match="25:61"):
        parse_date("2011-10-24T25:61:00")


def test_a_date_with_a_real_time_gives_its_date():
    assert parse_date("2011-10-24T10:30:00").isoformat() == "2011-10-24"


def test_a_file_with_a_header_and_no_rows_is_refused_by_the_header_check():
    table = read(b"name,sector\n")
    errors = check_headers(table, ["name", "sector"])
    assert [str(e) for e in errors] == ["file.csv has a header but no rows"]


def test_wrong_columns_are_reported_before_the_missing_rows():
    table = read(b"nme,sector\n")
    errors = check_headers(table, ["name", "sector"])
    assert [str(e) for e in errors][0] == (
        "Row 1, name: this column is missing; add it to the header row"
    )
    assert "has a header but no rows" not in " ".join(str(e) for e in errors)
