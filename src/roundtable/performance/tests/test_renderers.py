"""The report renderers: HTML, PDF, XLSX, JSON and the sparkline, from a hand-made
report (no database)."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils.html import escape
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from pypdf import PdfReader

from roundtable.performance.renderers import (
    INTERNAL_VERSION,
    PUBLIC_VERSION,
    RAG_COLOURS,
    PdfPart,
    number_format,
    pdf_parts,
    render_html,
    render_html_document,
    render_json,
    render_pdf,
    render_xlsx,
    report_layout,
    sheet_name,
)
from roundtable.performance.rules import (
    Polarity,
    Status,
)
from roundtable.performance.svg import format_number, sparkline
from roundtable.performance.tests.report_fixtures import ealing_q2_report, long_report

DOWNLOADS = {
    "pdf": "/performance/report.pdf?period=2011/12%20Q2",
    "xlsx": "/performance/report.xlsx?period=2011/12%20Q2",
    "json": "/performance/report.json?period=2011/12%20Q2",
}


# Sparkline ---------------------------------------------------------------------------


def test_sparkline_describes_the_trend_in_words():
    svg = sparkline(
        [("2011/12 Q1", Decimal(481)), ("2011/12 Q2", Decimal(421))],
        polarity=Polarity.HIGHER_IS_BETTER,
    )

    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "<title>Trend from 2011/12 Q1 to 2011/12 Q2: 481, 421. Higher is better.</title>" in svg


def test_sparkline_escapes_labels():
    svg = sparkline([('<script>"Q1"', Decimal(1)), ("Q2 & Q3", Decimal(2))])

    assert "<script>" not in svg
    assert "&lt;script&gt;&quot;Q1&quot;" in svg
    assert "Q2 &amp; Q3" in svg


def test_sparkline_leaves_a_gap_for_missing_figures():
    svg = sparkline(
        [
            ("Q1", Decimal(5)),
            ("Q2", Decimal(6)),
            ("Q3", None),
            ("Q4", Decimal(7)),
            ("Q5", Decimal(8)),
        ]
    )

    assert svg.count("<path") == 2  # two runs of line, broken at Q3
    assert "5, 6, N/A, 7, 8" in svg


def test_sparkline_without_figures_says_there_are_none():
    svg = sparkline([("Q1", None), ("Q2", None)])

    assert "<path" not in svg
    assert "N/A, N/A" in svg


def test_sparkline_prints_figures_with_decimals_and_unit():
    svg = sparkline([("Q1", Decimal("98.65")), ("Q2", Decimal("98.69"))], decimals=2, unit="%")

    assert "98.65%, 98.69%" in svg


@pytest.mark.parametrize(
    ("value", "decimals", "unit", "expected"),
    [
        (Decimal("98.69"), 2, "%", "98.69%"),
        (Decimal("1732"), 0, "count", "1,732"),
        (Decimal("21"), 1, "%", "21.0%"),
        (Decimal("2.125"), 2, "", "2.13"),
        (Decimal("21500"), 0, "£", "£21,500"),
        (None, 2, "%", "N/A"),
        (Decimal("0"), 0, "count", "0"),
    ],
)
def test_format_number_uses_decimals_and_unit(value, decimals, unit, expected):
    assert format_number(value, decimals, unit) == expected


# HTML --------------------------------------------------------------------------------


def _html(report=None, downloads=None) -> str:
    request = RequestFactory().get("/performance/report/", {"period": "2011/12 Q2"})
    request.user = AnonymousUser()
    request.partnership = None
    response = render_html(request, report or ealing_q2_report(), downloads=downloads)
    assert response.status_code == 200
    return response.content.decode()


def _row_html(html: str, code: str, table: str = "") -> str:
    """The HTML of the table row whose header cell is `code` (in table `table`)."""
    if table:
        html = html[html.index(f'id="{table}"') :]
    match = re.search(
        rf"<tr[^>]*>\s*<th scope=\"row\"[^>]*>{re.escape(code)}</th>.*?</tr>", html, re.S
    )
    assert match, f"no row for {code}"
    return match.group(0)


@pytest.fixture(scope="module")
def html() -> str:
    return _html(downloads=DOWNLOADS)


def test_html_report_has_a_row_for_every_indicator(html):
    for row in ealing_q2_report().rows:
        assert f">{row.code}</th>" in html


def test_html_report_puts_the_highlights_before_the_themes(html):
    highlights = html.index('id="highlights"')

    assert highlights < html.index('id="theme-health"') < html.index('id="theme-safety"')
    assert highlights < html.index('id="data-issues"')
    assert "Local 21" in html[highlights : html.index('id="theme-health"')]


def test_html_report_marks_an_estimate(html):
    assert "421 (est)" in _row_html(html, "NI 123", "table-theme-health")


def test_html_report_shows_a_missing_figure_as_na_not_zero(html):
    row = _row_html(html, "Local 33", "table-theme-health")

    assert row.count(">N/A<") == 11  # every figure cell
    assert not re.search(r">\s*0\s*<", row)


def test_html_report_prints_percentages_with_their_decimals(html):
    assert "98.69%" in _row_html(html, "NI 142", "table-theme-health")


def test_html_report_shows_status_as_coloured_words(html):
    row = _row_html(html, "NI 45", "table-theme-safety")

    assert '<strong class="rt-rag rt-rag--red">Performance below target</strong>' in row


def test_html_report_gives_direction_arrows_a_text_alternative(html):
    row = _row_html(html, "NI 123", "table-theme-health")

    assert 'aria-hidden="true" title="Performance declining">↓</span>' in row
    assert '<span class="govuk-visually-hidden">Performance declining</span>' in row


def test_the_direction_heading_says_unless_noted_when_some_rows_compare_with_another_period():
    """Cumulative indicators compare with the same period last year, the others with
    the previous period: the heading names the commoner, the others note their own."""
    report = ealing_q2_report()
    assert report_layout(report).headings.direction == "Direction of travel (vs Quarter 1 2011/12)"
    cumulative = report.themes[0].rows[0]
    report.themes[0].rows[0] = dataclasses.replace(cumulative, direction_against="2010/11 Q2")
    layout = report_layout(report)
    assert layout.headings.direction == "Direction of travel (vs Quarter 1 2011/12, unless noted)"
    notes = {view.row.code: view.direction_note for s in layout.sections for view in s.rows}
    assert notes[cumulative.code] == "vs 2010/11 Q2"
    assert {note for code, note in notes.items() if code != cumulative.code} == {""}


def test_html_report_counts_statuses_per_theme(html):
    summary = html[html.index('id="summary"') : html.index('id="highlights"')]
    safety = re.search(r"#theme-safety\">Safety</a></th>(.*?)</tr>", summary, re.S).group(1)

    counts = re.findall(r">(\d+)</td>", safety)
    assert counts == ["9", "0", "1", "1", "11"]


def test_html_report_key_states_the_policy_and_forecast_methods(html):
    report = ealing_q2_report()

    assert escape(report.policy) in html
    assert "Straight-line: year to date ÷ months elapsed × 12." in html
    for status in Status:
        assert status.label in html


def test_html_report_shows_commentary_in_a_details_component(html):
    row_end = html.index(
        "</tr>", html.index(">Local 21</th>", html.index('id="table-theme-safety"'))
    )
    after = html[row_end : row_end + 1200]

    assert '<details class="govuk-details rt-commentary">' in after
    assert "Overall the highlight indicators within the Safety theme are performing well." in after


def test_html_report_lists_the_data_issues(html):
    issues = html[html.index('id="data-issues"') :]

    assert "hate crime" in issues
    assert "Indicator replaced" in issues
    assert "Not yet decided" in issues


def test_html_report_links_to_the_downloads(html):
    assert 'href="/performance/report.pdf?period=2011/12%20Q2"' in html
    assert 'href="/performance/report.xlsx?period=2011/12%20Q2"' in html
    assert 'href="/performance/report.json?period=2011/12%20Q2"' in html


def test_html_report_without_download_urls_has_no_download_links():
    html = _html(downloads={})

    assert "Download this report" not in html


def test_internal_report_says_it_may_include_unapproved_figures(html):
    assert INTERNAL_VERSION in html


def test_public_report_says_it_is_the_public_version():
    html = _html(ealing_q2_report(public=True), downloads={})

    assert PUBLIC_VERSION in html
    assert INTERNAL_VERSION not in html


def test_html_report_escapes_indicator_names():
    report = ealing_q2_report()
    report.themes[0].rows[0].name = "<script>alert(1)</script>"

    html = _html(report, downloads={})

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# PDF ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(long_report())


@pytest.fixture(scope="module")
def pdf_pages(pdf) -> list[str]:
    """Each page's text, with the line breaks inside table headings made spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_pdf_is_a_pdf(pdf):
    assert pdf.startswith(b"%PDF")


