"""Meetings of the partnership's bodies: schedule, agenda, papers, attendance,
minutes, resolutions, the actions log and the forward plan.

Who sees what is decided in one place per record type: the `visible_to`
queryset methods below, which pages, feeds, search, exports, board packs and the
API all start from. In words:

- the **schedule** (meetings, including cancelled ones) is public;
- an **agenda** is seen by the body's managers (its secretariat and the
  partnership's administrators) while it is a draft, and by everyone once it is
  published, except **restricted items and papers**, which only the body's
  current members and its managers see;
- a **sub-item** of a restricted item is restricted too, whatever its own flag
  says (`_open` below), and so are its papers, minutes, resolutions and actions:
  a child is never seen where its parent is not;
- **minutes** (discussion, resolutions) are seen by managers while drafted, by
  members once circulated, and by everyone once approved, restricted items
  excepted; never, except by managers, while the agenda is unpublished;
- **actions** are seen by the body's members and managers, by their owners, and
  by everyone once the minutes that raised them are approved (and the agenda
  published), actions of restricted items excepted;
- the **forward plan** is public, but an entry that became a restricted item
  shows as "Restricted item" to those who may not see that item;
- an **email subscription** (someone who asked for emails about a body's public
  agendas and approved minutes) is personal data: no page lists the addresses; the
  body's managers see how many there are, and superusers the records.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import public, visible_through_queryset
from roundtable.core.words import shortened
from roundtable.meetings import rules
from roundtable.meetings.choices import (
    OUTSTANDING,
    ActionStatus,
    AgendaStatus,
    AttendanceStatus,
    Capacity,
    DecisionType,
    MeetingStatus,
    MinutesStatus,
    Purpose,
    RestrictionCategory,
)
from roundtable.partnership.access import body_ids_managed_by, body_ids_sat_on_by
from roundtable.partnership.addresses import owner_of, partnership_reverse

if TYPE_CHECKING:
    import datetime

    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def _everything(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def _scope(user: User | AnonymousUser, body_field: str) -> tuple[Q, Q]:
    """(managed, member): conditions on `body_field` for the bodies the user manages
    and the bodies the user sits on."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[]), Q(pk__in=[])
    managed = Q(**{f"{body_field}__in": body_ids_managed_by(user)})
    member = Q(**{f"{body_field}__in": body_ids_sat_on_by(user)}) | managed
    return managed, member


def _open(item: str = "") -> Q:
    """The condition that the agenda item at `item` (a lookup prefix such as "item__",
    or "" for the item itself) is open: neither it nor its parent is restricted.
    A sub-item inherits its parent's restriction, whatever its own flag says."""
    return Q(**{f"{item}restricted": False}) & (
        Q(**{f"{item}parent__isnull": True}) | Q(**{f"{item}parent__restricted": False})
    )


def _restricted(item: str = "") -> Q:
    """The opposite of `_open` for an item that exists: it or its parent is restricted."""
    return Q(**{f"{item}restricted": True}) | Q(**{f"{item}parent__restricted": True})


