"""Access helpers and rules for performance records.

The role rules are in `roundtable.partnership.access`; sign-off, which only
performance knows, is here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from roundtable.accounts.choices import Role
from roundtable.core.permissions import Action, can, refuse, require
from roundtable.partnership.access import is_administrator, sees_internal_figures
from roundtable.partnership.models import Organisation
from roundtable.performance.choices import SubmissionState
from roundtable.performance.models import Indicator, PerformanceSettings, Submission
from roundtable.performance.periods import Period, PeriodKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def may_sign_off(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Administrators of the partnership and its performance leads approve, return
    and re-open agencies' figures."""
    if is_administrator(user, partnership_id):
        return True
    if not user.is_authenticated or not user.is_active or user.partnership_id != partnership_id:
        return False
    return PerformanceSettings.objects.filter(
        partnership_id=partnership_id, performance_leads=user
    ).exists()


def may_enter_figures(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Organisation editors of the partnership enter their agency's figures (its
    administrators may enter any agency's, and also sign off)."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.EDITOR
        and user.organisation_id is not None
        and user.partnership_id == partnership_id
    )


def may_work_on_returns(user: User | AnonymousUser, partnership_id: int | None) -> bool:
    """Whoever enters or approves any agency's figures: they get "My returns"."""
    return may_enter_figures(user, partnership_id) or may_sign_off(user, partnership_id)


def require_internal_figures(user: User | AnonymousUser, partnership_id: int | None) -> None:
    """Pages of figures before approval (the returns dashboard) are for the
    partnership's signed-in people; others are refused (sign in first if anonymous)."""
    if not sees_internal_figures(user, partnership_id):
        raise refuse(user)


def openable_returns(
    user: User | AnonymousUser, partnership_id: int, organisations: list[Organisation]
) -> set[int]:
    """The ids of the agencies whose return the user may open: every one for those
    who sign off, otherwise those whose records they may change (their own)."""
    if may_sign_off(user, partnership_id):
        return {organisation.pk for organisation in organisations}
    return {o.pk for o in organisations if can(user, Action.CHANGE, o)}


def get_indicator_for_user(
    user: User | AnonymousUser, pk: int, *, action: Action = Action.VIEW
) -> Indicator:
    """The indicator, if the user may see it: non-public indicators are for the
    partnership's own signed-in people only (others get a 404, not a hint)."""
    indicator = get_object_or_404(
        Indicator.objects.select_related("partnership", "lead_agency", "responsible_officer"),
        pk=pk,
    )
    if not indicator.is_visible_to(user):
        raise Http404("No indicator found")
    require(user, action, indicator)
    return indicator


@dataclass
class ReturnAccess:
    """An agency's return for a quarter, and what the user may do with it."""

    organisation: Organisation
    quarter: Period
    submission: Submission | None
    can_edit: bool
    can_sign_off: bool

    @property
    def state(self) -> SubmissionState:
        return SubmissionState(self.submission.state if self.submission else "draft")

    @property
    def locked(self) -> bool:
        return self.state == SubmissionState.APPROVED

    @property
    def closed(self) -> bool:
        """Nobody may change the figures: approved (until re-opened) or submitted
        (until the approver returns them or the agency withdraws them)."""
        return self.state in (SubmissionState.APPROVED, SubmissionState.SUBMITTED)


def get_return_for_user(
    user: User | AnonymousUser, organisation_id: int, quarter: Period
) -> ReturnAccess:
    """The return, if the user may open it: the agency's editors, the partnership's
    administrators and its performance leads; everyone else is refused (sign in
    first if anonymous)."""
    if quarter.kind is not PeriodKind.QUARTER:
        raise Http404("Returns are made for a quarter")
    organisation = get_object_or_404(
        Organisation.objects.select_related("partnership"), pk=organisation_id
    )
    can_edit = can(user, Action.CHANGE, organisation)
    can_sign_off = may_sign_off(user, organisation.partnership_id)
    if not (can_edit or can_sign_off):
        raise refuse(user)
    submission = (
        Submission.objects.filter(organisation=organisation, period=str(quarter))
        .select_related("submitted_by__person", "decided_by__person")
        .first()
    )
    return ReturnAccess(organisation, quarter, submission, can_edit, can_sign_off)