def test_pdf_runs_over_several_pages(pdf_pages):
    assert len(pdf_pages) >= 2


def test_pdf_cover_has_the_title_and_the_key(pdf_pages):
    cover = pdf_pages[0]

    assert "Ealing Local Strategic Partnership" in cover
    assert "Performance report" in cover
    assert "Quarter 2 2011/12" in cover
    assert "Key" in cover
    assert "Performance below target" in cover
    assert "How status is judged" in cover
    assert INTERNAL_VERSION in cover


def test_pdf_repeats_the_table_headings_on_every_page_of_a_table(pdf_pages):
    # long_report() repeats each theme's rows with codes like "NI 123 #2".
    table_pages = [text for text in pdf_pages if re.search(r" #[2-4]\b", text)]

    assert len(table_pages) > len(ealing_q2_report().themes)  # the tables run over pages
    for text in table_pages:
        assert "Polarity" in text
        assert "Year-end forecast" in text
        assert "Lead agency" in text


def test_pdf_numbers_its_pages(pdf_pages):
    total = len(pdf_pages)

    assert f"Page 2 of {total}" in pdf_pages[1]
    assert f"Page {total} of {total}" in pdf_pages[-1]


def test_pdf_marks_the_estimate_and_missing_figures(pdf_pages):
    text = "\n".join(pdf_pages)

    assert "421 (est)" in text
    assert "N/A" in text


