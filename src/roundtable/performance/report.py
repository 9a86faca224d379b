"""The quarterly performance report as data: what every format (HTML, PDF, XLSX,
JSON) renders. `queries.build_report` fills it from the database; the renderers
in `renderers.py` only lay it out, so they can be tested with a hand-made report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from roundtable.performance.periods import Frequency, Period
from roundtable.performance.rules import (
    ILLUSTRATIVE_SETTINGS,
    Direction,
    Polarity,
    Status,
    illustrative_setting_words,
)


@dataclass(frozen=True)
class Figure:
    """One figure in a report cell: missing (None) is never shown as zero."""

    value: Decimal | None
    estimated: bool = False


@dataclass(frozen=True)
class Commentary:
    progress: str = ""
    key_events: str = ""
    challenges: str = ""
    mitigations: str = ""

    def __bool__(self) -> bool:
        return any((self.progress, self.key_events, self.challenges, self.mitigations))


@dataclass
class ReportRow:
    """One indicator's line, as in the Ealing tables, plus what they lacked."""

    code: str
    name: str
    theme: str
    lead_agency: str
    polarity: Polarity
    frequency: Frequency
    unit: str
    decimals: int
    highlight: bool
    cumulative: bool
    baseline: Figure  # last year's outturn ("2010/11 Performance")
    baseline_period: str
    previous: Figure  # the previous period of the same length (Quarter 1 for a Q2 report)
    previous_period: str
    months: list[tuple[str, Figure]]  # the report period's months (monthly indicators)
    actual: Figure  # the report period ("Quarter 2")
    target: Decimal | None  # the report period's target
    ytd: Decimal | None
    ytd_target: Decimal | None  # pro-rata target to date
    year_end_target: Decimal | None
    forecast: Decimal | None
    on_track: bool | None
    status: Status
    direction: Direction
    direction_against: str  # the period the direction compares with
    # That period's figure, as the direction read it ("" and no figure: no direction).
    direction_against_figure: Figure = field(default_factory=lambda: Figure(None))
    trend: list[tuple[str, Decimal | None]] = field(default_factory=list)
    commentary: Commentary = field(default_factory=Commentary)
    url: str = ""
    illustrative: bool = False  # some figure it shows is illustrative demo content
    # Settings behind its figures or status made up for the demonstration ("tolerance").
    illustrative_settings: tuple[str, ...] = ()
    source_note: str = ""  # where the figures shown differ from the source paper, and why
    forecast_note: str = ""  # why there is no forecast although there is a year to date

    @property
    def illustrative_settings_note(self) -> str:
        """ "Illustrative tolerance": the note beside the code; empty when none."""
        return illustrative_setting_words(self.illustrative_settings)


@dataclass
class ThemeSection:
    theme: str
    rows: list[ReportRow]

    @property
    def counts(self) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for row in self.rows:
            counts[row.status] += 1
        return counts


@dataclass(frozen=True)
class IssueRow:
    code: str  # empty for issues not about one indicator
    issue: str
    kind: str
    recommended_decision: str
    board_decision: str
    status: str
    raised_on: datetime.date | None
    replaced_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class NarrativeRow:
    """Measures reported in words, not figures, as the Ealing pack reports its
    equality objectives ("Annual Progress Against Community Strategy Values"): the
    objectives one narrative reports on, and the narrative as at a date."""

    measures: tuple[str, ...]
    narrative: str
    as_at: datetime.date | None
    status: str = ""
    lead: str = ""
    url: str = ""
    illustrative: bool = False


@dataclass(frozen=True)
class NarrativeSection:
    """A section of narrative measures ("Equality objectives"), from a higher app
    through `performance.narratives`."""

    title: str
    rows: tuple[NarrativeRow, ...]
    anchor: str = "narrative"


@dataclass
class Report:
    partnership: str
    period: Period
    generated_at: datetime.datetime
    policy: str  # the status policy in words, for the key
    forecast_methods: list[str]  # each method used, in words
    public: bool  # True: public indicators and approved figures only
    highlights: list[ReportRow]
    themes: list[ThemeSection]
    data_issues: list[IssueRow]
    narratives: list[NarrativeSection] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.partnership}: performance report, {self.period.label}"

    @property
    def rows(self) -> list[ReportRow]:
        return [row for section in self.themes for row in section.rows]

    @property
    def illustrative_codes(self) -> list[str]:
        """Indicators with a figure on the page that is illustrative demo content."""
        return [row.code for row in self.rows if row.illustrative]

    @property
    def illustrative_settings(self) -> list[tuple[str, list[str]]]:
        """Each illustrative setting used on the page ("tolerance") with the indicators
        whose setting it is, in the order of `rules.ILLUSTRATIVE_SETTINGS`."""
        used = [
            (words, [row.code for row in self.rows if name in row.illustrative_settings])
            for name, words in ILLUSTRATIVE_SETTINGS.items()
        ]
        return [(words, codes) for words, codes in used if codes]

    @property
    def is_illustrative(self) -> bool:
        """Whether any figure or setting on the page is illustrative (the top banner)."""
        return bool(self.illustrative_codes or self.illustrative_settings)

    @property
    def source_notes(self) -> list[tuple[str, str]]:
        """(code, note) for each indicator whose figures differ from the source paper."""
        return [(row.code, row.source_note) for row in self.rows if row.source_note]


def report_json(report: Report) -> list[dict[str, object]]:
    """The JSON contract: one object per indicator, numbers as numbers, missing as null."""

    def number(value: Decimal | None) -> float | int | None:
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(value)

    return [
        {
            "code": row.code,
            "name": row.name,
            "theme": row.theme,
            "lead_agency": row.lead_agency,
            "polarity": row.polarity.value,
            "frequency": row.frequency.value,
            "actual": number(row.actual.value),
            "estimated": row.actual.estimated,
            "target": number(row.target),
            "previous_actual": number(row.previous.value),
            "status": row.status.value,
            "direction": row.direction.value,
            "direction_against_period": row.direction_against or None,
            "direction_against_actual": number(row.direction_against_figure.value),
            "ytd": number(row.ytd),
            "year_end_target": number(row.year_end_target),
        }
        for row in report.rows
    ]
