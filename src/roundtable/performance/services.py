"""Every write to performance records: figures, commentary and their sign-off.

Figures an agency has had approved for a reporting quarter are locked; changing
them needs the submission re-opened with a reason, which the history keeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from roundtable.core.permissions import Action, refuse, require
from roundtable.core.records import save_with_history
from roundtable.performance.choices import MissingReason, SubmissionState
from roundtable.performance.models import (
    DataIssue,
    Indicator,
    IndicatorValue,
    MissingFigure,
    PerformanceSettings,
    Submission,
)
from roundtable.performance.periods import (
    Frequency,
    Period,
    PeriodKind,
    frequency_fits,
    parse_period,
    return_quarter,
)
from roundtable.performance.permissions import may_sign_off
from roundtable.performance.returns import (
    required_periods,
)
from roundtable.performance.rules import figure_order
from roundtable.performance.signals import figures_changed
from roundtable.strategy.models import Objective, Priority

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Organisation, Partnership
    from roundtable.performance.forms import PerformanceSettingsForm


def reporting_quarter(period: Period) -> Period:
    """The quarter whose return a period's figures belong to (and whose sign-off
    locks them): `periods.return_quarter`.

    2011-07 → 2011/12 Q2; 2011/12 T1 (April–July) → Q1; T2 → Q2; the year → Q4.
    """
    return return_quarter(period)


def locked_agency_periods(partnership: Partnership) -> set[tuple[int, str]]:
    """(organisation id, quarter) pairs whose figures are approved and locked."""
    return set(
        Submission.objects.filter(
            partnership=partnership, state=SubmissionState.APPROVED
        ).values_list("organisation_id", "period")
    )


def closed_returns(partnership: Partnership) -> dict[tuple[int, str], str]:
    """(organisation id, quarter) → state, for returns whose figures nobody may change:
    approved ones (until re-opened) and submitted ones (until returned or withdrawn)."""
    return {
        (organisation_id, period): state
        for organisation_id, period, state in Submission.objects.filter(
            partnership=partnership,
            state__in=(SubmissionState.APPROVED, SubmissionState.SUBMITTED),
        ).values_list("organisation_id", "period", "state")
    }


def closed_message(agency: object, quarter: str, state: str, what: str = "figures") -> str:
    """Why an agency's figures for a quarter cannot be changed, and what to do."""
    if state == SubmissionState.SUBMITTED:
        return (
            f"{agency}'s {what} for {quarter} are submitted for approval and locked; "
            "withdraw the submission, or ask a performance lead to return it, "
            "before changing them"
        )
    return (
        f"{agency}'s {what} for {quarter} are approved and locked; "
        "re-open them with a reason before changing them"
    )


def _submission(organisation: Organisation, quarter: Period) -> Submission:
    submission, _ = Submission.objects.get_or_create(
        organisation=organisation,
        period=str(quarter),
        defaults={"partnership_id": organisation.partnership_id},
    )
    return submission


def _require_sign_off(actor: User, submission: Submission) -> None:
    if not may_sign_off(actor, submission.partnership_id):
        raise refuse(actor)


class MissingFigures(ValidationError):
    """Submitting a return that lacks figures, without a reason for each: `missing`
    lists them (indicator, period), by code as people read it (`rules.figure_order`)."""

    def __init__(self, missing: list[tuple[Indicator, Period]]) -> None:
        self.missing = missing
        count = len(missing)
        super().__init__(
            f"{count} figure{'s are' if count != 1 else ' is'} missing; give a reason for "
            f"each missing figure to submit without {'them' if count != 1 else 'it'}"
        )


@dataclass(frozen=True)
class MissingReasonEntry:
    """Why one figure is missing from a submitted return."""

    reason: str
    explanation: str = ""


def _missing_figures(organisation: Organisation, quarter: Period) -> list[tuple[Indicator, Period]]:
    """The required actuals the agency's return for the quarter does not give (two
    queries: its indicators, their figures)."""
    indicators = list(
        Indicator.objects.in_report()
        .filter(lead_agency=organisation, lifecycle="active")
        .order_by("theme", "code")
    )
    wanted = [(i, p) for i in indicators for p in required_periods(i.frequency, quarter)]
    given = set(
        IndicatorValue.objects.filter(
            indicator__in=indicators,
            period__in={str(p) for _, p in wanted},
            actual__isnull=False,
        ).values_list("indicator_id", "period")
    )
    missing = [(i, p) for i, p in wanted if (i.pk, str(p)) not in given]
    return sorted(missing, key=lambda gap: figure_order(gap[0].code, gap[1]))