@pytest.fixture(scope="module")
def pdf_in_parts() -> bytes:
    return render_pdf(long_report(), processes=2)


@pytest.fixture(scope="module")
def parts_pages(pdf_in_parts) -> list[str]:
    return [
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf_in_parts)).pages
    ]


def test_pdf_parts_keep_order_and_balance_the_rows():
    layout = report_layout(long_report())
    parts = pdf_parts(layout, 2)

    assert len(parts) == 2
    assert [s.theme for p in parts for s in p.sections] == [s.theme for s in layout.sections]
    assert (parts[0].cover, parts[0].highlights, parts[0].issues) == (True, True, False)
    assert (parts[1].cover, parts[1].highlights, parts[1].issues) == (False, False, True)
    assert not any(p.numbered for p in parts)
    rows = [sum(len(s.rows) for s in p.sections) for p in parts]
    assert min(rows) > 0
    assert pdf_parts(layout, 1) == [PdfPart(sections=layout.sections)]


def test_a_pdf_in_parts_is_numbered_across_the_whole_document(parts_pages):
    total = len(parts_pages)

    assert total > 3
    for number, text in enumerate(parts_pages, start=1):
        assert text.count(f"Page {number} of {total}") == 1, number


def test_a_pdf_in_parts_has_the_cover_first_and_the_data_issues_last(parts_pages, pdf_pages):
    assert "How status is judged" in parts_pages[0]
    assert "Data issues" in parts_pages[-1]
    assert INTERNAL_VERSION in parts_pages[-1]  # the running footer continues into part 2
    # Same content as the single-process PDF, page by page, apart from the numbers.
    assert len(parts_pages) == len(pdf_pages)


def test_a_pdf_in_parts_repeats_table_headings_and_keeps_its_title(pdf_in_parts, parts_pages):
    table_pages = [text for text in parts_pages if re.search(r" #[2-4]\b", text)]
    assert len(table_pages) > len(ealing_q2_report().themes)
    for text in table_pages:
        assert "Year-end forecast" in text
    assert PdfReader(io.BytesIO(pdf_in_parts)).metadata.title == long_report().title


def test_a_pdf_whose_worker_dies_is_laid_out_in_one_piece(monkeypatch):
    import concurrent.futures

    class Broken(concurrent.futures.ProcessPoolExecutor):
        def submit(self, *args, **kwargs):
            raise concurrent.futures.process.BrokenProcessPool("worker died")

    monkeypatch.setattr("roundtable.performance.renderers.ProcessPoolExecutor", Broken)
    pages = PdfReader(io.BytesIO(render_pdf(long_report(), processes=2))).pages
    text = " ".join(pages[-1].extract_text().split())
    assert f"Page {len(pages)} of {len(pages)}" in text


# XLSX --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook():
    return load_workbook(io.BytesIO(render_xlsx(ealing_q2_report())))


def _find(sheet: Worksheet, code: str, header: str):
    headers = [cell.value for cell in sheet[1]]
    column = headers.index(header) + 1
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == code:
            return sheet.cell(row=row[0].row, column=column)
    raise AssertionError(f"no row for {code}")