def _finished(now: datetime.datetime) -> Q:
    """`rules.has_finished` as a filter: ended, or started when no end time is set."""
    return Q(end__lte=now) | Q(end__isnull=True, start__lte=now)


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def upcoming(self, now: datetime.datetime) -> MeetingQuerySet:
        """Meetings still to come (or under way) at `now`, cancelled ones included."""
        return self.exclude(_finished(now))

    def past(self, now: datetime.datetime) -> MeetingQuerySet:
        """Meetings over by `now`: held, or cancelled ones whose date has gone."""
        return self.filter(_finished(now))

    def with_shown_status(self, status: str, now: datetime.datetime) -> MeetingQuerySet:
        """Meetings whose `Meeting.shown_status` at `now` is `status`."""
        if status == rules.Shown.CANCELLED:
            return self.filter(status=MeetingStatus.CANCELLED)
        live = self.exclude(status=MeetingStatus.CANCELLED)
        return live.past(now) if status == rules.Shown.HELD else live.upcoming(now)

    def minutes_not_approved(self, now: datetime.datetime) -> MeetingQuerySet:
        """Meetings held by `now` (cancelled ones aside) whose minutes are not yet
        approved: My Roundtable's minutes to record, and the meetings list's filter
        (`?minutes=not-approved`). The minutes' status is part of the public schedule
        (`rules.minutes_progress`); what they say is not."""
        live = self.exclude(status=MeetingStatus.CANCELLED)
        return live.exclude(minutes_status=MinutesStatus.APPROVED).past(now)

    def with_record(self, user: User | AnonymousUser) -> MeetingQuerySet:
        """Each meeting with what is recorded of it (attendance, decisions, actions)
        and whether `user` runs its body's meetings, in the same query: lists read
        `Meeting.to_record` and offer the secretariat its links without a query a row.
        Only whether anything `user` may see is recorded is read, never what: a
        draft's attendance or a restricted action is not even counted for someone
        who may not see it (to them nothing is recorded yet)."""
        managed, _ = _scope(user, "body")
        attendance = Attendance.objects.visible_to(user)
        decisions = Resolution.objects.visible_to(user)
        actions = Action.objects.visible_to(user)
        return self.annotate(
            recorded_attendance=Exists(attendance.filter(meeting=OuterRef("pk"))),
            recorded_decisions=Exists(decisions.filter(item__meeting=OuterRef("pk"))),
            recorded_actions=Exists(actions.filter(meeting=OuterRef("pk"))),
            managed_by_user=ExpressionWrapper(managed, output_field=models.BooleanField()),
        )