@transaction.atomic
def submit_figures(
    actor: User,
    organisation: Organisation,
    quarter: Period,
    reasons: dict[tuple[int, str], MissingReasonEntry] | None = None,
) -> Submission:
    """The agency says its figures for the quarter are ready for approval.

    A return with missing figures is submitted only with a reason for each
    (`reasons`, keyed (indicator id, period)); otherwise MissingFigures lists them.
    The reasons are kept with the submission for the approver.
    """
    submission = _submission(organisation, quarter)
    require(actor, Action.CHANGE, submission)
    entered = IndicatorValue.objects.filter(
        organisation=organisation, period_end__range=(quarter.start, quarter.end)
    ).exists()
    if not entered:
        raise ValidationError(
            f"Enter {organisation}'s figures for {quarter.label} before submitting them"
        )
    if submission.state in (SubmissionState.SUBMITTED, SubmissionState.APPROVED):
        raise ValidationError(f"These figures are already {submission.get_state_display().lower()}")
    reasons = reasons or {}
    missing = _missing_figures(organisation, quarter)
    unexplained = [(i, p) for i, p in missing if (i.pk, str(p)) not in reasons]
    if unexplained:
        raise MissingFigures(missing)
    for indicator, period in missing:
        entry = reasons[(indicator.pk, str(period))]
        if entry.reason not in MissingReason.values:
            raise ValidationError(f"{indicator.code}, {period.label}: choose a reason")
        if entry.reason == MissingReason.OTHER and not entry.explanation.strip():
            raise ValidationError(
                f"{indicator.code}, {period.label}: say why the figure is missing"
            )
    submission.missing_figures.all().delete()
    MissingFigure.objects.bulk_create(
        MissingFigure(
            submission=submission,
            indicator=indicator,
            period=str(period),
            reason=reasons[(indicator.pk, str(period))].reason,
            explanation=reasons[(indicator.pk, str(period))].explanation.strip(),
            partnership_id=submission.partnership_id,
        )
        for indicator, period in missing
    )
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_by = actor
    submission.submitted_at = timezone.now()
    submission.reason = ""
    note = f"; {len(missing)} figure{'s' if len(missing) != 1 else ''} missing" if missing else ""
    return save_with_history(submission, actor, f"Submitted for approval{note}")


@transaction.atomic
def withdraw_submission(actor: User, submission: Submission) -> Submission:
    """The agency takes back its submitted figures to change them; the approver
    can no longer approve them until they are submitted again."""
    require(actor, Action.CHANGE, submission)
    if submission.state != SubmissionState.SUBMITTED:
        raise ValidationError("Only submitted figures can be withdrawn")
    submission.state = SubmissionState.DRAFT
    return save_with_history(submission, actor, "Submission withdrawn")


@transaction.atomic
def approve_figures(actor: User, submission: Submission) -> Submission:
    """The performance lead approves the figures; they are locked from now on."""
    _require_sign_off(actor, submission)
    if submission.state != SubmissionState.SUBMITTED:
        raise ValidationError("Only submitted figures can be approved")
    if submission.submitted_by_id == actor.pk:
        raise ValidationError(
            "Someone other than the person who submitted the figures must approve them"
        )
    submission.state = SubmissionState.APPROVED
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    save_with_history(submission, actor, "Approved")
    figures_changed.send(sender=Submission, partnership=submission.partnership)
    return submission


@transaction.atomic
def return_figures(actor: User, submission: Submission, reason: str) -> Submission:
    """The performance lead sends the figures back, saying why."""
    _require_sign_off(actor, submission)
    if submission.state != SubmissionState.SUBMITTED:
        raise ValidationError("Only submitted figures can be returned")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the figures are being returned"})
    submission.state = SubmissionState.RETURNED
    submission.decided_by = actor
    submission.decided_at = timezone.now()
    submission.reason = reason.strip()
    return save_with_history(submission, actor, f"Returned: {reason.strip()}")


@transaction.atomic
def reopen_figures(actor: User, submission: Submission, reason: str) -> Submission:
    """Unlock approved figures for a correction; the reason is kept in the history."""
    _require_sign_off(actor, submission)
    if submission.state != SubmissionState.APPROVED:
        raise ValidationError("Only approved figures need re-opening")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the approved figures need correcting"})
    submission.state = SubmissionState.DRAFT
    submission.reason = reason.strip()
    save_with_history(submission, actor, f"Re-opened for correction: {reason.strip()}")
    figures_changed.send(sender=Submission, partnership=submission.partnership)
    return submission


@transaction.atomic
def approve_all_figures(partnership: Partnership) -> int:
    """Mark every agency's figures as approved (loading published figures, such as
    a board pack's). Returns how many returns were newly approved."""
    pairs = {
        (organisation_id, str(reporting_quarter(parse_period(period))))
        for organisation_id, period in IndicatorValue.objects.filter(
            partnership=partnership, organisation__isnull=False
        ).values_list("organisation_id", "period")
    }
    approved = 0
    for organisation_id, quarter in sorted(pairs):
        submission, _ = Submission.objects.get_or_create(
            organisation_id=organisation_id,
            period=quarter,
            defaults={"partnership": partnership},
        )
        if submission.state != SubmissionState.APPROVED:
            submission.state = SubmissionState.APPROVED
            submission.decided_at = timezone.now()
            save_with_history(submission, None, "Approved: published figures loaded")
            approved += 1
    if approved:
        figures_changed.send(sender=Submission, partnership=partnership)
    return approved