def test_xlsx_has_a_summary_highlights_a_sheet_per_theme_and_data_issues(workbook):
    assert workbook.sheetnames == [
        "Summary",
        "Highlights",
        "Health",
        "Safety",
        "Prosperity",
        "High Quality of Life",
        "Data issues",
    ]


def test_xlsx_figures_are_numbers_with_the_estimate_flagged_apart(workbook):
    cell = _find(workbook["Health"], "NI 123", "Quarter 2 2011/12")

    assert cell.value == 421
    assert isinstance(cell.value, int | float)
    assert cell.number_format == "#,##0"
    assert _find(workbook["Health"], "NI 123", "Estimated").value == "Yes"
    assert _find(workbook["Health"], "NI 130", "Estimated").value == "No"


def test_xlsx_percentages_keep_their_points_and_decimals(workbook):
    cell = _find(workbook["Health"], "NI 142", "Quarter 2 2011/12")

    assert cell.value == pytest.approx(98.69)
    assert cell.number_format == '#,##0.00"%"'


def test_xlsx_missing_figures_are_blank_not_zero(workbook):
    assert _find(workbook["Health"], "Local 33", "Quarter 2 2011/12").value is None
    assert _find(workbook["Health"], "Local 33", "2010/11 (last year)").value is None


def test_xlsx_notes_a_direction_compared_with_another_period_than_its_heading():
    """The heading says "unless noted", so the row must note it: a cumulative figure
    compared with the same quarter last year read as if compared with the column's
    quarter, and its arrow then contradicted the figures beside it."""
    report = ealing_q2_report()
    cumulative = report.themes[0].rows[0]
    report.themes[0].rows[0] = dataclasses.replace(cumulative, direction_against="2010/11 Q2")
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = book[report.themes[0].theme]
    header = "Direction of travel (vs Quarter 1 2011/12, unless noted)"
    noted = _find(sheet, cumulative.code, header).value
    assert noted == f"{cumulative.direction.arrow} {cumulative.direction.label} vs 2010/11 Q2"
    other = report.themes[0].rows[1]
    assert _find(sheet, other.code, header).value == (
        f"{other.direction.arrow} {other.direction.label}"
    )


def test_xlsx_status_cells_have_rag_fill_and_words(workbook):
    sheet = workbook["Safety"]
    red = _find(sheet, "NI 45", "Status")
    green = _find(sheet, "Local 21", "Status")

    assert red.value == Status.BELOW_TARGET.label
    assert red.fill.fgColor.rgb.endswith(RAG_COLOURS["red"].fill)
    assert green.value == Status.ON_TARGET.label
    assert green.fill.fgColor.rgb.endswith(RAG_COLOURS["green"].fill)


def test_xlsx_freezes_the_header_row(workbook):
    assert workbook["Health"].freeze_panes == "C2"
    assert workbook["Data issues"].freeze_panes == "A2"


def test_xlsx_summary_counts_statuses_and_states_the_policy(workbook):
    values = [
        [cell.value for cell in row] for row in workbook["Summary"].iter_rows() if row[0].value
    ]

    assert ["Safety", 9, 0, 1, 1, 11] in values
    assert any(ealing_q2_report().policy in row for row in values)


def test_xlsx_data_issues_keep_the_raised_date(workbook):
    sheet = workbook["Data issues"]

    assert sheet["A2"].value == "NI 15"
    assert sheet["G2"].value.date().isoformat() == "2012-01-16"


def test_sheet_name_removes_forbidden_characters_and_fits_31_characters():
    taken: set[str] = set()

    name = sheet_name("Health [and] Wellbeing: Children/Young People?*", taken)

    assert len(name) <= 31
    assert not set(name) & set("[]:*?/\\")


def test_sheet_name_is_unique():
    taken: set[str] = {"summary"}

    assert sheet_name("Summary", taken) == "Summary (2)"


def test_number_format_for_pounds_and_rates():
    assert number_format(0, "£") == '"£"#,##0;-"£"#,##0'
    assert number_format(2, "rate per 10,000") == "#,##0.00"


# JSON --------------------------------------------------------------------------------


def test_render_json_gives_numbers_and_the_estimate_flag():
    rows = {row["code"]: row for row in render_json(ealing_q2_report())}

    assert rows["NI 123"]["actual"] == 421
    assert rows["NI 123"]["estimated"] is True
    assert rows["Local 33"]["actual"] is None


def test_html_document_renders_without_a_request():
    html = render_html_document(ealing_q2_report(), downloads={})

    assert html.startswith("<!DOCTYPE html>")
    assert "421 (est)" in html