class Meeting(models.Model):
    """One meeting of a body: when, where, and the state of its agenda and minutes."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey("partnership.Body", on_delete=models.CASCADE, related_name="meetings")
    number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The body's own numbering, for example 30."
    )
    title = models.CharField(max_length=200, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(blank=True, max_length=500)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    status_reason = models.CharField(
        max_length=300, blank=True, help_text="Why the meeting was cancelled or moved."
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(
        default=0, help_text="Rises each time the meeting moves or is cancelled (iCalendar)."
    )
    series = models.UUIDField(null=True, blank=True, db_index=True)
    agenda_status = models.CharField(
        max_length=20, choices=AgendaStatus.choices, default=AgendaStatus.DRAFT
    )
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    minutes_status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.NOT_STARTED
    )
    minutes_circulated_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_minutes_of",
        help_text="The meeting that approved these minutes.",
    )
    minutes_approved_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    visibility = public(
        "A meeting's body, date, place and status are published once it is scheduled; its "
        "agenda and minutes are not: they are the items', papers' and resolutions' to hide.",
        despite=["agenda_status", "minutes_status"],
    )

    class Meta:
        ordering = ["start"]
        indexes = [models.Index(fields=["body", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="meeting_ends_after_it_starts",
                violation_error_message="The meeting must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        if not self.body_id:
            return "Meeting"
        return self.heading

    def get_absolute_url(self) -> str:
        return partnership_reverse(owner_of(self), "meetings:meeting-detail", args=[self.pk])

    owning_organisation_id = None
    is_public = True

    @property
    def restricted_body_id(self) -> int:
        return self.body_id

    @property
    def managing_body_id(self) -> int:
        return self.body_id

    @property
    def date_label(self) -> str:
        """Its day in London, as the papers write it: "16 January 2012"."""
        return f"{timezone.localtime(self.start):%-d %B %Y}"

    @property
    def heading(self) -> str:
        """How the meeting is titled everywhere (`rules.meeting_heading`): "Ealing LSP
        Executive, 5 December 2026". Reads `body`: lists select it with the meeting."""
        return rules.meeting_heading(self.body.name, self.title, self.number, self.date_label)

    @property
    def name(self) -> str:
        """The heading without the day, where the day is shown beside it
        (`rules.meeting_name`): "Ealing LSP Executive: Budget workshop"."""
        return rules.meeting_name(self.body.name, self.title, self.number)

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED

    @property
    def shown_status(self) -> rules.Shown:
        """Scheduled, cancelled or held, as at now (`rules.shown_status`); every page,
        the API and the feeds show this rather than the stored `status`."""
        return rules.shown_status(self.status, self.start, self.end, timezone.now())

    @property
    def is_held(self) -> bool:
        return self.shown_status == rules.Shown.HELD

    @property
    def may_record(self) -> bool:
        """Whether its attendance and minutes may be recorded yet: from its day on
        (`rules.may_record`)."""
        return rules.may_record(timezone.localdate(self.start), timezone.localdate())

    @cached_property
    def to_record(self) -> rules.ToRecord | None:
        """What is still to record of the meeting (`rules.to_record`): read from the
        annotations of `MeetingQuerySet.with_record` (lists, and the meeting page
        through `permissions.get_meeting_for_user`), which count only what the reader
        may see; asked of the database, whoever reads, for a meeting fetched
        otherwise (only when it matters)."""
        shown = self.shown_status
        if not rules.record_may_lack(shown, self.minutes_status):
            return None
        return rules.to_record(
            shown,
            self.minutes_status,
            attendance=self._recorded("attendance", self.attendance.exists),
            decisions=self._recorded(
                "decisions", Resolution.objects.filter(item__meeting=self).exists
            ),
            actions=self._recorded("actions", self.actions.exists),
        )

    def _recorded(self, fact: str, read: Callable[[], bool]) -> bool:
        annotated = getattr(self, f"recorded_{fact}", None)
        return bool(read() if annotated is None else annotated)

    @property
    def cancel_refusal(self) -> str:
        """Why it cannot be cancelled, "" when it can (`rules.cancel_refusal`): asks the
        database whether attendance or actions are recorded, whoever reads."""
        started = rules.Minutes(self.minutes_status) is not rules.Minutes.NOT_STARTED
        recorded = started or self.attendance.exists() or self.actions.exists()
        return rules.cancel_refusal(self.minutes_status, recorded=recorded)

    @property
    def move_refusal(self) -> str:
        """Why it cannot be moved, "" when it can (`rules.move_refusal`)."""
        return rules.move_refusal(self.minutes_status)

    @property
    def agenda_refusal(self) -> str:
        """Why its agenda cannot be changed, "" when it can (`rules.agenda_refusal`)."""
        return rules.agenda_refusal(self.minutes_status)

    @property
    def minutes_progress(self) -> str:
        """How far its minutes have got, once held (`rules.minutes_progress`)."""
        return rules.minutes_progress(self.shown_status, self.minutes_status)

    @property
    def record_state(self) -> str:
        """How far its record has got, once held, as every page words it
        (`rules.record_state`): read from `MeetingQuerySet.with_record`'s annotations
        where the meeting was fetched with them (`to_record`)."""
        return rules.record_state(self.shown_status, self.minutes_status, self.to_record)

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_status == AgendaStatus.PUBLISHED

    @property
    def minutes_are_locked(self) -> bool:
        return self.minutes_status == MinutesStatus.APPROVED


class AgendaItemQuerySet(models.QuerySet["AgendaItem"]):
    def visible_to(self, user: User | AnonymousUser) -> AgendaItemQuerySet:
        """Items of published agendas; restricted ones (and sub-items of restricted
        ones) for members; drafts for managers."""
        if _everything(user):
            return self
        managed, member = _scope(user, "body")
        published = Q(meeting__agenda_status=AgendaStatus.PUBLISHED)
        return self.filter(managed | (published & (_open() | member)))

    def minutes_visible_to(self, user: User | AnonymousUser) -> AgendaItemQuerySet:
        """Items whose minutes (discussion, resolutions) the user may read: never more
        than `visible_to` gives them, so never an unpublished agenda's but to managers."""
        if _everything(user):
            return self
        managed, member = _scope(user, "body")
        published = Q(meeting__agenda_status=AgendaStatus.PUBLISHED)
        approved = Q(meeting__minutes_status=MinutesStatus.APPROVED)
        circulated = Q(meeting__minutes_status=MinutesStatus.CIRCULATED) | approved
        readers = (approved & _open()) | (circulated & member)
        return self.filter(managed | (published & readers))


