"""Writes for partners' data entry: an agency's figures and commentary for a
reporting quarter, saved all together, and uploads limited to the agency's own
indicators.

Every figure goes through `services.record_indicator_value`, so the permission and
lock rules are the same as everywhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from roundtable.core.imports import ImportFailed, RowError, Table
from roundtable.core.permissions import Action, require
from roundtable.core.records import save_with_history
from roundtable.partnership.rules import name_key
from roundtable.performance.imports import Summary, import_values
from roundtable.performance.models import Commentary, Indicator, IndicatorValue
from roundtable.performance.periods import Period, parse_period, return_quarter
from roundtable.performance.services import (
    closed_message,
    closed_returns,
    record_indicator_value,
)

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Organisation

COMMENTARY_FIELDS = ("progress", "key_events", "challenges", "mitigations")


@dataclass(frozen=True)
class FigureEntry:
    """One indicator's figures for one period, as entered and checked."""

    indicator: Indicator
    period: Period
    actual: Decimal | None
    target: Decimal | None
    estimated: bool
    note: str
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class CommentaryEntry:
    """One indicator's commentary for the quarter, as entered."""

    indicator: Indicator
    progress: str = ""
    key_events: str = ""
    challenges: str = ""
    mitigations: str = ""


@transaction.atomic
def save_commentary(
    actor: User,
    indicator: Indicator,
    period: Period,
    *,
    progress: str = "",
    key_events: str = "",
    challenges: str = "",
    mitigations: str = "",
) -> Commentary | None:
    """Write the lead agency's commentary on an indicator for a period.

    Refused (PermissionDenied) for anyone but the lead agency's editors and the
    partnership's administrators, and (ValidationError) once the agency's figures
    for the period's quarter are approved. Nothing is saved when nothing changed,
    and no record is made for commentary left blank; returns the commentary, or
    None when there is none.
    """
    fields = {
        "progress": progress.strip(),
        "key_events": key_events.strip(),
        "challenges": challenges.strip(),
        "mitigations": mitigations.strip(),
    }
    commentary = Commentary.objects.filter(indicator=indicator, period=str(period)).first()
    if commentary is None:
        commentary = Commentary(indicator=indicator, period=str(period))
    commentary.partnership_id = indicator.partnership_id
    commentary.organisation_id = indicator.lead_agency_id
    require(actor, Action.ADD if commentary.pk is None else Action.CHANGE, commentary)
    unchanged = all(getattr(commentary, name) == value for name, value in fields.items())
    if unchanged:
        return commentary if commentary.pk else None
    quarter = str(return_quarter(period))
    state = closed_returns(indicator.partnership).get((indicator.lead_agency_id, quarter))
    if state:
        raise ValidationError(closed_message(indicator.lead_agency, quarter, state, "commentary"))
    for name, value in fields.items():
        setattr(commentary, name, value)
    return save_with_history(commentary, actor, validate=True)


@transaction.atomic
def save_agency_return(
    actor: User,
    organisation: Organisation,
    quarter: Period,
    figures: list[FigureEntry],
    commentary: list[CommentaryEntry],
) -> int:
    """Save an agency's figures and commentary for a quarter: all of them or, if
    any is refused, none. Returns how many figures and commentaries were written."""
    for item in [*figures, *commentary]:
        if item.indicator.lead_agency_id != organisation.pk:
            raise ValidationError(f"{item.indicator.code} is not led by {organisation}")
    for figure in figures:
        record_indicator_value(
            actor,
            figure.indicator,
            figure.period,
            actual=figure.actual,
            target=figure.target,
            estimated=figure.estimated,
            note=figure.note,
            numerator=figure.numerator,
            denominator=figure.denominator,
        )
    for item in commentary:
        save_commentary(
            actor,
            item.indicator,
            quarter,
            progress=item.progress,
            key_events=item.key_events,
            challenges=item.challenges,
            mitigations=item.mitigations,
        )
    return len(figures) + len(commentary)


def import_agency_values(
    actor: User, organisation: Organisation, quarter: Period, table: Table
) -> Summary:
    """Import a values file (code,period,actual,target,estimated,note) into one
    agency's return for one quarter.

    Every row must be for an indicator the agency leads and a period reported in
    the quarter; otherwise the row is named and nothing is saved. The rest of the
    checks, and the writing, are `imports.import_values`'.
    """
    require(
        actor,
        Action.CHANGE,
        IndicatorValue(partnership_id=organisation.partnership_id, organisation=organisation),
    )
    state = closed_returns(organisation.partnership).get((organisation.pk, str(quarter)))
    if state:
        raise ImportFailed(
            [RowError(None, None, closed_message(organisation, quarter.label, state))]
        )
    indicators = {
        name_key(i.code): i
        for i in Indicator.objects.filter(
            partnership_id=organisation.partnership_id
        ).select_related("lead_agency")
    }
    errors: list[RowError] = []
    for row in table:
        code = row.get("code")
        indicator = indicators.get(name_key(code)) if code else None
        if indicator is not None and not indicator.in_report:
            errors.append(
                RowError(
                    row.number,
                    "code",
                    f"{indicator.code} is not in the performance report, so returns do not "
                    "collect it; remove the row",
                )
            )
        elif indicator is not None and indicator.lead_agency_id != organisation.pk:
            lead = indicator.lead_agency or "no agency"
            errors.append(
                RowError(
                    row.number,
                    "code",
                    f"{indicator.code} is led by {lead}, not {organisation}; "
                    f"upload only {organisation}'s indicators here",
                )
            )
        try:
            period = parse_period(row.get("period")) if row.get("period") else None
        except ValueError:
            period = None  # import_values names the bad period
        if period is not None and return_quarter(period) != quarter:
            errors.append(
                RowError(
                    row.number,
                    "period",
                    f"'{row.get('period')}' belongs to the return for "
                    f"{return_quarter(period).label}, not {quarter.label}; "
                    "upload it on that quarter's page",
                )
            )
    if errors:
        raise ImportFailed(errors)
    # An agency's editor cannot import indicators: the codes they may use are on the page.
    return import_values(
        table,
        organisation.partnership,
        actor,
        unknown_code=f"use the code of one of {organisation}'s indicators listed on this page",
    )
