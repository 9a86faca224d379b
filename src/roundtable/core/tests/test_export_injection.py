"""core.exports: text a spreadsheet would run is neutralised, numbers are not, and a
CSV export reads back to the exact text (issue #10, fault 14)."""

from __future__ import annotations

import csv
import io

import pytest

from roundtable.core.exports import csv_safe, csv_unquote, write_csv
from roundtable.core.imports import read_table

DANGEROUS = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "=", "-", "'=x", "''@x"]
HARMLESS = ["", "plain", "-3", "-3.5", "+44", "1,072", "98.69%", "'quoted", "a=b", "x-1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_formula_like_text_gets_a_quote(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_left_alone(text):
    assert csv_safe(text) == text


@pytest.mark.parametrize("value", [-3, -3.5, 0, None])
def test_numbers_stay_numbers(value):
    assert csv_safe(value) == value


@pytest.mark.parametrize("text", DANGEROUS + HARMLESS)
def test_unquoting_gives_back_the_exact_text(text):
    assert csv_unquote(csv_safe(text)) == text


def test_a_written_csv_reads_back_exactly_through_the_import_reader():
    texts = [t for t in DANGEROUS + HARMLESS if t.strip() == t and t]
    data = write_csv([["text", "number"], *([t, -3] for t in texts)])
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[1] == ["'=1+1", "-3"]
    table = read_table(io.BytesIO(data), "export.csv")
    assert [row.get("text") for row in table] == texts