class AgendaItem(models.Model):
    """A numbered item on a meeting's agenda, with its minutes once the meeting is held."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    body = models.ForeignKey(
        "partnership.Body",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The meeting's body, kept here so visibility needs no join.",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="sub_items"
    )
    position = models.PositiveSmallIntegerField(
        help_text="Order among the items at the same level, from 1."
    )
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    description = models.TextField(blank=True)
    lead_people = models.ManyToManyField("partnership.Person", blank=True, related_name="+")
    lead_organisations = models.ManyToManyField(
        "partnership.Organisation", blank=True, related_name="+"
    )
    lead_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="The lead as the agenda words it, for example 'PI report by Guy Boniface'.",
    )
    performance_report = models.CharField(
        max_length=12,
        blank=True,
        help_text=(
            "The period of the performance report the item takes: a financial year or quarter."
        ),
    )
    restricted = models.BooleanField(default=False)
    restriction_category = models.CharField(
        max_length=30, choices=RestrictionCategory.choices, blank=True
    )
    minutes = models.TextField(blank=True, help_text="The discussion, as minuted.")
    history = HistoricalRecords(m2m_fields=[lead_people, lead_organisations])

    objects = AgendaItemQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["meeting", "parent_id", "position"]
        constraints = [
            # Two partial constraints rather than one with nulls_distinct=False,
            # which SQLite does not support.
            models.UniqueConstraint(
                fields=["meeting", "position"],
                condition=Q(parent__isnull=True),
                name="one_top_item_per_position",
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=Q(parent__isnull=False),
                name="one_sub_item_per_position",
            ),
            models.CheckConstraint(
                condition=Q(restricted=False, restriction_category="")
                | Q(restricted=True) & ~Q(restriction_category=""),
                name="restricted_item_has_a_reason",
                violation_error_message="A restricted item needs the reason it is restricted.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.pk}"

    owning_organisation_id = None

    @property
    def is_public(self) -> bool:
        return not self.restricted

    @property
    def restricted_body_id(self) -> int:
        return self.body_id

    @property
    def managing_body_id(self) -> int:
        return self.body_id


class AgendaLinkQuerySet(models.QuerySet["AgendaLink"]):
    def visible_to(self, user: User | AnonymousUser) -> AgendaLinkQuerySet:
        """A link is seen where its agenda item is."""
        return self.filter(item__in=AgendaItem.objects.visible_to(user))


class AgendaLink(models.Model):
    """A record an agenda item concerns: an indicator report, a priority, a recommendation…"""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    label = models.CharField(max_length=300, blank=True)

    objects = AgendaLinkQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "content_type", "object_id"], name="one_link_per_record"
            )
        ]

    def __str__(self) -> str:
        return self.label or f"{self.content_type} {self.object_id}"


class PaperQuerySet(models.QuerySet["Paper"]):
    def visible_to(self, user: User | AnonymousUser) -> PaperQuerySet:
        """Papers of published agendas; restricted ones (or of restricted items, or of
        sub-items of restricted items) for members; drafts for managers."""
        if _everything(user):
            return self
        managed, member = _scope(user, "body")
        published = Q(item__meeting__agenda_status=AgendaStatus.PUBLISHED)
        public = Q(restricted=False) & _open("item__")
        return self.filter(managed | (published & (public | member)))


def paper_upload_to(version: PaperVersion, filename: str) -> str:
    return f"papers/{version.paper.partnership_id}/{version.paper_id}/{uuid.uuid4().hex}"


class Paper(models.Model):
    """A paper for an agenda item; its file is in its versions, the newest current."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    body = models.ForeignKey("partnership.Body", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    restricted = models.BooleanField(
        default=False, help_text="Restricted even though its item is open."
    )
    restriction_category = models.CharField(
        max_length=30, choices=RestrictionCategory.choices, blank=True
    )
    history = HistoricalRecords()

    objects = PaperQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["item", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(owner_of(self), "meetings:paper-download", args=[self.pk])

    owning_organisation_id = None

    @property
    def is_public(self) -> bool:
        """Needs the item loaded (select_related) when the paper itself is open."""
        return not self.restricted and not self.item.restricted

    @property
    def restricted_body_id(self) -> int:
        return self.body_id

    @property
    def managing_body_id(self) -> int:
        return self.body_id


class PaperVersionQuerySet(models.QuerySet["PaperVersion"]):
    def visible_to(self, user: User | AnonymousUser) -> PaperVersionQuerySet:
        """A paper's files are seen where the paper is."""
        return self.filter(paper__in=Paper.objects.visible_to(user))


class PaperVersion(models.Model):
    """One uploaded file of a paper. Versions are kept; the highest number is current."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=paper_upload_to, max_length=300)
    filename = models.CharField(max_length=200, help_text="The name it was uploaded with.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    page_count = models.PositiveIntegerField(null=True, blank=True, help_text="PDFs only.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PaperVersionQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["paper", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "number"], name="one_paper_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.paper} (version {self.number})"


class AttendanceQuerySet(models.QuerySet["Attendance"]):
    def visible_to(self, user: User | AnonymousUser) -> AttendanceQuerySet:
        """Who came is part of the minutes: public once they are approved, for the
        body's members once circulated, for its managers always."""
        if _everything(user):
            return self
        managed, member = _scope(user, "meeting__body")
        approved = Q(meeting__minutes_status=MinutesStatus.APPROVED)
        circulated = Q(meeting__minutes_status=MinutesStatus.CIRCULATED) | approved
        return self.filter(managed | approved | (circulated & member))


class Attendance(models.Model):
    """Whether a person was at a meeting, in what capacity, and for whom."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("partnership.Person", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The organisation they were there for.",
    )
    capacity = models.CharField(max_length=20, choices=Capacity.choices, default=Capacity.MEMBER)
    status = models.CharField(
        max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    substitute_for = models.ForeignKey(
        "partnership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member whose seat a substitute took.",
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="For example 'took the chair', 'arrived late'."
    )
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["meeting", "capacity", "person__family_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_person"),
            models.CheckConstraint(
                condition=Q(substitute_for__isnull=True) | Q(capacity=Capacity.SUBSTITUTE),
                name="only_substitutes_substitute",
                violation_error_message="Only a substitute stands in for a member.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_status_display()}"

    owning_organisation_id = None


class ResolutionQuerySet(models.QuerySet["Resolution"]):
    def visible_to(self, user: User | AnonymousUser) -> ResolutionQuerySet:
        """The rule of `AgendaItem.objects.minutes_visible_to`, for the item's resolutions."""
        if _everything(user):
            return self
        managed, member = _scope(user, "item__body")
        published = Q(item__meeting__agenda_status=AgendaStatus.PUBLISHED)
        approved = Q(item__meeting__minutes_status=MinutesStatus.APPROVED)
        circulated = Q(item__meeting__minutes_status=MinutesStatus.CIRCULATED) | approved
        readers = (approved & _open("item__")) | (circulated & member)
        return self.filter(managed | (published & readers))


class Resolution(models.Model):
    """A decision minuted under an item: "Resolved: (i) That the Board note…"."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="resolutions")
    position = models.PositiveSmallIntegerField(help_text="(i), (ii)… within the item, from 1.")
    text = models.TextField()
    decision_type = models.CharField(
        max_length=20, choices=DecisionType.choices, default=DecisionType.AGREED
    )
    history = HistoricalRecords()

    objects = ResolutionQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="one_resolution_per_position")
        ]

    def __str__(self) -> str:
        return shortened(self.text, 80)

    owning_organisation_id = None


class MinutesAmendmentQuerySet(models.QuerySet["MinutesAmendment"]):
    def visible_to(self, user: User | AnonymousUser) -> MinutesAmendmentQuerySet:
        """An amendment is part of the amended minutes, and seen where they are."""
        if _everything(user):
            return self
        managed, member = _scope(user, "meeting__body")
        approved = Q(meeting__minutes_status=MinutesStatus.APPROVED)
        circulated = Q(meeting__minutes_status=MinutesStatus.CIRCULATED) | approved
        return self.filter(managed | approved | (circulated & member))


class MinutesAmendment(models.Model):
    """An amendment to a meeting's minutes, recorded when a later meeting approves them."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="amendments")
    position = models.PositiveSmallIntegerField()
    text = models.TextField()
    agreed_at = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MinutesAmendmentQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="one_amendment_per_position"
            )
        ]

    def __str__(self) -> str:
        return shortened(self.text, 80)


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, user: User | AnonymousUser) -> ActionQuerySet:
        if _everything(user):
            return self
        """The body's members and managers see all its actions; an owner (person) sees
        theirs, an owning organisation's people its open ones; everyone else open ones
        once the minutes that raised them are approved and the agenda published. An
        action is open when neither it nor its item (nor that item's parent) is
        restricted."""
        if _everything(user):
            return self
        managed, member = _scope(user, "body")
        approved = Q(meeting__isnull=True) | Q(
            meeting__minutes_status=MinutesStatus.APPROVED,
            meeting__agenda_status=AgendaStatus.PUBLISHED,
        )
        open_ = Q(restricted=False) & (Q(item__isnull=True) | _open("item__"))
        public = approved & open_
        if not user.is_authenticated or not user.is_active:
            return self.filter(public)
        own = Q(owner_person_id=user.person_id) if user.person_id else Q(pk__in=[])
        if user.organisation_id:
            own |= Q(owner_organisation_id=user.organisation_id) & open_
        return self.filter(public | member | own)

    def outstanding(self) -> ActionQuerySet:
        return self.filter(status__in=OUTSTANDING)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.outstanding().filter(due__lt=today)


