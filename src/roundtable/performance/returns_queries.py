"""Reads for partners' returns: the returns dashboard, an agency's return, "My
returns", and the returns on My Roundtable. Each names its query count in its
docstring; the report's reads are in `queries.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Q
from django.urls import reverse

from roundtable.core.permissions import Action as CanDo
from roundtable.core.permissions import can
from roundtable.partnership.models import Organisation, Partnership
from roundtable.performance import returns, rules
from roundtable.performance.choices import Lifecycle, SubmissionState
from roundtable.performance.figures_notes import figures_note
from roundtable.performance.models import (
    Commentary,
    Indicator,
    IndicatorValue,
    MissingFigure,
    PerformanceSettings,
    Submission,
)
from roundtable.performance.periods import Period, parse_period, return_due_for, return_quarter
from roundtable.performance.permissions import may_sign_off, openable_returns
from roundtable.performance.queries import latest_quarter, led_indicators, period_of
from roundtable.performance.returns import entry_periods, required_periods

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

TAG_COLOURS = {
    SubmissionState.DRAFT: "grey",
    SubmissionState.SUBMITTED: "blue",
    SubmissionState.APPROVED: "green",
    SubmissionState.RETURNED: "red",
}


def entry_url(organisation_id: int, quarter: Period, name: str = "entry") -> str:
    return reverse(f"performance_entry:{name}", args=[organisation_id, quarter])


@dataclass(frozen=True)
class IndicatorReturn:
    """The return that collects an indicator's figures, for the indicator's page."""

    organisation: Organisation
    quarter: Period
    url: str


def returns_quarter(
    partnership: Partnership, today: datetime.date, reporting_from: Period | None
) -> Period:
    """The quarter the returns dashboard opens at, and whose return an indicator's
    page leads to: the latest whose return collects figures, else the one `today`
    is in, but never one before the partnership's "Reporting from" quarter (a new
    partnership's imported history is not what its agencies are asked for). One
    query (the figures' quarters)."""
    latest = latest_quarter(partnership) or Period.containing(today, "quarter")
    return latest if reporting_from is None else max(latest, reporting_from)


def indicator_return(
    user: User | AnonymousUser, indicator: Indicator, today: datetime.date
) -> IndicatorReturn | None:
    """The lead agency's return for the returns dashboard's quarter
    (`returns_quarter`), at the indicator's figures, when the indicator is collected
    by returns and `user` may open that agency's return."""
    agency = indicator.lead_agency
    if agency is None or not indicator.in_report or indicator.lifecycle != Lifecycle.ACTIVE:
        return None
    if agency.pk not in openable_returns(user, indicator.partnership_id, [agency]):
        return None
    start = return_settings(indicator.partnership_id).reporting_from
    quarter = returns_quarter(indicator.partnership, today, start)
    url = f"{entry_url(agency.pk, quarter)}#indicator-{indicator.pk}"
    return IndicatorReturn(agency, quarter, url)


def dashboard_url(quarter: Period) -> str:
    return f"{reverse('performance_entry:dashboard')}?period={quarter_key(quarter)}"


def quarter_key(quarter: Period) -> str:
    """A quarter as it appears in URLs: "2011/12 Q2" → "2011-12-Q2"."""
    return str(quarter).replace("/", "-").replace(" ", "-")


@dataclass(frozen=True)
class LatestFigures:
    """Where the figures are, for a page whose quarter has none yet: the latest
    quarter whose return holds some (None when there are none at all: a first
    return), the financial years they span, what a higher app says of them
    (`figures_notes`: the demo's are from old board papers) and the page of that
    quarter's return (an agency's) or returns (every agency's)."""

    quarter: Period | None
    years: str = ""
    note: str = ""
    url: str = ""
    what: str = "return"  # what `url` opens: one agency's "return", or every agency's "returns"

    @property
    def first_return(self) -> bool:
        return self.quarter is None


def years_words(first: Period, last: Period) -> str:
    """ "2011/12", "2011/12 and 2012/13" or "2010/11 to 2012/13": financial years."""
    if first == last:
        return first.label
    joiner = " and " if last.year == first.year + 1 else " to "
    return f"{first.label}{joiner}{last.label}"


def latest_figures(
    partnership: Partnership, quarter: Period, organisation: Organisation | None = None
) -> LatestFigures | None:
    """Where the figures are when `quarter`'s return (`organisation`'s, else every
    agency's) holds none: None when it holds some, or when figures of a later quarter
    exist. Each figure counts for the quarter whose return collects it
    (`periods.return_quarter`), as the report counts it. One query (the figures'
    distinct periods), and whatever the registered notes ask."""
    values = IndicatorValue.objects.filter(
        partnership=partnership, actual__isnull=False, indicator__lifecycle=Lifecycle.ACTIVE
    )
    if organisation is not None:
        values = values.filter(indicator__lead_agency=organisation)
    texts = values.order_by().values_list("period", flat=True).distinct()
    quarters = {return_quarter(period_of(text)) for text in texts}
    if not quarters:
        return LatestFigures(None)
    latest = max(quarters)
    if latest >= quarter:
        return None
    first = Period.for_year(min(quarters).year)
    years = years_words(first, Period.for_year(latest.year))
    note = figures_note(partnership, years)
    if organisation is not None:
        return LatestFigures(latest, years, note, entry_url(organisation.pk, latest))
    return LatestFigures(latest, years, note, dashboard_url(latest), "returns")


@dataclass
class SavedReturn:
    """What an agency has saved for a quarter: the indicators it leads, their
    figures for the periods the return asks for, keyed (indicator id, period),
    and their commentary, keyed by indicator id."""

    indicators: list[Indicator]
    values: dict[tuple[int, str], IndicatorValue]
    commentary: dict[int, Commentary]


def agency_return(organisation: Organisation, quarter: Period) -> SavedReturn:
    """Three queries: indicators, their figures for the quarter's periods and the
    periods before them (shown beside each figure), commentary."""
    indicators = led_indicators(organisation)
    periods = {
        str(shown)
        for i in indicators
        for p in entry_periods(i.frequency, quarter)
        for shown in (p, p.previous())
    }
    values = {
        (v.indicator_id, v.period): v
        for v in IndicatorValue.objects.filter(indicator__in=indicators, period__in=periods)
    }
    commentary = {
        c.indicator_id: c
        for c in Commentary.objects.filter(indicator__in=indicators, period=str(quarter))
    }
    return SavedReturn(indicators, values, commentary)


@dataclass(frozen=True)
class MissingGap:
    """A figure missing from an agency's return, with the reason the submitter gave
    (`MissingFigure.reason_text`), or "" when none was given yet."""

    indicator_code: str
    period: Period
    reason: str = ""

    @property
    def label(self) -> str:
        return f"{self.indicator_code} ({self.period.label})"


@dataclass
class AgencyStatus:
    """One agency's return on the dashboard."""

    organisation: Organisation
    quarter: Period
    indicators: int = 0
    expected: int = 0
    missing: list[str] = field(default_factory=list)
    state: SubmissionState = SubmissionState.DRAFT
    can_open: bool = False
    # The missing figures again, each with the reason the return gives for it.
    gaps: list[MissingGap] = field(default_factory=list)
    # False for a quarter before the partnership's "Reporting from" quarter
    # (`returns.return_expected`): nothing is expected, so nothing is missing.
    owed: bool = True

    @property
    def nothing_due(self) -> bool:
        """The quarter asks the agency for no figure (it leads only indicators
        measured less often, or the quarter is before the partnership reports from)
        and it has not started a return: it owes none, as "My returns" and My
        Roundtable say (`returns.return_owed`)."""
        return self.expected == 0 and self.state == SubmissionState.DRAFT

    @property
    def state_label(self) -> str:
        if self.nothing_due:
            return "Nothing due" if self.owed else "Not expected"
        return self.state.label

    @property
    def state_colour(self) -> str:
        return "grey" if self.nothing_due else TAG_COLOURS[self.state]

    @property
    def url(self) -> str:
        return entry_url(self.organisation.pk, self.quarter)


@dataclass
class Dashboard:
    quarter: Period
    agencies: list[AgencyStatus]
    without_lead: list[Indicator]
    reporting_from: Period | None = None  # the partnership's setting

    @property
    def expected(self) -> bool:
        """Whether returns are expected for the quarter (`returns.return_expected`)."""
        return returns.return_expected(self.quarter, self.reporting_from)

    @property
    def previous_url(self) -> str:
        return dashboard_url(self.quarter.previous())

    @property
    def next_url(self) -> str:
        return dashboard_url(self.quarter.next())


def returns_dashboard(
    partnership: Partnership, quarter: Period, settings: ReturnSettings | None = None
) -> Dashboard:
    """Per agency: indicators led, figures expected and missing for the quarter
    (with the reason its return gives for each), and the return's state. Five
    queries whatever the number of indicators: the return settings ("Reporting
    from"; none when `settings` are given), active indicators with their lead
    agencies, their figures, the returns, the reasons for missing figures. A
    quarter before the partnership's "Reporting from" quarter expects no figure, so
    none is missing (and its figures are not read: one query fewer).

    For the partnership's own signed-in people only (the dashboard's view checks
    `require_internal_figures`), as returns and their reasons are."""
    indicators = list(
        partnership.indicators.in_report()
        .filter(lifecycle=Lifecycle.ACTIVE)
        .select_related("lead_agency")
        .order_by("code")
    )
    # Missing figures are listed by code as people read it ("NI 45" before "NI 195 d").
    indicators.sort(key=lambda i: (rules.code_order(i.code), i.code))
    reporting_from = (settings or return_settings(partnership.pk)).reporting_from
    owed = returns.return_expected(quarter, reporting_from)
    expected = {i.pk: required_periods(i.frequency, quarter) if owed else [] for i in indicators}
    entered = set(
        IndicatorValue.objects.filter(
            indicator__in=indicators,
            period__in={str(p) for periods in expected.values() for p in periods},
            actual__isnull=False,
        ).values_list("indicator_id", "period")
    )
    states = dict(
        Submission.objects.filter(partnership=partnership, period=str(quarter))
        .order_by()
        .values_list("organisation_id", "state")
    )
    reasons = {
        (gap.indicator_id, gap.period): gap.reason_text
        for gap in MissingFigure.objects.filter(
            partnership=partnership, submission__period=str(quarter)
        ).only("indicator_id", "period", "reason", "explanation")
    }
    agencies: dict[int, AgencyStatus] = {}
    without_lead = []
    for indicator in indicators:
        if indicator.lead_agency is None:
            without_lead.append(indicator)
            continue
        status = agencies.setdefault(
            indicator.lead_agency_id,
            AgencyStatus(
                indicator.lead_agency,
                quarter,
                state=SubmissionState(states.get(indicator.lead_agency_id, "draft")),
                owed=owed,
            ),
        )
        status.indicators += 1
        for period in expected[indicator.pk]:
            status.expected += 1
            if (indicator.pk, str(period)) not in entered:
                status.missing.append(f"{indicator.code} ({period.label})")
                reason = reasons.get((indicator.pk, str(period)), "")
                status.gaps.append(MissingGap(indicator.code, period, reason))
    ordered = sorted(agencies.values(), key=lambda a: a.organisation.name)
    return Dashboard(quarter, ordered, without_lead, reporting_from)


class ReturnSettings(NamedTuple):
    """What a partnership's settings say of its returns."""

    deadline_days: int  # working days after a quarter ends
    jump_factor: int
    # The first quarter returns are expected for; None: every quarter.
    reporting_from: Period | None = None


def return_settings(partnership_id: int) -> ReturnSettings:
    """The return deadline, jump factor and "Reporting from" quarter of a
    partnership: its settings, or the defaults when it has none (then every quarter
    is expected, as for a partnership whose "Reporting from" is empty). One query."""
    found = (
        PerformanceSettings.objects.filter(partnership_id=partnership_id)
        .values_list("return_deadline_days", "jump_factor", "reporting_from")
        .first()
    )
    if found is None:
        return ReturnSettings(DEFAULT_DEADLINE_DAYS, DEFAULT_JUMP_FACTOR)
    deadline_days, jump_factor, reporting_from = found
    start = period_of(reporting_from) if reporting_from else None
    return ReturnSettings(deadline_days, jump_factor, start)


def reporting_from_words(partnership: Partnership) -> str:
    """For the setup checklist's indicators step: the quarter the partnership's
    returns start with ("Reporting from"), or "" when every quarter is expected.
    One query."""
    start = return_settings(partnership.pk).reporting_from
    if start is None:
        return ""
    return (
        f"Agencies' returns start with {start.label} (Reporting from, in the performance "
        "settings); figures for earlier quarters can be imported."
    )


DEFAULT_DEADLINE_DAYS = PerformanceSettings._meta.get_field("return_deadline_days").default
DEFAULT_JUMP_FACTOR = PerformanceSettings._meta.get_field("jump_factor").default
RECENT_QUARTERS = 4  # on "My returns": the current quarter and the four before it


def in_code_order(gaps: Iterable[MissingFigure]) -> list[MissingFigure]:
    """Missing figures as every list of them shows them (the return page, the API):
    by indicator code as people read it, "NI 45" before "NI 195 d"
    (`rules.figure_order`), then by period. Their indicators must be loaded."""
    return sorted(
        gaps, key=lambda gap: rules.figure_order(gap.indicator.code, parse_period(gap.period))
    )


def missing_reasons(submission: Submission | None) -> list[MissingFigure]:
    """Why the submitted return lacks figures, one row per figure, in code order
    (one query)."""
    if submission is None:
        return []
    return in_code_order(submission.missing_figures.select_related("indicator"))


def previous_missing_reasons(
    submission: Submission | None,
) -> dict[tuple[int, str], MissingFigure]:
    """The reasons the return gave for its missing figures when last submitted,
    keyed (indicator id, period), to offer again when it is submitted again (one
    query; none for a return never submitted)."""
    if submission is None:
        return {}
    return {(m.indicator_id, m.period): m for m in submission.missing_figures.all()}


@dataclass
class MyReturn:
    """One return on "My returns"."""

    organisation: Organisation
    quarter: Period
    state: SubmissionState
    progress: returns.ReturnProgress
    deadline: datetime.date
    submitted_by: str = ""

    @property
    def url(self) -> str:
        return entry_url(self.organisation.pk, self.quarter)


@dataclass
class MyReturnsPage:
    """A person's returns: their agency's, for the current and recent quarters, and
    those awaiting their approval."""

    today: datetime.date
    deadline_days: int
    own: list[MyReturn]
    awaiting: list[MyReturn]
    organisation: Organisation | None = None
    approver: bool = False
    latest: LatestFigures | None = None  # where the figures are, when these have none
    reporting_from: Period | None = None  # the first quarter returns are expected for

    @property
    def due(self) -> list[MyReturn]:
        wanted = (returns.ReturnProgress.DUE, returns.ReturnProgress.RETURNED)
        return [r for r in self.own if r.progress in wanted]

    @property
    def overdue(self) -> list[MyReturn]:
        return [r for r in self.own if r.progress is returns.ReturnProgress.OVERDUE]


def my_returns(
    partnership: Partnership,
    organisation: Organisation | None,
    *,
    approver: bool,
    today: datetime.date,
) -> MyReturnsPage:
    """The returns of `organisation` (the person's agency, if they enter figures)
    for the current quarter and the four before it, newest first, and, for an
    approver, every return of the partnership awaiting approval. A quarter before
    the partnership's "Reporting from" quarter is left out unless a return for it
    was submitted, and is never due or overdue (`returns.return_owed`). At most four
    queries whatever the number of returns: settings, the agency's returns, whether
    it leads indicators, the returns awaiting approval; and `latest_figures`'s."""
    settings = return_settings(partnership.pk)
    deadline_days, reporting_from = settings.deadline_days, settings.reporting_from
    own: list[MyReturn] = []
    frequencies = (
        set(
            Indicator.objects.in_report()
            .filter(lead_agency=organisation, lifecycle=Lifecycle.ACTIVE)
            .values_list("frequency", flat=True)
        )
        if organisation is not None
        else set()
    )
    if frequencies:
        current = Period.containing(today, "quarter")
        quarters = [current]
        for _ in range(RECENT_QUARTERS):
            quarters.append(quarters[-1].previous())
        states = dict(
            Submission.objects.filter(
                organisation=organisation, period__in=[str(q) for q in quarters]
            ).values_list("period", "state")
        )
        for quarter in quarters:
            state = SubmissionState(states.get(str(quarter), SubmissionState.DRAFT))
            if state == SubmissionState.DRAFT and not returns.return_owed(
                frequencies, quarter, reporting_from
            ):
                # A quarter that asks the agency for nothing, or one before the
                # partnership reports from, owes no return.
                continue
            deadline = returns.return_deadline(quarter, deadline_days)
            progress = returns.return_progress(state, quarter, deadline, today, reporting_from)
            own.append(MyReturn(organisation, quarter, state, progress, deadline))
    awaiting: list[MyReturn] = []
    if approver:
        for submission in (
            Submission.objects.filter(partnership=partnership, state=SubmissionState.SUBMITTED)
            .select_related("organisation", "submitted_by__person")
            .order_by("period", "organisation__name")
        ):
            quarter = parse_period(submission.period)
            deadline = returns.return_deadline(quarter, deadline_days)
            who = submission.submitted_by
            awaiting.append(
                MyReturn(
                    submission.organisation,
                    quarter,
                    SubmissionState.SUBMITTED,
                    returns.ReturnProgress.AWAITING_APPROVAL,
                    deadline,
                    submitted_by=who.display_name if who else "",
                )
            )
    latest = latest_figures(partnership, return_due_for(today), organisation)
    return MyReturnsPage(
        today, deadline_days, own, awaiting, organisation, approver, latest, reporting_from
    )


# My Roundtable -------------------------------------------------------------------------

# Returns still open: saved but not submitted, returned, or waiting for sign-off.
OPEN_STATES = (SubmissionState.DRAFT, SubmissionState.RETURNED, SubmissionState.SUBMITTED)


@dataclass
class ReturnDue:
    """An agency's return for a quarter, as its editors and approvers need to know it:
    where it stands by the same rule as "My returns" (`returns.return_progress`)."""

    organisation: Organisation
    quarter: Period
    progress: returns.ReturnProgress
    due: datetime.date
    to_approve: bool

    @property
    def overdue(self) -> bool:
        return self.progress is returns.ReturnProgress.OVERDUE

    @property
    def awaiting_approval(self) -> bool:
        return self.progress is returns.ReturnProgress.AWAITING_APPROVAL

    @property
    def label(self) -> str:
        if self.to_approve:
            return "Awaiting your approval"
        return self.progress.label

    @property
    def colour(self) -> str:
        return self.progress.colour

    @property
    def url(self) -> str:
        return entry_url(self.organisation.pk, self.quarter)


def returns_for(
    user: User | AnonymousUser, partnership: Partnership, today: datetime.date
) -> list[ReturnDue]:
    """The returns the user enters or approves (as `permissions.openable_returns`: the
    lead agencies' editors, the partnership's administrators and performance leads):
    every such agency's return for the quarter being collected (`return_due_for`),
    and any earlier quarter's return still open; none that is not submitted for a
    quarter before the partnership's "Reporting from" quarter (`returns.return_owed`),
    and none there is overdue. Due dates follow the partnership's
    setting (`returns.return_deadline`), as on "My returns". Overdue first, then
    waiting for approval, then the rest, by quarter and agency. At most four
    queries: performance leads, lead agencies, the settings, returns."""
    if not user.is_authenticated:
        return []
    signs_off = may_sign_off(user, partnership.pk)
    leading = (
        Indicator.objects.in_report()
        .filter(partnership=partnership, lifecycle=Lifecycle.ACTIVE, lead_agency__isnull=False)
        .select_related("lead_agency")
        .only("frequency", "lead_agency")
    )
    if not signs_off:
        leading = leading.filter(lead_agency_id=user.organisation_id)
    frequencies: dict[int, set[str]] = {}
    agencies: dict[int, Organisation] = {}
    for indicator in leading:
        agencies[indicator.lead_agency_id] = indicator.lead_agency
        frequencies.setdefault(indicator.lead_agency_id, set()).add(indicator.frequency)
    # `permissions.openable_returns`, with `signs_off` asked once.
    by_id = {pk: o for pk, o in agencies.items() if signs_off or can(user, CanDo.CHANGE, o)}
    if not by_id:
        return []
    quarter = return_due_for(today)
    settings = return_settings(partnership.pk)
    deadline_days, reporting_from = settings.deadline_days, settings.reporting_from
    submissions = {
        (s.organisation_id, s.period): s
        for s in Submission.objects.visible_to(user).filter(
            Q(period=str(quarter)) | Q(state__in=OPEN_STATES),
            partnership=partnership,
            organisation_id__in=by_id,
        )
    }
    wanted = {(pk, str(quarter)) for pk in by_id} | set(submissions)
    rows = []
    for organisation_id, period in wanted:
        found = submissions.get((organisation_id, period))
        state = SubmissionState(found.state if found else SubmissionState.DRAFT)
        owed = parse_period(period)
        if state == SubmissionState.DRAFT and not returns.return_owed(
            frequencies[organisation_id], owed, reporting_from
        ):
            # A quarter that asks the agency for nothing (one leading only annual
            # indicators, in Q1 to Q3) owes no return: it could never be submitted.
            # Nor does one before the partnership reports from (a new partnership's
            # past, or the history it imported).
            continue
        due = returns.return_deadline(owed, deadline_days)
        rows.append(
            ReturnDue(
                organisation=by_id[organisation_id],
                quarter=owed,
                progress=returns.return_progress(state, owed, due, today, reporting_from),
                due=due,
                to_approve=signs_off
                and state == SubmissionState.SUBMITTED
                and found is not None
                and found.submitted_by_id != user.pk,
            )
        )
    return sorted(
        rows,
        key=lambda r: (not r.overdue, not r.awaiting_approval, r.quarter, r.organisation.name),
    )
