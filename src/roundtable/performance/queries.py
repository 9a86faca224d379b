"""Reads for performance pages, the API and the report.

`build_report` makes the whole quarterly report in a fixed number of queries
(settings, indicators, values, commentary, data issues, approvals), whatever the
number of indicators; everything else is the pure rules in `rules.py`.
`report_status_counts` gives only its counts by status, for the front page, by the
same rules (`_judge`) and without the rest. The indicator list, an indicator's
figures and the data issues log are here too; partners' returns are read in
`returns_queries.py`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from roundtable.partnership.access import sees_internal_figures
from roundtable.partnership.models import Organisation, Partnership
from roundtable.performance import rules
from roundtable.performance.choices import Lifecycle
from roundtable.performance.models import (
    Commentary,
    DataIssue,
    Indicator,
    IndicatorQuerySet,
    IndicatorValue,
    PerformanceSettings,
)
from roundtable.performance.narratives import narratives_for
from roundtable.performance.periods import (
    Frequency,
    Period,
    parse_period,
    period_words,
    reported_period,
    return_quarter,
)
from roundtable.performance.report import (
    Commentary as CommentaryText,
)
from roundtable.performance.report import (
    Figure,
    IssueRow,
    Report,
    ReportRow,
    ThemeSection,
)
from roundtable.performance.services import locked_agency_periods, reporting_quarter

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.strategy.models import Objective, Priority, Strategy

TREND_LENGTH = 6


@lru_cache(maxsize=4096)
def period_of(text: str) -> Period:
    return parse_period(text)


def indicators_for(partnership: Partnership) -> QuerySet[Indicator]:
    return partnership.indicators.select_related("lead_agency").prefetch_related(
        Prefetch("replaced_by", queryset=Indicator.objects.only("pk", "code", "partnership_id"))
    )


def policy_for(partnership: Partnership) -> rules.StatusPolicy:
    settings = PerformanceSettings.objects.filter(partnership=partnership).first()
    if settings is None:
        return rules.DEFAULT_POLICY
    return rules.StatusPolicy(
        amber=rules.AmberRule(settings.status_policy),
        against=rules.JudgeAgainst(settings.judge_against),
    )


@dataclass
class Series:
    """One indicator's entered figures, by period."""

    actuals: dict[Period, Decimal | None] = field(default_factory=dict)
    targets: dict[Period, Decimal | None] = field(default_factory=dict)
    estimated: set[Period] = field(default_factory=set)
    illustrative: set[Period] = field(default_factory=set)  # notes say "Illustrative..."


def _series(
    indicators: list[Indicator],
    since: datetime.date,
    until: datetime.date,
    locked: set[tuple[int, str]] | None,
) -> dict[int, Series]:
    """Figures of `indicators` between the dates; with `locked`, approved ones only."""
    series: dict[int, Series] = defaultdict(Series)
    rows = IndicatorValue.objects.filter(
        indicator__in=indicators, period_end__gte=since, period_start__lte=until
    ).values_list(
        "indicator_id", "organisation_id", "period", "actual", "target", "estimated", "note"
    )
    for indicator_id, organisation_id, text, actual, target, estimated, note in rows:
        period = period_of(text)
        if locked is not None and (organisation_id, _reporting_quarter_of(text)) not in locked:
            continue
        item = series[indicator_id]
        item.actuals[period] = actual
        item.targets[period] = target
        if estimated:
            item.estimated.add(period)
        if rules.is_illustrative(note):
            item.illustrative.add(period)
    return series


@lru_cache(maxsize=4096)
def _reporting_quarter_of(text: str) -> str:
    """`reporting_quarter` of a stored period, as stored: worked out once per period
    rather than once per figure (a report reads thousands of figures, of few periods)."""
    return str(reporting_quarter(period_of(text)))


def _report_indicators(partnership: Partnership, *, public: bool) -> IndicatorQuerySet:
    """The indicators a report shows: active ones in the report; with `public`, the
    public ones (`Indicator.objects.public()`)."""
    active = partnership.indicators.in_report().filter(lifecycle=Lifecycle.ACTIVE)
    return active.public() if public else active