class Action(models.Model):
    """Something a meeting asked someone to do, tracked until it is done or dropped."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey("partnership.Body", on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        help_text="The meeting that agreed it.",
    )
    item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner_person = models.ForeignKey(
        "partnership.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    owner_organisation = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    restricted = models.BooleanField(
        default=False, help_text="Raised under a restricted item, so restricted too."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["due", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status", "due"]),
            models.Index(fields=["body", "status"]),
        ]

    def __str__(self) -> str:
        return shortened(self.description, 80)

    def get_absolute_url(self) -> str:
        return partnership_reverse(owner_of(self), "meetings:action-detail", args=[self.pk])

    @property
    def owning_organisation_id(self) -> int | None:
        return self.owner_organisation_id

    @property
    def owning_person_id(self) -> int | None:
        return self.owner_person_id

    @property
    def is_public(self) -> bool:
        return not self.restricted

    @property
    def restricted_body_id(self) -> int:
        return self.body_id

    @property
    def managing_body_id(self) -> int:
        return self.body_id


class ActionUpdateQuerySet(models.QuerySet["ActionUpdate"]):
    def visible_to(self, user: User | AnonymousUser) -> ActionUpdateQuerySet:
        """An action's updates are seen where the action is."""
        return self.filter(action__in=Action.objects.visible_to(user))


