"""Where a page's figures differ from the source paper, impossible forecasts, and
settings made up for a demonstration: each is said on the page, not only in docs/."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from roundtable.core.imports import ImportFailed, read_table
from roundtable.performance import rules
from roundtable.performance.imports import import_indicators
from roundtable.performance.models import Indicator
from roundtable.performance.renderers import render_html, render_pdf
from roundtable.performance.services import approve_all_figures
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory
from roundtable.performance.tests.report_fixtures import ealing_q2_report

D = Decimal


def _html(report) -> str:
    request = RequestFactory().get("/performance/report/", {"period": "2011/12 Q2"})
    request.user = AnonymousUser()
    request.partnership = None
    return render_html(request, report).content.decode()


# Rules -----------------------------------------------------------------------------------


def test_a_percentage_forecast_above_100_cannot_follow_from_the_figures():
    note = rules.forecast_problem(D("129.12"), unit="%")
    assert note == "Not forecast: the method gives 129.12%, and a percentage cannot be above 100%"


def test_a_possible_forecast_or_one_that_is_not_a_percentage_is_left_alone():
    assert rules.forecast_problem(D("74.70"), unit="%") == ""
    assert rules.forecast_problem(D("100"), unit="%") == ""
    assert rules.forecast_problem(D("1804"), unit="count") == ""
    assert rules.forecast_problem(None, unit="%") == ""
    assert "below 0%" in rules.forecast_problem(D("-1"), unit="%")


def test_illustrative_settings_are_read_in_a_fixed_order():
    assert rules.parse_illustrative_settings("Lead agency; TOLERANCE,") == (
        "tolerance",
        "lead_agency",
    )
    assert rules.parse_illustrative_settings("") == ()


def test_an_unknown_illustrative_setting_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="'colour' is not a setting that can be illustrative"):
        rules.parse_illustrative_settings("tolerance; colour")


def test_illustrative_settings_in_words():
    assert rules.illustrative_setting_words(("tolerance",)) == "Illustrative tolerance"
    assert rules.illustrative_setting_words(("tolerance", "frequency", "lead_agency")) == (
        "Illustrative tolerance, frequency and lead agency"
    )
    assert rules.illustrative_setting_words(()) == ""
    assert rules.stored_illustrative_settings("tolerance; retired") == ("tolerance",)


# The report page (no database) ----------------------------------------------------------


def test_the_banner_fires_when_only_a_setting_on_the_page_is_illustrative():
    report = ealing_q2_report()
    assert not report.illustrative_codes
    report.rows[0].illustrative_settings = ("tolerance",)
    page = _html(report)
    banner = page.index("Some settings on this page are illustrative")
    assert banner < page.index("<h1")
    assert (
        "The tolerance is made up for the demonstration, not taken from the partnership's papers, for 1 indicator: "
        in page
    )
    assert '<span class="rt-note">Illustrative tolerance</span>' in page


def test_a_report_with_no_illustrative_setting_or_figure_has_no_banner():
    page = _html(ealing_q2_report())
    assert "on this page are illustrative" not in page
    assert "Illustrative tolerance" not in page


def test_the_report_says_where_and_why_a_figure_differs_from_the_source_paper():
    report = ealing_q2_report()
    report.rows[1].source_note = "The paper's year to date runs to October."
    page = _html(report)
    assert '<a class="govuk-link" href="#source-notes">Differs from the source paper</a>' in page
    section = page.index('id="source-notes">Where this page differs from the source paper')
    assert page.index("The paper&#x27;s year to date runs to October.", section)


def test_a_report_without_source_notes_has_no_such_section():
    assert 'id="source-notes"' not in _html(ealing_q2_report())


def test_the_pdf_cover_names_the_indicators_and_the_notes_close_the_report():
    """The notes ran on as one paragraph over the cover (a page and a half of the
    demo's before any figure): the cover now counts them, the end lists them."""
    report = ealing_q2_report()
    report.rows[0].source_note = "The paper's year to date runs to October."
    report.rows[1].source_note = "The paper gives no direction of travel."
    first, second = report.rows[0].code, report.rows[1].code
    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(render_pdf(report))).pages
    ]

    assert (
        f"Where this report differs from the source paper: 2 indicators ({first}, {second})"
        in pages[0]
    )
    assert "runs to October" not in pages[0]
    end = pages[-1]
    assert "Where this report differs from the source paper" in end
    assert end.index(f"{first} The paper's year to date runs to October.") < end.index(
        f"{second} The paper gives no direction of travel."
    )