def _report_window(period: Period) -> tuple[datetime.date, datetime.date]:
    """The dates whose figures a report for `period` reads: enough history for last
    year's outturn, the same period last year and the trend, to the year's end."""
    trend_start = period
    for _ in range(TREND_LENGTH - 1):
        trend_start = trend_start.previous()
    since = min(period.financial_year.previous().start, trend_start.start)
    return since, period.financial_year.end


def _indicator_policy(indicator: Indicator, policy: rules.StatusPolicy) -> rules.StatusPolicy:
    """The partnership's policy, or the indicator's own where it sets one."""
    if indicator.status_policy or indicator.judge_against:
        return rules.StatusPolicy(
            amber=rules.AmberRule(indicator.status_policy or policy.amber),
            against=rules.JudgeAgainst(indicator.judge_against or policy.against),
        )
    return policy


@dataclass(frozen=True)
class Judged:
    """One indicator's status in a report and the figures it is judged on: worked out
    once, by the rules in `rules.py`, for the report's row (`_row`) and for the
    counts by status (`report_status_counts`), so both always agree."""

    at: Period | None  # the indicator's own period the report shows (`reported_period`)
    actual: Figure
    target: Decimal | None
    year_end_target: Decimal | None
    ytd: Decimal | None
    forecast: Decimal | None
    forecast_note: str
    on_track: bool | None
    status: rules.Status


def _value(
    p: Period, data: Series, frequency: Frequency, aggregation: rules.Aggregation
) -> Decimal | None:
    return rules.value_for_period(p, data.actuals, frequency=frequency, aggregation=aggregation)


def _figure(
    p: Period, data: Series, frequency: Frequency, aggregation: rules.Aggregation
) -> Figure:
    parts = {p, *(p.months() if p.kind != "month" else ())}
    return Figure(_value(p, data, frequency, aggregation), estimated=bool(parts & data.estimated))


def _judge(
    indicator: Indicator, period: Period, data: Series, policy: rules.StatusPolicy
) -> Judged:
    """The status of `indicator` in the report for `period`, from its figures `data`."""
    frequency = Frequency(indicator.frequency)
    aggregation = rules.Aggregation(indicator.aggregation)
    polarity = rules.Polarity(indicator.polarity)
    at = reported_period(period, frequency)
    # The indicator's own period at the report's end; when it has nothing to show
    # yet (`at` is None: an annual indicator before Q4), the row gives only last
    # year's outturn, the year-end target and the trend so far.
    context = at or Period.containing(period.end, frequency.kind)
    actual = _figure(at, data, frequency, aggregation) if at else Figure(None)
    target = data.targets.get(at) if at else None
    year_end_target = data.targets.get(context.financial_year)
    ytd = forecast = None
    forecast_note = ""
    last_year = rules.Direction.NOT_COMPARABLE
    if at is not None:
        try:
            ytd = rules.year_to_date(at, data.actuals, frequency=frequency, aggregation=aggregation)
        except ValueError:
            ytd = None
        forecast = rules.year_end_forecast(
            at, ytd, aggregation=aggregation, cumulative=indicator.cumulative
        )
        forecast_note = rules.forecast_problem(
            forecast, unit=indicator.unit, decimals=indicator.decimals
        )
        if forecast_note:
            forecast = None
        last_year = rules.direction(
            _value(at, data, frequency, aggregation),
            _value(at.same_period_last_year(), data, frequency, aggregation),
            polarity,
        )
    on_track = rules.on_track(forecast, year_end_target, polarity)
    tolerance = (
        rules.Tolerance(indicator.tolerance, rules.ToleranceKind(indicator.tolerance_kind))
        if indicator.tolerance is not None
        else None
    )
    policy = _indicator_policy(indicator, policy)
    judged_actual, judged_target = rules.figures_to_judge(
        policy,
        period_actual=actual.value,
        period_target=target,
        year_end_forecast=forecast,
        year_end_target=year_end_target,
    )
    status = rules.status(
        judged_actual,
        judged_target,
        polarity,
        tolerance,
        policy,
        improving_on_last_year=last_year is rules.Direction.IMPROVING,
        forecast_meets_year_end=on_track,
    )
    return Judged(
        at, actual, target, year_end_target, ytd, forecast, forecast_note, on_track, status
    )