class ActionUpdate(models.Model):
    """A dated note on an action's progress, with the status it left the action in."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField(blank=True)

    objects = ActionUpdateQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["action", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"


class ForwardPlanItemQuerySet(models.QuerySet["ForwardPlanItem"]):
    def to_come(self, now: datetime.datetime) -> ForwardPlanItemQuerySet:
        """Items for meetings still to come at `now` (not yet finished, as
        `MeetingQuerySet.upcoming`), and items not yet placed at a meeting."""
        to_come = Meeting.objects.upcoming(now).values("pk")
        return self.filter(Q(meeting__isnull=True) | Q(meeting__in=to_come))

    def visible_to(self, user: User | AnonymousUser) -> ForwardPlanItemQuerySet:
        """Every planned item (the forward plan is public), each annotated `hidden`:
        whether the agenda item it became is restricted (itself, or as a sub-item of a
        restricted item) and the user is not among the body's members and managers.
        A hidden entry is shown as "Restricted item", without its title or lead."""
        if _everything(user):
            return self.annotate(hidden=models.Value(False))
        _managed, member = _scope(user, "body")
        return self.annotate(
            hidden=models.Case(
                models.When(member, then=models.Value(False)),
                models.When(_restricted("agenda_item__"), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class ForwardPlanItem(models.Model):
    """An item planned for a future meeting ("Agenda to include: …")."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey(
        "partnership.Body", on_delete=models.CASCADE, related_name="forward_plan"
    )
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_items",
        help_text="The meeting it is planned for; empty until one is scheduled.",
    )
    planned_for = models.DateField(
        null=True, blank=True, help_text="When no meeting is scheduled yet, roughly when."
    )
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DISCUSSION)
    lead_note = models.CharField(max_length=300, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned_as",
        help_text="The agenda item it became.",
    )
    history = HistoricalRecords()

    objects = ForwardPlanItemQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["body", "meeting__start", "planned_for", "pk"]

    def __str__(self) -> str:
        return self.title

    owning_organisation_id = None
    is_public = True

    @property
    def managing_body_id(self) -> int:
        return self.body_id


