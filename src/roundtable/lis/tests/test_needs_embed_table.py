"""The table of a needs page's embed: a column only when some row has something in it."""

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
    assert html.count("<td") == 2  # the code and the value


def test_a_table_with_limits_or_notes_on_any_row_has_their_columns():
    html = table(
        Row("E01000001", "Ealing 001A", "2011", "12.0", "10.1", "14.2", ""),
        Row("E01000002", "Ealing 002A", "2011", "", "", "", "Suppressed: a small count"),
    )
    assert "95% confidence interval</th>" in html
    assert "10.1 to 14.2" in html
    assert ">Note</th>" in html
    assert "Suppressed: a small count" in html
    assert html.count("<td") == 8