def _shows_illustrative(period: Period, data: Series) -> bool:
    """Whether a row shows an illustrative figure: figures after the report's period
    do not show on it."""
    return any(p.end <= period.end for p in data.illustrative)


def _row(
    indicator: Indicator, period: Period, data: Series, policy: rules.StatusPolicy
) -> ReportRow:
    frequency = Frequency(indicator.frequency)
    aggregation = rules.Aggregation(indicator.aggregation)
    polarity = rules.Polarity(indicator.polarity)
    judged = _judge(indicator, period, data, policy)
    at = judged.at
    context = at or Period.containing(period.end, frequency.kind)

    def value(p: Period) -> Decimal | None:
        return _value(p, data, frequency, aggregation)

    def figure(p: Period) -> Figure:
        return _figure(p, data, frequency, aggregation)

    nothing = Figure(None)
    previous_period = context.previous()
    year = context.financial_year
    direction = rules.Direction.NOT_COMPARABLE
    # The period the direction compares with: the previous one, or for a cumulative
    # indicator the same period last year (`rules.comparison_period`).
    against = rules.comparison_period(at, cumulative=indicator.cumulative) if at else None
    if at is not None:
        direction = rules.direction_of_travel(
            at,
            data.actuals,
            polarity,
            cumulative=indicator.cumulative,
            frequency=frequency,
            aggregation=aggregation,
        )
    months = (
        [(m.label, figure(m)) for m in at.months()]
        if at is not None and frequency is Frequency.MONTHLY and at.kind != "month"
        else []
    )
    trend_periods = [at or previous_period]
    while len(trend_periods) < TREND_LENGTH:
        trend_periods.insert(0, trend_periods[0].previous())
    return ReportRow(
        code=indicator.code,
        name=indicator.name,
        theme=indicator.theme or "Other",
        lead_agency=indicator.lead_agency.name if indicator.lead_agency else "",
        polarity=polarity,
        frequency=frequency,
        unit=indicator.unit,
        decimals=indicator.decimals,
        highlight=indicator.highlight,
        cumulative=indicator.cumulative,
        baseline=figure(year.previous()),
        baseline_period=str(year.previous()),
        previous=figure(previous_period) if at else nothing,
        previous_period=str(previous_period),
        months=months,
        actual=judged.actual,
        target=judged.target,
        ytd=judged.ytd,
        ytd_target=(
            rules.pro_rata_target_to_date(
                at, judged.year_end_target, aggregation=aggregation, cumulative=indicator.cumulative
            )
            if at
            else None
        ),
        year_end_target=judged.year_end_target,
        forecast=judged.forecast,
        on_track=judged.on_track,
        status=judged.status,
        direction=direction,
        direction_against=str(against) if against else "",
        direction_against_figure=figure(against) if against else nothing,
        trend=[(str(p), value(p)) for p in trend_periods],
        url=indicator.get_absolute_url(),
        illustrative=_shows_illustrative(period, data),
        illustrative_settings=rules.stored_illustrative_settings(indicator.illustrative_settings),
        source_note=indicator.source_note,
        forecast_note=judged.forecast_note,
    )


