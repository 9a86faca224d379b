"""Access helpers: fetch a meetings record for a user, or refuse.

Every meetings page gets its object through one of these. Records with
restricted content (items, papers, resolutions, actions) are fetched from their
`visible_to` queryset, so one the user may not see answers 404: its existence is
not confirmed. A record the user may see but not change answers 403 (or the
sign-in page when nobody is signed in).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import get_object_or_404

from roundtable.core.permissions import Action, can, require
from roundtable.meetings.choices import MinutesStatus
from roundtable.meetings.models import (
    Action as MeetingAction,
)
from roundtable.meetings.models import (
    AgendaItem,
    Meeting,
    Paper,
    Resolution,
)
from roundtable.partnership.access import body_ids_managed_by, manages_body, sits_on

if TYPE_CHECKING:
    from roundtable.accounts.models import User
    from roundtable.partnership.models import Body

    AnyUser = User | AnonymousUser


def get_meeting_for_user(user: AnyUser, pk: int, *, action: Action = Action.VIEW) -> Meeting:
    """A meeting (the schedule is public); changing it needs its body's managers.
    What is recorded of it is read as `user` may see it (`with_record`), in the same
    query."""
    meeting = get_object_or_404(
        Meeting.objects.with_record(user).select_related(
            "body", "body__partnership", "minutes_approved_at"
        ),
        pk=pk,
    )
    require(user, action, meeting)
    return meeting


def get_item_for_user(user: AnyUser, pk: int, *, action: Action = Action.VIEW) -> AgendaItem:
    """An agenda item the user may see (404 otherwise), and may `action`."""
    item = get_object_or_404(
        AgendaItem.objects.visible_to(user).select_related(
            "meeting", "meeting__body", "meeting__body__partnership", "parent"
        ),
        pk=pk,
    )
    require(user, action, item)
    return item


def get_paper_for_user(user: AnyUser, pk: int, *, action: Action = Action.VIEW) -> Paper:
    """A paper the user may see: a restricted paper (or one of a restricted item or a
    draft agenda) is a 404 for anyone who may not see it, whatever they ask of it."""
    paper = get_object_or_404(
        Paper.objects.visible_to(user).select_related(
            "item", "item__meeting", "item__meeting__body", "body__partnership"
        ),
        pk=pk,
    )
    require(user, action, paper)
    return paper


def get_resolution_for_user(user: AnyUser, pk: int, *, action: Action = Action.VIEW) -> Resolution:
    resolution = get_object_or_404(
        Resolution.objects.visible_to(user).select_related("item", "item__meeting"), pk=pk
    )
    require(user, action, resolution.item)
    return resolution


def get_action_for_user(user: AnyUser, pk: int, *, action: Action = Action.VIEW) -> MeetingAction:
    """An action the user may see (404 otherwise); changing it needs its owner, the
    owning organisation's editors or the body's managers."""
    found = get_object_or_404(
        MeetingAction.objects.visible_to(user).select_related(
            "body", "body__partnership", "meeting", "item", "owner_person", "owner_organisation"
        ),
        pk=pk,
    )
    require(user, action, found)
    return found


def seen_by_everyone(record: AgendaItem | Paper | Resolution | MeetingAction) -> bool:
    """Whether anonymous visitors may see `record`, decided by its `visible_to` (so a
    paper of a sub-item of a restricted item is not public, whatever its own flags
    say). For caching: anything else is sent `private, no-store`."""
    manager: Any = type(record).objects
    return bool(manager.visible_to(AnonymousUser()).filter(pk=record.pk).exists())


def item_shown_with(user: AnyUser, action: MeetingAction) -> AgendaItem | None:
    """The item an action was raised under, if the user may see that item: an action's
    owner who does not sit on the body sees their action but not a restricted item."""
    if action.item_id is None:
        return None
    return AgendaItem.objects.visible_to(user).filter(pk=action.item_id).first()


def may_manage(user: AnyUser, body: Body) -> bool:
    """Whether the user runs the body's meetings (its secretariat or an administrator)."""
    return manages_body(user, body.pk)


def bodies_whose_minutes_user_records(user: AnyUser) -> Any:
    """The ids of the bodies whose meetings' minutes `user` may take, circulate and
    record the approval of, as a subquery (or an empty list): the rule of the
    minutes pages, which ask `get_meeting_for_user(..., action=Action.CHANGE)`, for
    a list. Those are the bodies they run (`may_manage`): the secretariat's, every
    body of an administrator's partnership, every body for a superuser."""
    if not user.is_authenticated or not user.is_active:
        return []
    return body_ids_managed_by(user)


def require_manager(user: AnyUser, body: Body) -> None:
    """Refuse anyone who does not run the body's meetings."""
    require(user, Action.ADD, _BodyRecord(body))


def may_update_action(user: AnyUser, action: MeetingAction) -> bool:
    return can(user, Action.CHANGE, action)


def sees_meeting_minutes(user: AnyUser, meeting: Meeting) -> bool:
    """Whether the user may read the meeting-level minutes (attendance, amendments).

    The same rule as `AgendaItem.objects.minutes_visible_to` for an open item:
    managers always, the body's members once circulated, everyone once approved.
    """
    if meeting.minutes_status == MinutesStatus.APPROVED:
        return True
    if not user.is_authenticated:
        return False
    if manages_body(user, meeting.body_id):
        return True
    return meeting.minutes_status == MinutesStatus.CIRCULATED and sits_on(user, meeting.body_id)


class _BodyRecord:
    """A stand-in record for "something of this body's meetings", for `require`."""

    def __init__(self, body: Body) -> None:
        self.partnership_id = body.partnership_id
        self.managing_body_id = body.pk
        self.owning_organisation_id = None
        self.is_public = True
