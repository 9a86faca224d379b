"""Every page's CSV and XLSX links are drawn by core/partials/_downloads.html, so they
say the same thing everywhere: what is downloaded, in which formats, and whether the
page's filters (and order) chose the rows."""

from __future__ import annotations

from django.template.loader import render_to_string

from roundtable.core.testing import templates_writing

PARTIAL = "core/partials/_downloads.html"
LINKS = {"csv": "/meetings.csv?body=x", "xlsx": "/meetings.xlsx?body=x"}


def _text(**context: object) -> str:
    return render_to_string(PARTIAL, {"downloads": LINKS, **context}).strip()


def test_a_filtered_list_says_how_many_rows_and_that_the_filters_chose_them():
    html = _text(count=12, one="meeting", many="meetings", filtered=True)
    assert html.endswith(
        'Download these 12 meetings as <a class="govuk-link" href="/meetings.csv?body=x" '
        'download>CSV</a> or <a class="govuk-link" href="/meetings.xlsx?body=x" download>'
        "XLSX (Excel)</a>, with the filters chosen above.</p>"
    )


def test_one_row_is_this_one_and_an_unfiltered_list_says_nothing_of_filters():
    html = _text(count=1, one="indicator", many="indicators")
    assert "Download this indicator as" in html
    assert "filters" not in html


def test_a_list_in_a_chosen_order_says_so():
    html = _text(count=3, one="recommendation", many="recommendations", ordered=True)
    assert "these 3 recommendations as" in html
    assert ", with the filters and order chosen above.</p>" in html


def test_a_page_that_is_one_table_names_it_and_may_give_its_links_ids():
    html = _text(what="these figures", id="map-downloads", link_id="map-download")
    assert '<p class="govuk-body rt-downloads" id="map-downloads">' in html
    assert "Download these figures as" in html
    assert 'id="map-download-csv"' in html
    assert 'id="map-download-xlsx"' in html


def test_no_other_template_writes_csv_and_xlsx_links_by_hand():
    by_hand = templates_writing("downloads.csv", "links.csv", "downloads.xlsx", "links.xlsx")
    assert by_hand == [
        # The performance report lists its own formats (PDF, XLSX, JSON) as a board pack.
        "performance/templates/performance/report.html",
        "templates/core/partials/_downloads.html",
    ]