def build_report(partnership: Partnership, period: Period, *, public: bool = False) -> Report:
    """The quarterly report for `period`; `public` keeps what the public may see
    (the models' `public()` rules): public indicators, approved figures, commentary
    on approved figures, and data issues of public indicators."""
    policy = policy_for(partnership)
    indicators = rules.in_code_order(
        _report_indicators(partnership, public=public)
        .select_related("lead_agency")
        .order_by("theme", "code"),
        group=attrgetter("theme"),
    )
    since, until = _report_window(period)
    locked = locked_agency_periods(partnership) if public else None
    series = _series(indicators, since, until, locked)
    notes = Commentary.objects.filter(indicator__in=indicators, period=str(period))
    commentary = {c.indicator_id: c for c in (notes.public() if public else notes)}
    rows = []
    for indicator in indicators:
        row = _row(indicator, period, series[indicator.pk], policy)
        note = commentary.get(indicator.pk)
        if note is not None:
            row.commentary = CommentaryText(
                note.progress, note.key_events, note.challenges, note.mitigations
            )
        rows.append(row)
    themes: dict[str, list[ReportRow]] = defaultdict(list)
    for row in rows:
        themes[row.theme].append(row)
    logged = DataIssue.objects.filter(partnership=partnership)
    replacements = Indicator.objects.public() if public else Indicator.objects.all()
    issues = [
        IssueRow(
            code=issue.indicator.code if issue.indicator else "",
            issue=issue.issue,
            kind=issue.get_kind_display(),
            recommended_decision=issue.recommended_decision,
            board_decision=issue.board_decision,
            status=issue.get_status_display(),
            raised_on=issue.raised_on,
            replaced_by=tuple(
                r.code for r in (issue.indicator.replaced_by.all() if issue.indicator else ())
            ),
        )
        for issue in (logged.public() if public else logged)
        .select_related("indicator")
        .prefetch_related(
            Prefetch("indicator__replaced_by", queryset=replacements.only("pk", "code"))
        )
    ]
    methods = sorted(
        {rules.forecast_method(rules.Aggregation(i.aggregation), i.cumulative) for i in indicators}
    )
    return Report(
        partnership=partnership.name,
        period=period,
        generated_at=timezone.now(),
        policy=rules.describe_policy(policy),
        forecast_methods=methods,
        public=public,
        highlights=[row for row in rows if row.highlight],
        themes=[ThemeSection(theme, theme_rows) for theme, theme_rows in themes.items()],
        data_issues=issues,
        narratives=narratives_for(partnership.pk, period, public=public),
    )


