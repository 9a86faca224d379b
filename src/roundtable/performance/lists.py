"""The indicator library, the data issues log and the returns dashboard as a
request→rows function each, shared by the page and its CSV and XLSX download
(`core.exports.Listing`): both read the same rule of who sees which indicators
(`sees_internal_figures`) and returns (`require_internal_figures`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils import timezone

from roundtable.core.exports import Column, Listing
from roundtable.partnership.access import sees_internal_figures
from roundtable.partnership.middleware import current_partnership
from roundtable.performance import queries, returns_queries
from roundtable.performance.periods import parse_quarter
from roundtable.performance.permissions import require_internal_figures

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from roundtable.performance.models import DataIssue, Indicator
    from roundtable.performance.returns_queries import AgencyStatus, Dashboard


def indicator_list(request: HttpRequest) -> list[Indicator]:
    """The indicators the reader may see, by theme then code as people read it
    ("NI 45" before "NI 195 d"; `queries.visible_indicators`): all of them for the
    partnership's own people, public ones for everyone else."""
    partnership = current_partnership(request)
    internal = sees_internal_figures(request.user, partnership.pk)
    return queries.visible_indicators(partnership, internal=internal)


def data_issue_list(request: HttpRequest) -> QuerySet[DataIssue]:
    """The data issues log's issues the reader may see, newest first."""
    partnership = current_partnership(request)
    internal = sees_internal_figures(request.user, partnership.pk)
    return queries.visible_data_issues(partnership, internal=internal)


INDICATORS = Listing(
    name="indicators",
    title="Indicators",
    columns=(
        Column("Code", lambda i: i.code),
        Column("Indicator", lambda i: i.name),
        Column("Theme", lambda i: i.theme),
        Column("Unit", lambda i: i.unit),
        Column("Better when", lambda i: i.get_polarity_display()),
        Column("Frequency", lambda i: i.get_frequency_display()),
        Column("Lead agency", lambda i: i.lead_agency.name if i.lead_agency else ""),
        Column("Public", lambda i: i.is_public),
    ),
    rows=indicator_list,
)

DATA_ISSUES = Listing(
    name="data-issues",
    title="Data issues",
    columns=(
        Column("Indicator code", lambda d: d.indicator.code if d.indicator else "General"),
        Column("Indicator", lambda d: d.indicator.name if d.indicator else ""),
        Column("Kind of issue", lambda d: d.get_kind_display()),
        Column("Issue", lambda d: d.issue),
        Column("Raised on", lambda d: d.raised_on),
        Column("Recommended decision", lambda d: d.recommended_decision),
        Column("Board decision", lambda d: d.board_decision),
        Column("Decided on", lambda d: d.decided_on),
        Column("Status", lambda d: d.get_status_display()),
    ),
    rows=data_issue_list,
    addresses=False,
)


def returns_dashboard(request: HttpRequest) -> Dashboard:
    """The returns dashboard for the quarter `?period=` names (else
    `returns_queries.returns_quarter`: the latest with figures, else the current one,
    not before the partnership's "Reporting from" quarter): for the partnership's own
    signed-in people only; a period that is not a quarter is not found."""
    partnership = current_partnership(request)
    require_internal_figures(request.user, partnership.pk)
    text = request.GET.get("period", "").strip()
    try:
        quarter = parse_quarter(text) if text else None
    except ValueError as error:
        raise Http404(str(error)) from None
    settings = returns_queries.return_settings(partnership.pk)
    if quarter is None:
        today = timezone.localdate()
        quarter = returns_queries.returns_quarter(partnership, today, settings.reporting_from)
    return returns_queries.returns_dashboard(partnership, quarter, settings)


def returns_dashboard_rows(request: HttpRequest) -> list[AgencyStatus]:
    return returns_dashboard(request).agencies


def _gaps(agency: AgencyStatus) -> str:
    return "; ".join(
        f"{gap.label}: {gap.reason}" if gap.reason else gap.label for gap in agency.gaps
    )


RETURNS = Listing(
    name="returns",
    title="Returns",
    columns=(
        Column("Agency", lambda a: a.organisation.name),
        Column("Quarter", lambda a: a.quarter.label),
        Column("Status", lambda a: a.state_label),
        Column("Indicators led", lambda a: a.indicators),
        Column("Figures expected", lambda a: a.expected),
        Column("Figures missing", lambda a: len(a.gaps)),
        Column("Missing figures and why", _gaps),
    ),
    rows=returns_dashboard_rows,
    addresses=False,
)