def test_a_pdf_without_source_notes_has_no_such_section():
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(render_pdf(ealing_q2_report()))).pages
    )
    assert "differs from the source paper" not in text


def test_an_impossible_forecast_shows_why_in_its_cell():
    report = ealing_q2_report()
    report.rows[0].forecast = None
    report.rows[0].forecast_note = "Not forecast: the method gives 129.12%"
    page = _html(report)
    assert '<span class="rt-note">Not forecast: the method gives 129.12%</span>' in page


# With the database -----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_report_page_gives_no_impossible_forecast(session, partnership, council):
    running = IndicatorFactory(
        partnership=partnership,
        lead_agency=council,
        code="NI 130",
        unit="%",
        decimals=2,
        frequency="quarterly",
        aggregation="latest",
        cumulative=True,
    )
    IndicatorValueFactory(indicator=running, period="2011/12 Q1", actual=D("32.28"))
    IndicatorValueFactory(indicator=running, period="2011/12", target=D("32"))
    approve_all_figures(partnership)
    page = session.get(reverse("performance:report"), {"period": "2011/12 Q1"}, follow=True)
    assert "Not forecast: the method gives 129.12%, and a percentage cannot be above 100%" in (
        page.text
    )
    assert "129.12%</td>" not in page.text


@pytest.mark.django_db
def test_the_indicator_page_labels_illustrative_settings_and_source_differences(
    session, partnership, council
):
    indicator = IndicatorFactory(
        partnership=partnership,
        lead_agency=council,
        tolerance=D(5),
        illustrative_settings="tolerance",
        source_note="The paper's year to date is 37.65%.",
    )
    page = session.get(indicator.get_absolute_url(), follow=True).text
    assert "Where these figures differ from the source paper" in page
    assert "The paper&#x27;s year to date is 37.65%." in page
    tolerance = page.index(">Tolerance</dt>")
    assert page.index('govuk-tag--grey">Illustrative</strong>', tolerance) < page.index(
        ">Lead agency</dt>"
    )


@pytest.mark.django_db
def test_an_indicator_with_nothing_illustrative_says_nothing(session, partnership, council):
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
    page = session.get(indicator.get_absolute_url(), follow=True).text
    assert "Illustrative</strong>" not in page
    assert "differ from the source paper" not in page


HEADER = "code,name,theme,polarity,frequency,unit,cumulative,lead_agency,tolerance"


@pytest.mark.django_db
def test_the_import_reads_source_notes_and_illustrative_settings(partnership, council):
    text = f"{HEADER},source_note,illustrative_settings\n"
    text += "NI 1,One,Health,higher,quarterly,count,no,,5%,Differs.,Tolerance; frequency\n"
    import_indicators(read_table(io.BytesIO(text.encode()), "i.csv"), partnership, None)
    indicator = Indicator.objects.get(code="NI 1")
    assert (indicator.source_note, indicator.illustrative_settings) == (
        "Differs.",
        "tolerance; frequency",
    )


@pytest.mark.django_db
def test_the_import_refuses_an_unknown_illustrative_setting(partnership, council):
    text = f"{HEADER},illustrative_settings\nNI 1,One,Health,higher,quarterly,count,no,,5%,speed\n"
    with pytest.raises(ImportFailed) as failed:
        import_indicators(read_table(io.BytesIO(text.encode()), "i.csv"), partnership, None)
    assert "Row 2, illustrative_settings: 'speed' is not a setting" in str(failed.value)
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_the_indicator_page_names_its_periods_in_words(client, partnership, council, board_member):
    indicator = IndicatorFactory(partnership=partnership, lead_agency=council)
    IndicatorValueFactory(indicator=indicator, period="2011-07", actual=D(12))
    IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=D(30))
    client.force_login(board_member)
    page = client.get(indicator.get_absolute_url(), follow=True).text
    assert '<td class="govuk-table__cell">July 2011</td>' in page
    assert '<td class="govuk-table__cell">Quarter 2 2011/12</td>' in page
    assert ">2011-07<" not in page
