"""The quarterly report reproduces the Ealing pack's rows, in a fixed number of queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.core.imports import read_table
from roundtable.performance.imports import import_data_issues, import_indicators, import_values
from roundtable.performance.periods import parse_period
from roundtable.performance.queries import build_report
from roundtable.performance.report import report_json
from roundtable.performance.services import approve_all_figures
from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

EALING = Path(__file__).resolve().parents[2] / "demo" / "data" / "ealing"
Q2 = parse_period("2011/12 Q2")


@pytest.fixture
def ealing(partnership):
    for name, importer in (
        ("performance-indicators.csv", import_indicators),
        ("performance-values.csv", import_values),
        ("performance-data-issues.csv", import_data_issues),
    ):
        importer(read_table(EALING / name), partnership, None)
    return partnership


def rows_by_code(partnership, **kwargs) -> dict[str, dict]:
    return {row["code"]: row for row in report_json(build_report(partnership, Q2, **kwargs))}


def test_stopping_smoking_row_matches_the_pack(ealing):
    row = rows_by_code(ealing)["NI 123"]
    assert row == {
        "code": "NI 123",
        "name": "Stopping Smoking",
        "theme": "Health",
        "lead_agency": "NHS Ealing",
        "polarity": "higher",
        "frequency": "quarterly",
        "actual": 421,
        "estimated": True,
        "target": 420,
        "previous_actual": 481,
        "status": "on_target",
        "direction": "declining",
        "direction_against_period": "2011/12 Q1",
        "direction_against_actual": 481,
        "ytd": 902,
        "year_end_target": 1964,
    }


@pytest.mark.parametrize(
    ("code", "direction"),
    [
        ("NI 155", "improving"),
        ("NI 156", "improving"),
        ("NI 192", "declining"),
        ("NI 45", "declining"),
        ("NI 66", "declining"),
        ("NI 67", "improving"),
        ("Local 21", "improving"),
        ("Local 23 b", "declining"),
        ("NI 117", "declining"),
        ("NI 195 c", "no_change"),
    ],
)
def test_directions_of_travel_match_the_pack(ealing, code, direction):
    assert rows_by_code(ealing)[code]["direction"] == direction


def test_the_json_says_what_each_direction_was_worked_out_against(partnership):
    """`previous_actual` is always the previous quarter's; a cumulative indicator's
    direction compares with the same quarter last year, so the JSON names the period
    and the figure the direction was worked out against."""
    cumulative = IndicatorFactory(
        partnership=partnership, code="Local 1", cumulative=True, aggregation="latest"
    )
    plain = IndicatorFactory(partnership=partnership, code="Local 2")
    for indicator, figures in (
        (cumulative, {"2010/11 Q2": "30", "2011/12 Q1": "10", "2011/12 Q2": "20"}),
        (plain, {"2010/11 Q2": "30", "2011/12 Q1": "10", "2011/12 Q2": "20"}),
    ):
        for period, actual in figures.items():
            IndicatorValueFactory(indicator=indicator, period=period, actual=actual)
    rows = rows_by_code(partnership)

    # Year to date: 20 by Q2 is worse than 30 by Q2 last year, though more than Q1's 10.
    assert rows["Local 1"]["previous_actual"] == 10
    assert rows["Local 1"]["direction"] == "declining"
    assert rows["Local 1"]["direction_against_period"] == "2010/11 Q2"
    assert rows["Local 1"]["direction_against_actual"] == 30
    # Not cumulative: compared with the previous quarter, the previous actual.
    assert rows["Local 2"]["previous_actual"] == 10
    assert rows["Local 2"]["direction"] == "improving"
    assert rows["Local 2"]["direction_against_period"] == "2011/12 Q1"
    assert rows["Local 2"]["direction_against_actual"] == 10


def test_a_direction_without_a_period_to_compare_names_none(partnership):
    """An annual indicator before Q4 has no figure for the report, so no direction."""
    IndicatorFactory(partnership=partnership, code="Local 30", frequency="annual")
    row = rows_by_code(partnership)["Local 30"]
    assert row["direction"] == "not_comparable"
    assert row["direction_against_period"] is None
    assert row["direction_against_actual"] is None


def test_missing_figures_are_null_never_zero(ealing):
    row = rows_by_code(ealing)["Local PROS-1"]
    assert row["actual"] is None
    assert row["status"] == "not_assessed"
    assert row["direction"] == "not_comparable"


def test_retired_indicators_are_not_in_the_report_but_their_issues_are(ealing):
    report = build_report(ealing, Q2)
    assert "NI 15" not in {row.code for row in report.rows}
    replaced = next(issue for issue in report.data_issues if issue.code == "NI 15")
    assert set(replaced.replaced_by) == {"Local 21", "Local 25", "Local 26", "Local 27"}


def test_highlights_come_first_and_rag_counts_add_up(ealing):
    report = build_report(ealing, Q2)
    assert {row.code for row in report.highlights} >= {"NI 155", "Local 21", "Local 31"}
    for section in report.themes:
        assert sum(section.counts.values()) == len(section.rows)


def test_public_report_shows_only_approved_figures_and_public_indicators(ealing):
    assert rows_by_code(ealing, public=True)["NI 123"]["actual"] is None
    approve_all_figures(ealing)
    ealing.indicators.filter(code="NI 62").update(is_public=False)
    public = rows_by_code(ealing, public=True)
    assert public["NI 123"]["actual"] == 421
    assert "NI 62" not in public


def test_report_queries_do_not_grow_with_the_number_of_indicators(partnership):
    def queries_for(count: int) -> int:
        for _ in range(count):
            indicator = IndicatorFactory(partnership=partnership)
            IndicatorValueFactory(indicator=indicator, period="2011/12 Q1", actual=1)
            IndicatorValueFactory(indicator=indicator, period="2011/12 Q2", actual=2, target=2)
        with CaptureQueriesContext(connection) as context:
            build_report(partnership, Q2)
        return len(context)

    queries_for(1)  # the partnership's slug (for the rows' addresses): asked once, remembered
    # settings, indicators, values, commentary, data issues (+ their prefetch)
    assert queries_for(2) == queries_for(18)


def test_an_annual_indicator_shows_no_outturn_before_the_years_last_quarter(ealing):
    # The demo has an illustrative 2011/12 outturn for Local 30 (2,455); the pack's
    # Quarter 2 row shows only the 2010/11 outturn (2,382), in the last-year column.
    q2 = {r.code: r for s in build_report(ealing, Q2).themes for r in s.rows}["Local 30"]
    assert (q2.actual.value, q2.previous.value, q2.target, q2.ytd) == (None, None, None, None)
    assert (q2.baseline.value, q2.baseline_period) == (2382, "2010/11")
    assert (q2.status.value, q2.direction.value) == ("not_assessed", "not_comparable")
    q4 = build_report(ealing, parse_period("2011/12 Q4"))
    row = {r.code: r for s in q4.themes for r in s.rows}["Local 30"]
    assert (row.actual.value, row.previous.value) == (2455, 2382)
