"""Access helpers for performance records; the rules are in roundtable.core.permissions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.http import Http404
from django.shortcuts import get_object_or_404

from roundtable.core.permissions import (
    Action,
    can,
    may_sign_off,
    refuse,
    require,
)
from roundtable.partnership.models import Organisation
from roundtable.performance.choices import SubmissionState
from roundtable.performance.models import Indicator, Submission
from roundtable.performance.periods import Period, PeriodKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


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
        .select_related("submitted_by", "decided_by")
        .first()
    )
    return ReturnAccess(organisation, quarter, submission, can_edit, can_sign_off)
