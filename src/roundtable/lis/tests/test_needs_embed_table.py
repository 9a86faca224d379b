"""The table of a needs page's embed: a column only when some row has something in
it; notes written once under the table."""

from __future__ import annotations

from django.template.loader import render_to_string

from roundtable.lis.needs_queries import EmbedView, Row


def table(*rows: Row) -> str:
    embed = EmbedView("table", 1, "{{table ...}}", title="Residents", rows=list(rows))
    return render_to_string("lis/needs/partials/_embed_table.html", {"embed": embed})


def test_a_table_without_limits_or_notes_has_no_empty_columns_for_them():
    html = table(Row("E01000001", "Ealing 001A", "2011", "1,520", "", "", ""))
    assert "95% confidence interval" not in html
    assert ">Note<" not in html
    assert "rt-notes" not in html
    assert html.count("<td") == 2  # the code and the value


def test_a_table_with_limits_on_any_row_has_their_column():
    html = table(
        Row("E01000001", "Ealing 001A", "2011", "12.0", "10.1", "14.2", ""),
        Row("E01000002", "Ealing 002A", "2011", "", "", "", ""),
    )
    assert "95% confidence interval</th>" in html
    assert "10.1 to 14.2" in html
    assert html.count("<td") == 6


def test_each_note_is_written_once_under_the_table_and_pointed_to_from_its_rows():
    suppressed = "Suppressed: a small count"
    html = table(
        Row("E01000001", "Ealing 001A", "2011", "12.0", "", "", "Provisional"),
        Row("E01000002", "Ealing 002A", "2011", "", "", "", suppressed),
        Row("E01000003", "Ealing 003A", "2011", "", "", "", suppressed),
        Row("E01000004", "Ealing 004A", "2011", "9.0", "", "", ""),
    )
    rows, below = html.split('class="govuk-list rt-notes"', 1)
    assert ">Note</th>" not in rows
    assert suppressed not in rows
    assert rows.count('href="#embed-1-note-2">[note 2]</a>') == 2
    assert "–" in rows  # a suppressed row has no figure, and points to why
    assert '<li id="embed-1-note-1">[note 1] Provisional</li>' in below
    assert below.count(suppressed) == 1
    assert html.count("<td") == 8