class SentNotificationQuerySet(models.QuerySet["SentNotification"]):
    def visible_to(self, user: User | AnonymousUser) -> SentNotificationQuerySet:
        """A record of an email sent is its recipient's (and superusers')."""
        if _everything(user):
            return self
        if not user.is_authenticated or not user.is_active or user.person_id is None:
            return self.none()
        return self.filter(person_id=user.person_id)


class SentNotification(models.Model):
    """An email that must go once only: an owner's overdue-actions reminder, once a day."""

    kind = models.CharField(max_length=30)
    person = models.ForeignKey("partnership.Person", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    subject = models.CharField(max_length=300)
    count = models.PositiveIntegerField(default=0, help_text="How many records it listed.")
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = SentNotificationQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-day", "kind", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "person", "day"], name="one_notification_per_person_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.day})"


class SubscriptionQuerySet(models.QuerySet["Subscription"]):
    def visible_to(self, user: User | AnonymousUser) -> SubscriptionQuerySet:
        """Subscriptions to the bodies the user manages (counted on their meetings
        page; no page lists the addresses), and every one to superusers."""
        if _everything(user):
            return self
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(body_id__in=body_ids_managed_by(user))

    def confirmed(self) -> SubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)


class Subscription(models.Model):
    """An address that gets an email when the body publishes an agenda or its minutes
    are approved: the public versions, restricted items left out. Asked for on the
    body's meetings page, confirmed from the email that asks (until then nothing is
    sent to it), ended from a link in every email."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    body = models.ForeignKey(
        "partnership.Body", on_delete=models.CASCADE, related_name="subscriptions"
    )
    email = models.EmailField(max_length=254)
    created_at = models.DateTimeField(auto_now_add=True)
    asked_at = models.DateTimeField(
        null=True, blank=True, help_text="When the confirming link was last sent."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["body", "email"]
        constraints = [
            models.UniqueConstraint(fields=["body", "email"], name="one_subscription_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.body})"