def latest_quarter(partnership: Partnership) -> Period | None:
    """The latest quarter whose return collects figures of the partnership, to open
    the report, the returns dashboard and an indicator's return at: each figure counts
    for its `periods.return_quarter`, as `report_periods` counts it (a tranche of
    April to July in Quarter 1, not the quarter July is in). One query."""
    texts = (
        IndicatorValue.objects.filter(partnership=partnership, actual__isnull=False)
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    quarters = {return_quarter(period_of(text)) for text in texts}
    return max(quarters) if quarters else None


def report_periods(partnership: Partnership, user: User | AnonymousUser) -> list[Period]:
    """The quarters whose report shows figures `user` may see, newest first: each
    visible figure of an active indicator counts for the quarter whose return
    collects it (`periods.return_quarter`: a month its quarter, a tranche the
    quarter its report first shows it, the year Q4). Two queries (approved returns,
    then the figures' distinct periods), whatever the number of indicators."""
    texts = (
        IndicatorValue.objects.visible_to(user)
        .filter(
            partnership=partnership,
            actual__isnull=False,
            indicator__lifecycle=Lifecycle.ACTIVE,
        )
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    return sorted({return_quarter(period_of(text)) for text in texts}, reverse=True)


def default_period(
    partnership: Partnership, user: User | AnonymousUser, periods: list[Period] | None = None
) -> Period | None:
    """The quarter the report opens at: the latest with figures `user` may see; with
    none (nothing approved yet), the latest with any figures, so the indicators show."""
    if periods is None:
        periods = report_periods(partnership, user)
    return periods[0] if periods else latest_quarter(partnership)


# Only what status and the illustrative marks depend on (`_judge`, `_shows_illustrative`);
# a field read that is not here costs a query per indicator, which the tests pinning
# `report_status_counts`'s queries with 2 and 20 indicators catch.
JUDGED_FIELDS = (
    "pk",
    "partnership",  # `partnership.indicators` sets each indicator's partnership from it
    "frequency",
    "aggregation",
    "polarity",
    "cumulative",
    "unit",
    "decimals",
    "tolerance",
    "tolerance_kind",
    "status_policy",
    "judge_against",
    "illustrative_settings",
)


@dataclass(frozen=True)
class StatusCounts:
    """How many of a report's indicators have each status (every status, in the
    report key's order), and whether any figure or setting it shows is illustrative."""

    counts: dict[rules.Status, int]
    illustrative: bool


def report_status_counts(
    partnership: Partnership, period: Period, *, public: bool = False
) -> StatusCounts:
    """The counts by status of `build_report(partnership, period, public=public)`,
    without building it: the same indicators, figures and sign-off rules and the
    same status rules (`_judge`), but none of the rest (trends, commentary, data
    issues, narratives). Three queries, four with `public` (approved returns),
    whatever the number of indicators: settings, indicators, figures."""
    policy = policy_for(partnership)
    indicators = list(_report_indicators(partnership, public=public).only(*JUDGED_FIELDS))
    since, until = _report_window(period)
    locked = locked_agency_periods(partnership) if public else None
    series = _series(indicators, since, until, locked)
    counts = dict.fromkeys(rules.Status, 0)
    illustrative = False
    for indicator in indicators:
        data = series[indicator.pk]
        counts[_judge(indicator, period, data, policy).status] += 1
        illustrative = (
            illustrative
            or _shows_illustrative(period, data)
            or bool(rules.stored_illustrative_settings(indicator.illustrative_settings))
        )
    return StatusCounts(counts, illustrative)


@dataclass(frozen=True)
class ReportGlance:
    """How the report the partnership's front page points to stands: its quarter, how
    many of its indicators have each status, and whether any figure is illustrative."""

    period: Period
    counts: dict[rules.Status, int]
    illustrative: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shown(self) -> list[tuple[rules.Status, int]]:
        """Each status with indicators, in the report key's order."""
        return [(status, n) for status, n in self.counts.items() if n]


def report_glance(partnership: Partnership, user: User | AnonymousUser) -> ReportGlance | None:
    """The report `user` would open (`default_period`), as they would see it (public
    unless they are one of the partnership's own people), counted by status
    (`report_status_counts`, not the whole report); None when the partnership has
    no figures yet."""
    period = default_period(partnership, user)
    if period is None:
        return None
    internal = sees_internal_figures(user, partnership.pk)
    found = report_status_counts(partnership, period, public=not internal)
    return ReportGlance(period, found.counts, found.illustrative)


@dataclass(frozen=True)
class ThemeGlance:
    """A theme's indicators as the report `user` would open shows them."""

    theme: str
    period: Period
    rows: list[ReportRow]


def theme_glance(
    partnership: Partnership, theme: str, user: User | AnonymousUser
) -> ThemeGlance | None:
    """The indicators of the report's `theme` (by name, whatever its capitals: the
    Ealing report's themes are the strategy's), with their status and direction of
    travel in the report `user` would open (`default_period`), as they may see it
    (public unless they are one of the partnership's own people); None when the
    report has none. The whole report's fixed number of queries, however many."""
    period = default_period(partnership, user)
    if period is None or not theme.strip():
        return None
    internal = sees_internal_figures(user, partnership.pk)
    report = build_report(partnership, period, public=not internal)
    wanted = theme.strip().casefold()
    for section in report.themes:
        if section.theme.strip().casefold() == wanted and section.rows:
            return ThemeGlance(section.theme, period, section.rows)
    return None


@dataclass(frozen=True)
class MeasureRow:
    """An indicator that measures a priority or objective, with its line in the report
    the reader would open (None when that report does not show it: kept for the
    Local Information System only, retired, or no report yet)."""

    code: str
    name: str
    url: str
    row: ReportRow | None

    @classmethod
    def of(cls, indicator: Indicator, row: ReportRow | None) -> MeasureRow:
        return cls(indicator.code, indicator.name, indicator.get_absolute_url(), row)


@dataclass(frozen=True)
class Measures:
    """How a priority is measured, as its page shows it: the indicators linked to it
    (`linked`), or, when it has none, those of its theme (`theme`, the fallback that
    matches `Indicator.theme` by name); and the report they stand in."""

    rows: list[MeasureRow]
    period: Period | None
    theme: str = ""  # the priority's theme, when the rows are the theme's, not linked ones
    report_theme: str = ""  # that theme as the report names it (its anchor)

    @property
    def linked(self) -> bool:
        return not self.theme


def _report_rows(
    partnership: Partnership, user: User | AnonymousUser
) -> tuple[Period | None, dict[str, ReportRow]]:
    """The report `user` would open and its rows by indicator code."""
    period = default_period(partnership, user)
    if period is None:
        return None, {}
    internal = sees_internal_figures(user, partnership.pk)
    report = build_report(partnership, period, public=not internal)
    return period, {row.code: row for section in report.themes for row in section.rows}


def measure_rows(
    partnership: Partnership, indicators: list[Indicator], user: User | AnonymousUser
) -> tuple[Period | None, list[MeasureRow]]:
    """`indicators` with their lines in the report `user` would open: the report's fixed
    number of queries, however many indicators."""
    if not indicators:
        return None, []
    period, rows = _report_rows(partnership, user)
    return period, [MeasureRow.of(i, rows.get(i.code)) for i in indicators]


def priority_measures(priority: Priority, user: User | AnonymousUser) -> Measures | None:
    """The indicators that measure `priority` as `user` may see them
    (`Indicator.is_visible_to`, which asks nothing of the database), with their status
    in the report they would open. With no linked indicator at all, the indicators
    of the priority's theme as the report shows them (`theme_glance`); None when there
    is nothing to show (and when every linked indicator is hidden from `user`: the
    theme's would misstate the links). One query, then the report's."""
    partnership = priority.strategy.partnership
    linked = list(Indicator.objects.filter(priorities=priority).order_by("theme", "code"))
    if linked:
        visible = rules.in_code_order(
            [i for i in linked if i.is_visible_to(user)], group=attrgetter("theme")
        )
        if not visible:
            return None
        period, rows = measure_rows(partnership, visible, user)
        return Measures(rows, period)
    if priority.theme is None:
        return None
    glance = theme_glance(partnership, priority.theme.name, user)
    if glance is None:
        return None
    return Measures(
        [MeasureRow(row.code, row.name, row.url, row) for row in glance.rows],
        glance.period,
        theme=priority.theme.name,
        report_theme=glance.theme,
    )


def objective_indicators(
    priority: Priority | None, user: User | AnonymousUser, *, strategy: Strategy | None = None
) -> dict[Objective, list[Indicator]]:
    """The objectives of `priority` (or, with `strategy`, of that strategy's values and
    approaches) that have indicators `user` may see, in their order, each with those
    indicators by code as people read them: one query."""
    through = Indicator.objectives.through
    if priority is not None:
        links = through.objects.filter(objective__priority=priority)
    else:
        links = through.objects.filter(
            objective__strategy=strategy, objective__approach__isnull=False
        )
    links = links.select_related("objective__approach", "indicator").order_by(
        "objective__approach__order",
        "objective__approach__name",
        "objective__order",
        "objective_id",
    )
    found: dict[Objective, list[Indicator]] = {}
    for link in links:
        if link.indicator.is_visible_to(user):
            found.setdefault(link.objective, []).append(link.indicator)
    return {
        objective: rules.in_code_order(items, group=attrgetter("theme"))
        for objective, items in found.items()
    }


@dataclass(frozen=True)
class MeasuredRecords:
    """What an indicator measures, for the links back on its page."""

    priorities: list[Priority]
    objectives: list[Objective]


def measured_by(indicator: Indicator) -> MeasuredRecords:
    """The priorities and objectives `indicator` measures, each with its strategy (and
    an objective's priority or value), strategy by strategy. Strategy records are
    published from their first draft (`Strategy.visibility`), so whoever may see the
    indicator may see them; links are only ever made within the indicator's own
    partnership (`services.set_measured_indicators`), and a stray link to another
    partnership's is not followed. Two queries."""
    return MeasuredRecords(
        priorities=list(
            indicator.priorities.filter(partnership_id=indicator.partnership_id)
            .select_related("strategy")
            .order_by("strategy__title", "order", "ref")
        ),
        objectives=list(
            indicator.objectives.filter(partnership_id=indicator.partnership_id)
            .select_related("strategy", "priority", "approach")
            .order_by("strategy__title", "order", "pk")
        ),
    )


def visible_indicators(partnership: Partnership, *, internal: bool) -> list[Indicator]:
    """The performance framework's indicators for its list, by theme then code as
    people read it (`rules.in_code_order`; the list is never paginated): everything
    for the partnership's own people, public ones for everyone else; not those kept
    for the Local Information System only (its catalogue lists them)."""
    indicators = indicators_for(partnership).in_report().order_by("theme", "code")
    if not internal:
        indicators = indicators.public()
    return rules.in_code_order(indicators, group=attrgetter("theme"))


def visible_values(indicator: Indicator, *, internal: bool) -> list[IndicatorValue]:
    """An indicator's figures, newest first: all of them for the partnership's own
    people, approved ones only for everyone else."""
    values = list(indicator.values.order_by("-period_start", "period_end"))
    if internal:
        return values
    locked = locked_agency_periods(indicator.partnership)
    return [
        v
        for v in values
        if (v.organisation_id, str(reporting_quarter(period_of(v.period)))) in locked
    ]


def commentary_anchor(period: str) -> str:
    """The indicator page's anchor of a period's commentary: "commentary-2011-12-q2"."""
    return "commentary-" + "-".join(
        "".join(c if c.isalnum() else " " for c in period.lower()).split()
    )


@dataclass(frozen=True)
class CommentaryEntry:
    """The responsible officer's commentary for one period, as the page shows it."""

    period: str
    anchor: str
    parts: tuple[tuple[str, str], ...]


@dataclass
class IndicatorPage:
    values: list[IndicatorValue]
    commentary: list[CommentaryEntry]
    issues: list[DataIssue]
    replaced_by: list[Indicator]
    replaces: list[Indicator]


COMMENTARY_PARTS = (
    ("progress", "Progress"),
    ("key_events", "Key events"),
    ("challenges", "Challenges and risks"),
    ("mitigations", "Mitigating actions"),
)


def indicator_page(indicator: Indicator, user: User | AnonymousUser) -> IndicatorPage:
    """What an indicator's page shows the user: its figures (`visible_values`), the
    commentary they may see (`Commentary.visible_to`: on approved figures for the
    public), newest period first, its data issues (seen where the indicator is) and
    the indicators it replaced or that replace it, as far as they may see them."""
    internal = sees_internal_figures(user, indicator.partnership_id)
    notes = Commentary.objects.visible_to(user).filter(indicator=indicator)
    commentary = [
        CommentaryEntry(
            period=period_words(note.period),
            anchor=commentary_anchor(note.period),
            parts=tuple(
                (label, text) for name, label in COMMENTARY_PARTS if (text := getattr(note, name))
            ),
        )
        for note in sorted(notes, key=lambda n: _period_start(n.period), reverse=True)
    ]
    others = Indicator.objects.visible_to(user).order_by("code")
    return IndicatorPage(
        values=visible_values(indicator, internal=internal),
        commentary=[entry for entry in commentary if entry.parts],
        issues=list(indicator.data_issues.order_by("-raised_on", "-pk")),
        replaced_by=list(others.filter(replaces=indicator)),
        replaces=list(others.filter(replaced_by=indicator)),
    )


def _period_start(text: str) -> datetime.date:
    try:
        return period_of(text).start
    except ValueError:
        return datetime.date.min


def led_indicators(organisation: Organisation) -> list[Indicator]:
    """The active indicators an agency leads, as its return lists them: by theme,
    then code as people read it (`rules.in_code_order`)."""
    return rules.in_code_order(
        Indicator.objects.in_report()
        .filter(lead_agency=organisation, lifecycle=Lifecycle.ACTIVE)
        .select_related("partnership", "lead_agency")
        .order_by("theme", "code"),
        group=attrgetter("theme"),
    )


# The data issues log ---------------------------------------------------------------------


@dataclass
class IssuesPage:
    issues: list[DataIssue]
    replaced: list[Indicator]


def visible_data_issues(partnership: Partnership, *, internal: bool) -> QuerySet[DataIssue]:
    """The data issues log's issues in its order: issues on indicators not marked
    public are for the partnership's own people only."""
    logged = DataIssue.objects.filter(partnership=partnership).select_related("indicator")
    return logged if internal else logged.public()


def data_issues_for(partnership: Partnership, *, internal: bool) -> IssuesPage:
    """The data issues log, and indicators replaced by others: issues on
    indicators not marked public are for the partnership's own people only."""
    replacements = Indicator.objects.order_by("code")
    if not internal:
        replacements = replacements.public()
    issues = visible_data_issues(partnership, internal=internal).prefetch_related(
        Prefetch("indicator__replaced_by", queryset=replacements)
    )
    replaced = (
        partnership.indicators.filter(replaced_by__isnull=False)
        .distinct()
        .order_by("code")
        .prefetch_related(Prefetch("replaced_by", queryset=replacements))
    )
    if not internal:
        replaced = replaced.public()
    return IssuesPage(list(issues), rules.in_code_order(replaced))
