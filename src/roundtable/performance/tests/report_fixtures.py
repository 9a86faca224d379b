"""A `Report` built by hand from the Ealing LSP 2011/12 Quarter 2 performance report
(Executive Board pack, January 2012), for testing the renderers without a database.

The figures, names, polarities, frequencies and lead agencies are the pack's; units,
decimals, aggregations and tolerances follow `demo/data/ealing/performance-indicators.csv`.
Status and the forecasts are worked out with `rules.py`; the directions of travel are
the pack's arrows. Where the pack has a blank, "N/A" or "Not Reported" the figure is
missing (None). The trend lines use only figures the pack gives.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from roundtable.performance.periods import Frequency, Period
from roundtable.performance.report import (
    Commentary,
    Figure,
    IssueRow,
    Report,
    ReportRow,
    ThemeSection,
)
from roundtable.performance.rules import (
    Aggregation,
    Direction,
    Polarity,
    Tolerance,
    describe_policy,
    forecast_method,
    on_track,
    pro_rata_target_to_date,
    status,
    year_end_forecast,
)

PERIOD = Period.quarter(2011, 2)
GENERATED_AT = datetime.datetime(2012, 1, 10, 9, 30, tzinfo=datetime.UTC)
MONTHS = ("2011-07", "2011-08", "2011-09")
ARROWS = {
    "↑": Direction.IMPROVING,
    "↓": Direction.DECLINING,
    "→": Direction.NO_CHANGE,
    "N/A": Direction.NOT_COMPARABLE,
}
HIGHLIGHTS = (
    "Local 31",
    "Local 30",
    "Local 21",
    "Local 25",
    "Local 26",
    "Local 27",
    "NI 155",
    "Local 35 (male)",
    "Local 35 (female)",
)
HIGHER, LOWER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER
MONTHLY, QUARTERLY = Frequency.MONTHLY, Frequency.QUARTERLY
FOUR_MONTHLY, ANNUAL = Frequency.FOUR_MONTHLY, Frequency.ANNUAL
SUM, LATEST, MEAN = Aggregation.SUM, Aggregation.LATEST, Aggregation.MEAN
FIVE_PERCENT = Tolerance.percent(5)


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def row(
    code: str,
    name: str,
    theme: str,
    polarity: Polarity,
    frequency: Frequency,
    unit: str,
    decimals: int,
    lead_agency: str,
    figures: tuple[str | None, ...],
    direction: str,
    *,
    aggregation: Aggregation = SUM,
    cumulative: bool = False,
    tolerance: Tolerance = FIVE_PERCENT,
    estimated: bool = False,
    commentary: Commentary | None = None,
) -> ReportRow:
    """One row of the pack's tables. `figures` are the pack's columns in order:
    2010/11, Quarter 1, Jul-11, Aug-11, Sep-11, Quarter 2, Quarter 2 Target, Year to
    Date, Year End Target (None for a blank, "N/A" or "Not Reported")."""
    baseline, q1, jul, aug, sep, q2, target, ytd, year_end = (_d(f) for f in figures)
    months = [jul, aug, sep]
    forecast = year_end_forecast(PERIOD, ytd, aggregation=aggregation, cumulative=cumulative)
    if frequency is MONTHLY:
        trend = list(zip(MONTHS, months, strict=True))
    elif frequency is ANNUAL:
        trend = [("2010/11", baseline)]
    else:
        trend = [("2011/12 Q1", q1), ("2011/12 Q2", q2)]
    previous_period = "Quarter 1 2011/12"
    if frequency is FOUR_MONTHLY:
        # The pack's Quarter 1 and Quarter 2 columns are the survey's tranches 1 and 2.
        previous_period = "Tranche 1 2011/12"
    return ReportRow(
        code=code,
        name=name,
        theme=theme,
        lead_agency=lead_agency,
        polarity=polarity,
        frequency=frequency,
        unit=unit,
        decimals=decimals,
        highlight=code in HIGHLIGHTS,
        cumulative=cumulative,
        baseline=Figure(baseline),
        baseline_period="2010/11",
        previous=Figure(q1),
        previous_period=previous_period,
        months=(
            [(label, Figure(value)) for label, value in zip(MONTHS, months, strict=True)]
            if frequency is MONTHLY
            else []
        ),
        actual=Figure(q2, estimated=estimated),
        target=target,
        ytd=ytd,
        ytd_target=pro_rata_target_to_date(
            PERIOD, year_end, aggregation=aggregation, cumulative=cumulative
        ),
        year_end_target=year_end,
        forecast=forecast,
        on_track=on_track(forecast, year_end, polarity),
        status=status(q2, target, polarity, tolerance),
        direction=ARROWS[direction],
        direction_against="Quarter 1 2011/12",
        trend=trend,
        commentary=commentary or Commentary(),
        url=f"/performance/indicators/{code.lower().replace(' ', '-')}/",
    )


def _health() -> list[ReportRow]:
    t = "Health"
    return [
        row(
            "NI 123", "Stopping Smoking", t, HIGHER, QUARTERLY, "count", 0, "NHS Ealing",
            ("1732", "481", None, None, None, "421", "420", "902", "1964"), "↓",
            estimated=True,
        ),
        row(
            "NI 130",
            "Number of adults (aged 18+), older people and carers (aged 16+ but caring for "
            "an adult 18+) receiving self directed support in the year to 31 st March as a "
            "percentage of clients receiving community based services and carers receiving "
            "carer's specific services",
            t, HIGHER, MONTHLY, "%", 2, "Ealing Council",
            ("30.30", "32.28", "33.39", "34.95", "37.35", "37.35", "15.50", "37.65", "32.00"),
            "N/A", aggregation=LATEST, cumulative=True,
        ),
        row(
            "NI 135",
            "The number of carers whose needs were assessed or reviewed by the council in a "
            "year who received a specific carer's service, or advice and information in the "
            "same year as a percentage of people receiving a community based service in the "
            "year",
            t, HIGHER, MONTHLY, "%", 2, "Ealing Council",
            ("18.20", "8.23", "9.09", "10.23", "11.74", "11.74", "9.20", "12.31", "18.30"),
            "N/A", aggregation=LATEST, cumulative=True,
        ),
        row(
            "NI 142",
            "Percentage of vulnerable people who are supported to maintained independent "
            "living",
            t, HIGHER, MONTHLY, "%", 2, "Ealing Council",
            ("98.86", "98.65", None, None, None, "98.69", "98.90", None, "98.90"),
            "N/A", aggregation=MEAN, tolerance=Tolerance.absolute(1),
        ),
        row(
            "Local 1",
            "People aged 65 and over admitted on permanent basis to residential or nursing "
            "home care (per 10,000)",
            t, LOWER, MONTHLY, "rate per 10,000", 2, "Ealing Council",
            ("34.12", "7.03", "11.82", "14.07", "17.16", "17.16", "18.96", "19.13", "36.12"),
            "N/A", aggregation=LATEST, cumulative=True,
        ),
        row(
            "Local 2",
            "People aged 18 to 64 admitted on a permanent basis to residential or nursing "
            "home care (per 10,000)",
            t, LOWER, MONTHLY, "rate per 10,000", 2, "Ealing Council",
            ("0.98", "0.19", "0.19", "0.23", "0.37", "0.37", "0.59", "0.42", "1.17"),
            "N/A", aggregation=LATEST, cumulative=True, tolerance=Tolerance.percent(10),
        ),
        row(
            "Local 30", "Reduction in number of alcohol-related hospital admissions", t,
            LOWER, ANNUAL, "count", 0, "NHS Ealing",
            ("2382", None, None, None, None, None, None, None, None), "N/A",
        ),
        row(
            "Local 31", "Decrease in percentage of Year 6 children classed as obese.", t,
            LOWER, ANNUAL, "%", 1, "NHS Ealing",
            ("21", None, None, None, None, None, None, None, None), "N/A", aggregation=LATEST,
        ),
        row(
            "Local 32", "Decrease in percentage of under 5s experiencing tooth decay", t,
            LOWER, ANNUAL, "%", 1, "NHS Ealing",
            ("36.3", None, None, None, None, None, None, None, None), "N/A",
            aggregation=LATEST,
        ),
        row(
            "Local 33", "No of Client accessing services", t, HIGHER, ANNUAL, "count", 0,
            "West London Mental Health Trust", (None,) * 9, "N/A",
        ),
    ]  # fmt: skip


def _safety() -> list[ReportRow]:
    t, mps = "Safety", "Metropolitan Police Service"
    performing_well = Commentary(
        progress="Overall the highlight indicators within the Safety theme are performing well."
    )
    return [
        row(
            "Local 21", "Number of Violence incidents Against a Person", t, LOWER, MONTHLY,
            "count", 0, mps,
            ("8114", "2009", "664", "617", "545", "1826", "1989", "4474", "7952"), "↑",
            commentary=performing_well,
        ),
        row(
            "Local 25", "Number of Residential Burglaries", t, LOWER, MONTHLY, "count", 0, mps,
            ("2683", "665", "181", "176", "195", "553", "663", "1459", "2656"), "↑",
        ),
        row(
            "Local 26", "Number of Thefts from Motor Vehicle", t, LOWER, MONTHLY, "count", 0,
            mps, ("4172", "1147", "313", "308", "265", "886", "1032", "2326", "4130"), "↑",
        ),
        row(
            "Local 27", "Number of Thefts from Person", t, LOWER, MONTHLY, "count", 0, mps,
            ("1141", "332", "99", "91", "69", "259", "282", "676", "1130"), "↑",
        ),
        row(
            "NI 45", "Young offenders engaged in employment, education or training", t,
            HIGHER, QUARTERLY, "%", 2, "Ealing Council",
            ("94.00", "94.52", None, None, None, "90.80", "95.00", "90.80", "95.00"), "↓",
            aggregation=LATEST, tolerance=Tolerance.absolute(2),
        ),
        row(
            "NI 62", "Stability of placements of looked after children: number of moves", t,
            LOWER, MONTHLY, "%", 2, "Ealing Council",
            ("9.40", "0.5", "1.8", "3.1", "4.62", "4.62", "5", "5.62", "9.00"), "↑",
            aggregation=LATEST, cumulative=True,
        ),
        row(
            "NI 66",
            "Looked after children cases which are reviewed within required timescales", t,
            HIGHER, MONTHLY, "%", 2, "Ealing Council",
            ("99.40", "99.73", "100.00", "98.73", "98.51", "98.51", "98.00", "99.26", "99.50"),
            "↓", aggregation=MEAN, tolerance=Tolerance.absolute(1),
        ),
        row(
            "NI 67", "Child protection cases which were reviewed within required timescales",
            t, HIGHER, MONTHLY, "%", 2, "Ealing Council",
            ("98.10", "97.80", "100.00", "100.00", "100.00", "100.00", "98.00", "100.00",
             "100"),
            "↑", aggregation=MEAN, tolerance=Tolerance.absolute(1),
        ),
        row(
            "NI 131", "Delayed transfers of care from hospitals", t, LOWER, MONTHLY, "count",
            2, "NHS Ealing",
            ("14.1", "2.9", "4.00", "4.97", "5.87", "5.87", "7.5", "5.87", "15"), "N/A",
            aggregation=LATEST, cumulative=True,
        ),
        row(
            "NI 131 (SS)", "Delayed transfers of care from hospitals (social services)", t,
            LOWER, MONTHLY, "count", 2, "Ealing Council",
            ("4.7", "1.1", "1.50", "1.8", "2.13", "2.13", "2.3", "2.13", "4.6"), "N/A",
            aggregation=LATEST, cumulative=True,
        ),
        row(
            "Local 34", "Serious Youth Violence", t, LOWER, QUARTERLY, "count", 1,
            "Ealing Council", (None, "166.4", None, None, None, "180.6", None, None, None),
            "N/A",
        ),
    ]  # fmt: skip


def _prosperity() -> list[ReportRow]:
    t = "Prosperity"
    downward = Commentary(
        progress="Measures within Prosperity are on a downward trajectory which may be a "
        "reflection of current economic conditions."
    )
    return [
        row(
            "Local 23 b",
            "Number of out of work residents supported to gain work based qualifications", t,
            HIGHER, QUARTERLY, "count", 0, "Ealing Council",
            (None, "19", None, None, None, "1", "8", "20", "45"), "↓",
            tolerance=Tolerance.absolute(2), commentary=downward,
        ),
        row(
            "NI 117",
            "Percentage of 16-18 year olds not in education, employment or training", t,
            LOWER, MONTHLY, "%", 2, "Connexions",
            ("4.40", "3.40", "3.30", "3.40", "4.30", "4.30", "5.30", "3.60", "5.30"), "↓",
            aggregation=MEAN, tolerance=Tolerance.absolute("0.5"),
        ),
    ]  # fmt: skip


def _quality_of_life() -> list[ReportRow]:
    t = "High Quality of Life"
    cleanliness = "Improved Street and Environmental Cleanliness"
    return [
        row(
            "NI 154", "Net additional homes provided", t, HIGHER, QUARTERLY, "count", 0,
            "Ealing Council", ("211", "85", None, None, None, "100", "244", "185", "976"),
            "↑",
        ),
        row(
            "NI 155", "Number of affordable home delivered (gross)", t, HIGHER, MONTHLY,
            "count", 0, "Ealing Council",
            ("166", "2", "76", "30", "38", "144", "133", "189", "351"), "↑",
        ),
        row(
            "NI 156", "Number of Households living in Temporary Accommodation", t, LOWER,
            MONTHLY, "count", 0, "Ealing Council",
            ("1072", "998", "990", "973", "968", "968", "1024", "958", "972"), "↑",
            aggregation=LATEST,
        ),
        row(
            "NI 192", "Household waste composting and recycling", t, HIGHER, MONTHLY, "%", 2,
            "Ealing Council",
            ("40.04", "44.10", "36.23", "44.08", "45.40", "41.34", "42.10", "42.70", "41.00"),
            "↓", aggregation=MEAN,
        ),
        row(
            "NI 195 a", f"{cleanliness} Litter", t, LOWER, FOUR_MONTHLY, "%", 1,
            "Ealing Council", ("6.00", "4", None, None, None, "5", "6", "4.5", "6.00"), "↓",
            aggregation=MEAN, tolerance=Tolerance.absolute(1),
        ),
        row(
            "NI 195 b", f"{cleanliness} Detritus", t, LOWER, FOUR_MONTHLY, "%", 1,
            "Ealing Council", ("5.00", "3", None, None, None, "11", "10", "7", "10.00"), "↓",
            aggregation=MEAN, tolerance=Tolerance.absolute(1),
        ),
        row(
            "NI 195 c", f"{cleanliness} Graffiti", t, LOWER, FOUR_MONTHLY, "%", 1,
            "Ealing Council", ("4.00", "3", None, None, None, "3", "2", "3", "2.00"), "→",
            aggregation=MEAN, tolerance=Tolerance.absolute(1),
        ),
        row(
            "NI 195 d", f"{cleanliness} Fly Posting", t, LOWER, FOUR_MONTHLY, "%", 1,
            "Ealing Council", ("2.00", "3", None, None, None, "3", "2", "3", "2.00"), "→",
            aggregation=MEAN, tolerance=Tolerance.absolute(1),
        ),
        row(
            "Local 35 (male)", "Healthy Life Expectancy at Birth (male)", t, HIGHER, ANNUAL,
            "years", 1, "NHS Ealing", ("68.7", *(None,) * 8), "N/A", aggregation=LATEST,
        ),
        row(
            "Local 35 (female)", "Healthy Life Expectancy at Birth (female)", t, HIGHER,
            ANNUAL, "years", 1, "NHS Ealing", ("71.6", *(None,) * 8), "N/A",
            aggregation=LATEST,
        ),
    ]  # fmt: skip


RAISED = datetime.date(2012, 1, 16)
POLICE_ISSUE = (
    "Changes to the Metropolitan Police performance reporting framework, data "
    "acquisition for NI 15 (Serious Youth Violence) and NI 16 (Serious Acquisitive Crime "
    "Rate) has become difficult. As a result, these measures will no longer be reported "
    "as individual measures but have been replaced by the following measures – it is "
    "suggested we measure these instead: Local 21, Local 25, Local 26 and Local 27."
)
POLICE_DECISION = "Measure Local 21, Local 25, Local 26 and Local 27 instead of NI 15 and NI 16."
REPLACEMENTS = ("Local 21", "Local 25", "Local 26", "Local 27")


def data_issues() -> list[IssueRow]:
    """The pack's four Data Issue boxes (NI 15 and NI 16 share one)."""
    return [
        IssueRow("NI 15", POLICE_ISSUE, "replaced", POLICE_DECISION, "", "open", RAISED,
                 REPLACEMENTS),
        IssueRow("NI 16", POLICE_ISSUE, "replaced", POLICE_DECISION, "", "open", RAISED,
                 REPLACEMENTS),
        IssueRow(
            "Local PROS-3",
            "New VAT registrations. This measure is no longer collected and there is no "
            "recent data available.",
            "source_stopped",
            "It is recommended a decision be made as to which measures will be used in lieu "
            "of New VAT Registrations.",
            "", "open", RAISED,
        ),
        IssueRow(
            "NI 185",
            "NI 185 CO2 reduction from local authority operations. This indicator no longer "
            "exists. It has been replaced by an Annual Carbon Footprint report.",
            "replaced",
            "Report a summary analysis of the Annual Carbon Footprint report as the measure "
            "of performance in this area.",
            "", "open", RAISED,
        ),
        IssueRow(
            "",
            "Currently no data available to report on the number of incidents of reported "
            "hate crime.",
            "no_data",
            "Identify whether alternative measures are available to assess success in "
            "reducing discrimination and harassment in the borough.",
            "", "open", RAISED,
        ),
    ]  # fmt: skip


def ealing_q2_report(*, public: bool = False) -> Report:
    """The Ealing LSP performance report for Quarter 2 2011/12."""
    themes = [
        ThemeSection("Health", _health()),
        ThemeSection("Safety", _safety()),
        ThemeSection("Prosperity", _prosperity()),
        ThemeSection("High Quality of Life", _quality_of_life()),
    ]
    by_code = {r.code: r for section in themes for r in section.rows}
    return Report(
        partnership="Ealing Local Strategic Partnership",
        period=PERIOD,
        generated_at=GENERATED_AT,
        policy=describe_policy(),
        forecast_methods=[forecast_method(SUM), forecast_method(LATEST), forecast_method(MEAN)],
        public=public,
        highlights=[by_code[code] for code in HIGHLIGHTS],
        themes=themes,
        data_issues=data_issues(),
    )


def long_report(copies: int = 4) -> Report:
    """The Ealing report with each theme's rows repeated `copies` times (codes
    suffixed "#2", "#3"…), so that tables run over several pages."""
    report = ealing_q2_report()
    for section in report.themes:
        section.rows = [
            dataclasses.replace(r, code=r.code if n == 1 else f"{r.code} #{n}")
            for n in range(1, copies + 1)
            for r in section.rows
        ]
    return report