@transaction.atomic
def record_indicator_value(
    actor: User,
    indicator: Indicator,
    period: Period,
    *,
    actual: Decimal | None,
    target: Decimal | None = None,
    estimated: bool = False,
    note: str = "",
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
) -> IndicatorValue:
    """Enter or correct one figure, as the lead agency's editor or an administrator,
    with the numerator and denominator it was worked out from, if any.

    Refused (PermissionDenied) for anyone else, and (ValidationError) for a period
    shorter than the indicator's frequency or whose figures are approved and locked.
    """
    if not frequency_fits(Frequency(indicator.frequency), period):
        raise ValidationError(
            {
                "period": f"{indicator.code} is {indicator.get_frequency_display().lower()}; "
                f"it has no figures for {period}"
            }
        )
    value = IndicatorValue.objects.filter(indicator=indicator, period=str(period)).first()
    if value is None:
        value = IndicatorValue(indicator=indicator, period=str(period))
    value.period_start, value.period_end = period.start, period.end
    value.partnership_id = indicator.partnership_id
    value.organisation_id = indicator.lead_agency_id
    require(actor, Action.ADD if value.pk is None else Action.CHANGE, value)
    quarter = str(reporting_quarter(period))
    state = closed_returns(indicator.partnership).get((indicator.lead_agency_id, quarter))
    if state:
        raise ValidationError(closed_message(indicator.lead_agency, quarter, state))
    value.actual, value.target, value.estimated, value.note = actual, target, estimated, note
    value.numerator, value.denominator = numerator, denominator
    return save_with_history(value, actor, validate=True)


def save_indicator(actor: User, indicator: Indicator) -> Indicator:
    """Save an indicator's definition (administrators), validated, with its history."""
    return save_with_history(indicator, actor, validate=True)


def save_data_issue(actor: User, issue: DataIssue) -> DataIssue:
    """Record or update a data issue and the board's decision, with its history."""
    return save_with_history(issue, actor, validate=True)


@transaction.atomic
def save_performance_settings(actor: User, form: PerformanceSettingsForm) -> PerformanceSettings:
    """Save the status policy and the performance leads, with their history."""
    settings = save_with_history(form.save(commit=False), actor, validate=True)
    form.save_m2m()
    return settings


def start_performance_settings(
    actor: User | None, partnership: Partnership, today: datetime.date | None = None
) -> PerformanceSettings:
    """A new partnership's performance settings: the defaults, reporting from the
    quarter it is set up in (`today`'s), so its agencies owe no return for an
    earlier quarter (`returns.return_expected`); figures of earlier quarters may
    still be imported. `partnership.services.create_partnership` calls it
    (registered in `PerformanceConfig.ready`). Partnerships that were there before
    the setting keep it empty: every quarter is expected, as before."""
    quarter = Period.containing(today or timezone.localdate(), PeriodKind.QUARTER)
    settings = PerformanceSettings(partnership=partnership, reporting_from=str(quarter))
    return save_with_history(settings, actor, "Partnership created", validate=True)


@transaction.atomic
def set_measured_indicators(
    actor: User | None, measured: Priority | Objective, indicators: Iterable[Indicator]
) -> list[Indicator]:
    """Say which of the partnership's indicators measure a strategy priority or an
    objective (replacing the previous list; who may edit the priority or objective
    may). An indicator of another partnership is refused at `indicators`. Each
    indicator added or taken off keeps the change in its own history (the link is
    the indicator's: performance sits above strategy). Returns the indicators now
    linked."""
    require(actor, Action.CHANGE, measured)
    chosen = list(indicators)
    foreign = [i.code for i in chosen if i.partnership_id != measured.partnership_id]
    if foreign:
        raise ValidationError(
            {"indicators": f"Choose the partnership's own indicators, not {', '.join(foreign)}"}
        )
    name = "priorities" if isinstance(measured, Priority) else "objectives"
    linked = {i.pk: i for i in Indicator.objects.filter(**{name: measured})}
    wanted = {i.pk: i for i in chosen}
    for pk in wanted.keys() - linked.keys():
        _change_link(actor, wanted[pk], name, measured, add=True)
    for pk in linked.keys() - wanted.keys():
        _change_link(actor, linked[pk], name, measured, add=False)
    return sorted(wanted.values(), key=lambda i: (i.theme, i.code))


def _change_link(
    actor: User | None,
    indicator: Indicator,
    name: str,
    measured: Priority | Objective,
    *,
    add: bool,
) -> None:
    """Add or take off one link from the indicator's side, so its history names `actor`
    (simple-history records an m2m change on the side that holds the field)."""
    indicator._history_user = actor
    links = getattr(indicator, name)
    (links.add if add else links.remove)(measured)