def test_a_large_pdf_is_laid_out_in_one_process_inside_a_threaded_server():
    import threading

    from roundtable.performance.renderers import _processes, report_layout

    layout = report_layout(long_report(), chart_width=64, chart_height=20)
    seen: dict[str, int] = {}
    worker = threading.Thread(target=lambda: seen.setdefault("n", _processes(layout)))
    worker.start()
    worker.join()
    assert seen["n"] == 1


# Reading the report on any screen (issue 11, item 1) -------------------------------------


def test_every_figure_cell_is_labelled_with_its_column_for_phones(html):
    """On a phone each row stacks; each cell shows its column's heading (data-label)."""
    row = _row_html(html, "NI 123", "table-highlights")
    cells = re.findall(r"<td([^>]*)>", row)
    assert cells
    assert all("data-label=" in attributes for attributes in cells)
    labels = re.findall(r'data-label="([^"]*)"', row)
    assert labels[:3] == ["Indicator", "Polarity", "Frequency"]
    assert {"Target", "Status"} <= set(labels)
    assert "" not in labels


def test_each_wide_table_scrolls_in_a_focusable_region_with_a_hint(html):
    regions = re.findall(r'<div class="rt-table-scroll"([^>]*)>', html)
    assert regions
    for attributes in regions:
        assert 'tabindex="0"' in attributes
        assert 'role="region"' in attributes
        hint = re.search(r'aria-describedby="([^"]+)"', attributes).group(1)
        assert f'id="{hint}">Scroll the table sideways to see every column' in html


def test_a_report_without_illustrative_figures_says_nothing_about_them(html):
    assert "Some figures on this page are illustrative" not in html
    assert "Illustrative figures</span>" not in html


def test_a_report_with_illustrative_figures_says_so_at_the_top_and_on_each_row():
    report = ealing_q2_report()
    report.rows[0].illustrative = True
    page = _html(report)
    banner = page.index("Some figures on this page are illustrative")
    assert banner < page.index("<h1")
    assert "1 indicator on this page shows figures made up" in page
    assert f'{report.rows[0].code}<span class="rt-note">Illustrative figures</span>' in page


def test_the_pdf_cover_says_when_figures_are_illustrative():
    report = ealing_q2_report()
    report.rows[1].illustrative = True
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(report))).pages[:1])
    assert "Some figures are illustrative" in text
    assert report.rows[1].code in text


YEAR_END_NOTE = "The pack's year-end figure is used."


def _noted(report, noted: Callable[[int], tuple[bool, tuple[str, ...], str]]):
    """`report` with its rows coded Local 1, Local 2... and each row's notes for the
    cover (illustrative figures, illustrative settings, a source note) as
    `noted(index)` gives them."""
    index = 0
    for section in report.themes:
        rows = []
        for row in section.rows:
            illustrative, settings, note = noted(index)
            rows.append(
                dataclasses.replace(
                    row,
                    code=f"Local {index + 1}",
                    illustrative=illustrative,
                    illustrative_settings=settings,
                    source_note=note,
                )
            )
            index += 1
        section.rows = rows
    return report


def _pdf_text(report) -> list[str]:
    pdf = render_pdf(report)
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _as_in_the_demo(index: int) -> tuple[bool, tuple[str, ...], str]:
    settings = ("tolerance",) if index < 35 else ()
    settings += ("frequency",) if index < 3 else ()
    settings += ("lead_agency",) if index < 2 else ()
    return index < 32, settings, YEAR_END_NOTE if index < 19 else ""


def test_pdf_cover_keeps_its_key_whole_beside_the_demonstrations_notes():
    # With the Ealing demo's notes on the cover (32 indicators with illustrative figures,
    # 35 with an illustrative tolerance, 3 frequencies, 2 lead agencies, 19 differing from
    # the source paper), the key's last line went over onto a second page of its own.
    report = _noted(long_report(copies=2), _as_in_the_demo)
    assert len(report.rows) >= 35
    pages = _pdf_text(report)
    assert "it never means zero" in pages[0]
    assert "Highlight indicators" in pages[1]


def test_a_pdf_key_that_cannot_fit_on_the_cover_moves_to_the_next_page_whole():
    # More notes than the demo's: the key was split, its last lines alone on page 2.
    every_note = (True, ("tolerance", "frequency", "lead_agency"), YEAR_END_NOTE)
    pages = _pdf_text(_noted(long_report(copies=3), lambda index: every_note))
    (with_key,) = [number for number, page in enumerate(pages) if "How status is judged" in page]
    assert "it never means zero" in pages[with_key]  # the key's last words
