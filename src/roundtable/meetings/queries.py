"""Reads shared by the meetings pages, the API, feeds, the ModernGov service and
board packs. Every one starts from the `visible_to` queryset methods, so what a
user may not see is never loaded for them.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from roundtable.accounts.choices import Role
from roundtable.meetings import moderngov, rules
from roundtable.meetings.choices import (
    MINUTES_NOT_APPROVED,
    AgendaStatus,
    MeetingStatus,
)
from roundtable.meetings.models import (
    Action,
    AgendaItem,
    AgendaLink,
    Attendance,
    ForwardPlanItem,
    Meeting,
    Paper,
    PaperVersion,
    Resolution,
    Subscription,
)
from roundtable.meetings.permissions import bodies_whose_minutes_user_records
from roundtable.partnership.access import body_ids_sat_on_by
from roundtable.partnership.addresses import owner_of, partnership_reverse
from roundtable.partnership.models import Body

if TYPE_CHECKING:
    from roundtable.accounts.models import User


@dataclass
class AgendaEntry:
    """One agenda item as a reader sees it: its number, its visible papers, its sub-items."""

    item: AgendaItem
    number: str
    papers: list[Paper] = field(default_factory=list)
    sub_items: list[AgendaEntry] = field(default_factory=list)


def current_version(paper: Paper) -> PaperVersion | None:
    """The newest version, from `versions` prefetched newest first."""
    versions = list(paper.versions.all())
    return versions[0] if versions else None


def numbers_for(meeting: Meeting) -> dict[int, str]:
    """Item numbers from every item, restricted or not, so a number means the same
    item for every reader (a restricted item leaves a gap for the public)."""
    places = AgendaItem.objects.filter(meeting=meeting).values_list("pk", "parent_id", "position")
    return rules.item_numbers(rules.ItemPlace(*p) for p in places)


def agenda_for(meeting: Meeting, user: User | AnonymousUser) -> list[AgendaEntry]:
    """The agenda the user may see, in order, numbered; three queries whatever its size."""
    numbers = numbers_for(meeting)
    papers = (
        Paper.objects.visible_to(user)
        .select_related("item")
        .prefetch_related(Prefetch("versions", PaperVersion.objects.order_by("-number")))
    )
    items = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .prefetch_related(Prefetch("papers", papers), "lead_people", "lead_organisations")
        .order_by("position")
    )
    entries = {i.pk: AgendaEntry(i, numbers[i.pk], list(i.papers.all())) for i in items}
    top = []
    for entry in sorted(entries.values(), key=lambda e: (e.item.position, e.item.pk)):
        if entry.item.parent_id is None:
            top.append(entry)
        elif entry.item.parent_id in entries:
            entries[entry.item.parent_id].sub_items.append(entry)
    return top


@dataclass
class MinutesEntry:
    """An item as the minute-taking page shows it: its number, whether it is a sub-item,
    and its resolutions and actions (prefetched)."""

    item: AgendaItem
    number: str
    is_sub: bool
    resolutions: list[Resolution] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


def minutes_agenda(meeting: Meeting, user: User | AnonymousUser) -> list[MinutesEntry]:
    """Every item the user may see, in agenda order with sub-items after their item, each
    with its resolutions and actions; four queries whatever the agenda's size."""
    numbers = numbers_for(meeting)
    items = {
        item.pk: item
        for item in AgendaItem.objects.visible_to(user)
        .filter(meeting=meeting)
        .prefetch_related(
            Prefetch("resolutions", Resolution.objects.visible_to(user).order_by("position", "pk")),
            Prefetch(
                "actions",
                Action.objects.visible_to(user)
                .select_related("owner_person", "owner_organisation")
                .order_by("pk"),
            ),
        )
    }
    children: dict[int | None, list[AgendaItem]] = {}
    for item in sorted(items.values(), key=lambda i: (i.position, i.pk)):
        parent = item.parent_id if item.parent_id in items else None
        if item.parent_id is None or parent is not None:
            children.setdefault(parent, []).append(item)
    out: list[MinutesEntry] = []

    def walk(parent: int | None) -> None:
        for item in children.get(parent, []):
            out.append(
                MinutesEntry(
                    item,
                    numbers[item.pk],
                    item.parent_id is not None,
                    list(item.resolutions.all()),
                    list(item.actions.all()),
                )
            )
            walk(item.pk)

    walk(None)
    return out


def next_meeting_after(meeting: Meeting) -> Meeting | None:
    """The body's next meeting after this one, cancelled ones aside (None when none is
    scheduled): the approval page names it when it is still to come. One query."""
    later = Meeting.objects.filter(body_id=meeting.body_id, start__gt=meeting.start)
    return later.exclude(status=MeetingStatus.CANCELLED).order_by("start", "pk").first()


def attendance_recorded(meeting: Meeting) -> bool:
    """Whether anyone's attendance is recorded: circulating or approving minutes
    without it is worth a warning, as approval locks it."""
    return meeting.attendance.exists()


def blank_items(entries: list[MinutesEntry]) -> list[MinutesEntry]:
    """The items whose discussion is not minuted (empty or only spaces)."""
    return [entry for entry in entries if not entry.item.minutes.strip()]


def matters_arising(meeting: Meeting, user: User | AnonymousUser) -> QuerySet[Action]:
    """Actions from the body's earlier meetings still open at this one: carried forward
    automatically as matters arising."""
    return (
        Action.objects.visible_to(user)
        .outstanding()
        .filter(body_id=meeting.body_id, meeting__start__lt=meeting.start)
        .select_related("owner_person", "owner_organisation", "meeting")
        .order_by("meeting__start", "pk")
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's last meeting before this one that was not cancelled: the one
    whose minutes this meeting's pack carries. Meetings are public, so this needs
    no reader; its minutes do."""
    return (
        Meeting.objects.filter(body_id=meeting.body_id, start__lt=meeting.start)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-start", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Schedule:
    """A partnership's next meetings and its latest held ones (its front page)."""

    upcoming: list[Meeting]
    recent: list[Meeting]


def bodies_scheduled_by(user: User | AnonymousUser, bodies: Iterable[Body]) -> list[Body]:
    """Of `bodies`, those whose meetings `user` schedules (their secretariat, the
    partnership's administrators: the rule of "Schedule a meeting"), in one query."""
    bodies = list(bodies)
    if not bodies:
        return []
    managed = set(
        Body.objects.filter(
            pk__in=bodies_whose_minutes_user_records(user),
            partnership_id=bodies[0].partnership_id,
        ).values_list("pk", flat=True)
    )
    return [body for body in bodies if body.pk in managed]


def schedule_glance(
    user: User | AnonymousUser, partnership_id: int, now: datetime.datetime, limit: int = 3
) -> Schedule:
    """The next `limit` meetings (cancelled ones included, so a resident sees one is
    off) and the last `limit` held that have something `user` may read: a published
    agenda, or attendance, decisions or actions they may see. The schedule is public
    (`models.py`); two queries."""
    meetings = (
        Meeting.objects.filter(partnership_id=partnership_id)
        .select_related("body")
        .with_record(user)
    )
    held = (
        meetings.past(now)
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(
            Q(agenda_status=AgendaStatus.PUBLISHED)
            | Q(recorded_attendance=True)
            | Q(recorded_decisions=True)
            | Q(recorded_actions=True)
        )
    )
    return Schedule(
        upcoming=list(meetings.upcoming(now).order_by("start", "pk")[:limit]),
        recent=list(held.order_by("-start", "-pk")[:limit]),
    )


def upcoming_meetings(
    body_ids: list[int] | None, today: datetime.date | None = None
) -> QuerySet[Meeting]:
    qs = Meeting.objects.select_related("body")
    if body_ids is not None:
        qs = qs.filter(body_id__in=body_ids)
    if today is not None:
        qs = qs.filter(start__date__gte=today)
    return qs.order_by("start")


@dataclass
class ForwardPlan:
    """A body's forward plan as a reader sees it: the items of meetings still to come
    and those not yet placed at a meeting, or, with `held`, the items of meetings
    already held too. `held_count` is how many items of held meetings there are, so
    the page can offer them."""

    items: list[ForwardPlanItem]
    held: bool
    held_count: int


def forward_plan(
    body: Body, user: User | AnonymousUser, *, held: bool, now: datetime.datetime
) -> ForwardPlan:
    """The body's forward plan (`ForwardPlanItem.visible_to`): by default only what is
    still to come (`ForwardPlanItemQuerySet.to_come`). Queries: the items, and the
    count of the items of meetings already held."""
    everything = ForwardPlanItem.objects.visible_to(user).filter(body=body)
    to_come = everything.to_come(now)
    shown = (everything if held else to_come).select_related("meeting", "agenda_item")
    held_count = everything.exclude(pk__in=to_come.values("pk")).count()
    return ForwardPlan(list(shown), held, held_count)


@dataclass(frozen=True)
class LinkShown:
    label: str
    url: str
    kind: str


def _targets(links: list[AgendaLink]) -> dict[tuple[int, int], Any]:
    """The linked records, one query per kind; a kind's queryset may offer
    `for_links()` to load what its `is_public` reads."""
    wanted: dict[int, tuple[Any, set[int]]] = {}
    for link in links:
        wanted.setdefault(link.content_type_id, (link.content_type, set()))[1].add(link.object_id)
    found: dict[tuple[int, int], Any] = {}
    for type_id, (content_type, ids) in wanted.items():
        model = content_type.model_class()
        if model is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if hasattr(queryset, "for_links"):
            queryset = queryset.for_links()
        found.update({(type_id, obj.pk): obj for obj in queryset})
    return found


def items_linked_to(target: Any, user: User | AnonymousUser) -> list[AgendaEntry]:
    """The agenda items (that the user may see) linked to a record, newest meeting
    first, numbered as their agendas number them; three queries however many."""
    from django.contrib.contenttypes.models import ContentType

    items = list(
        AgendaItem.objects.visible_to(user)
        .filter(
            links__content_type=ContentType.objects.get_for_model(target),
            links__object_id=target.pk,
        )
        .select_related("meeting__body")
        .order_by("-meeting__start", "position")
    )
    numbers = numbers_of_meetings({item.meeting_id for item in items})
    return [AgendaEntry(item, numbers[item.meeting_id].get(item.pk, "")) for item in items]


def numbers_of_meetings(meeting_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """`numbers_for` of several meetings at once, by meeting id: one query however
    many (none for none)."""
    ids = set(meeting_ids)
    if not ids:
        return {}
    places: dict[int, list[rules.ItemPlace]] = {pk: [] for pk in ids}
    rows = AgendaItem.objects.filter(meeting_id__in=ids).values_list(
        "meeting_id", "pk", "parent_id", "position"
    )
    for meeting_id, *place in rows:
        places[meeting_id].append(rules.ItemPlace(*place))
    return {pk: rules.item_numbers(found) for pk, found in places.items()}


def links_for(items: list[AgendaItem], user: User | AnonymousUser) -> dict[int, list[LinkShown]]:
    """The linked records of these items that the user may see, by item id.

    A link to a record the user may not see (an indicator not marked public, say)
    is left out altogether, label included. One query for the links and one per
    kind of record linked.
    """
    from roundtable.core.permissions import Action as Can
    from roundtable.core.permissions import can

    shown: dict[int, list[LinkShown]] = {}
    links = list(
        AgendaLink.objects.filter(item__in=items).select_related("content_type").order_by("pk")
    )
    targets = _targets(links)
    for link in links:
        target = targets.get((link.content_type_id, link.object_id))
        if target is None or not can(user, Can.VIEW, target):
            continue
        url = target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""
        kind = str(target._meta.verbose_name).capitalize()
        shown.setdefault(link.item_id, []).append(LinkShown(str(target), url, kind))
    return shown


def with_published_agendas(
    meetings: QuerySet[Meeting], user: User | AnonymousUser
) -> QuerySet[Meeting]:
    """Meetings with the items of their *published* agendas the user may see, their
    visible papers (versions newest first), and every item's place, prefetched for
    `published_agenda`: four more queries whatever the number of meetings."""
    papers = Paper.objects.visible_to(user).prefetch_related(
        Prefetch("versions", PaperVersion.objects.order_by("-number"))
    )
    visible = (
        AgendaItem.objects.visible_to(user)
        .filter(meeting__agenda_status=AgendaStatus.PUBLISHED)
        .prefetch_related(Prefetch("papers", papers))
    )
    places = AgendaItem.objects.only("pk", "meeting_id", "parent_id", "position")
    return meetings.prefetch_related(
        Prefetch("items", visible, to_attr="visible_items"),
        Prefetch("items", places, to_attr="item_places"),
    )


def published_agenda(meeting: Meeting) -> list[AgendaEntry]:
    """The agenda prefetched by `with_published_agendas`, flat and in order (1, 2, 2a,
    3), numbered from every item so a restricted one leaves a gap. A sub-item of an
    item the reader may not see is left out with it, as `agenda_for` does."""
    numbers = rules.item_numbers(
        rules.ItemPlace(p.pk, p.parent_id, p.position) for p in meeting.item_places
    )
    entries = {
        i.pk: AgendaEntry(i, numbers[i.pk], list(i.papers.all())) for i in meeting.visible_items
    }
    flat: list[AgendaEntry] = []
    ordered = sorted(entries.values(), key=lambda e: (e.item.position, e.item.pk))
    for entry in ordered:
        if entry.item.parent_id is None:
            flat.append(entry)
        elif entry.item.parent_id in entries:
            entries[entry.item.parent_id].sub_items.append(entry)
    return [row for entry in flat for row in (entry, *entry.sub_items)]


#: How many of a body's latest meetings with a published agenda its feed covers.
FEED_MEETINGS = 20


@dataclass(frozen=True)
class Decision:
    """A resolution as a feed cites it: "4 (ii)" and its text."""

    ref: str
    resolution: Resolution


@dataclass(frozen=True)
class FeedMeeting:
    """A meeting of a body's feed, read as the public: its published agenda, and the
    resolutions of its approved minutes (empty until they are approved)."""

    meeting: Meeting
    agenda: list[AgendaEntry]
    decisions: list[Decision]


def body_feed(body: Body) -> list[FeedMeeting]:
    """The latest `FEED_MEETINGS` meetings of `body` with a published agenda, latest
    first, with what the public may read of them, whoever asks: the feed is public,
    and a shared address shows the same to everyone. Items and papers are read
    through `with_published_agendas` (so `AgendaItem.visible_to` and
    `Paper.visible_to`), resolutions through `Resolution.visible_to`, all as the
    anonymous public: no restricted item, its sub-items, their papers or
    resolutions, no draft or circulated minutes. Six queries whatever the number of
    meetings (the meetings with their bodies and approving meetings, their open
    items, papers, paper versions, every item's place, the resolutions)."""
    public = AnonymousUser()
    meetings = list(
        with_published_agendas(
            Meeting.objects.filter(body=body, agenda_status=AgendaStatus.PUBLISHED)
            .select_related("body", "minutes_approved_at")
            .order_by("-start", "-pk"),
            public,
        )[:FEED_MEETINGS]
    )
    resolutions: dict[int, list[Resolution]] = {}
    for resolution in Resolution.objects.visible_to(public).filter(
        item__meeting__in=[m.pk for m in meetings]
    ):
        resolutions.setdefault(resolution.item_id, []).append(resolution)
    found = []
    for meeting in meetings:
        agenda = published_agenda(meeting)
        decisions = [
            Decision(rules.resolution_reference(entry.number, r.position), r)
            for entry in agenda
            for r in sorted(resolutions.get(entry.item.pk, []), key=lambda r: r.position)
        ]
        found.append(FeedMeeting(meeting, agenda, decisions))
    return found


def linked_ids(item: AgendaItem, fields: dict[str, type]) -> dict[str, list[int]]:
    """The ids of the item's linked records of each model, keyed by form field name."""
    from django.contrib.contenttypes.models import ContentType

    types = ContentType.objects.get_for_models(*fields.values())
    out: dict[str, list[int]] = {}
    for name, model in fields.items():
        out[name] = list(
            item.links.filter(content_type=types[model])
            .order_by("object_id")
            .values_list("object_id", flat=True)
        )
    return out


# The ModernGov-compatible service ------------------------------------------------
# Each read gives `moderngov` dataclasses as the public sees the records: the
# service reads as the public whoever asks. `scope` is a partnership's slug ("" for
# every partnership); `url` makes an absolute address of a path.


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def _meeting_row(meeting: Meeting, url: Callable[[str], str]) -> moderngov.MeetingRow:
    return moderngov.MeetingRow(
        id=meeting.pk,
        committee_id=meeting.body_id,
        committee_title=meeting.body.name,
        start=timezone.localtime(meeting.start),
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        location=meeting.venue,
        url=url(meeting.get_absolute_url()),
    )


def _attachment(
    paper: Paper, version: PaperVersion, published_at: datetime.datetime | None, url: str
) -> moderngov.Attachment:
    """A paper is published when its agenda is, or when a later file is uploaded."""
    published = max(filter(None, (published_at, version.uploaded_at)))
    return moderngov.Attachment(
        id=paper.pk,
        title=paper.title,
        url=url,
        published=_local_date(published),
        content_type=version.content_type,
        size=version.size,
    )


def moderngov_committees(scope: str, url: Callable[[str], str]) -> list[moderngov.Committee]:
    """Every body (of the partnership `scope`), by name."""
    bodies = Body.objects.order_by("name", "pk")
    if scope:
        bodies = bodies.filter(partnership__slug=scope)
    today = timezone.localdate()
    return [
        moderngov.Committee(
            id=body.pk,
            title=body.name,
            expired=body.end_date is not None and body.end_date < today,
            category=body.get_kind_display(),
            url=url(body.get_absolute_url()),
        )
        for body in bodies
    ]


def moderngov_meetings(
    scope: str,
    committee: int,
    since: datetime.date | None,
    until: datetime.date | None,
    url: Callable[[str], str],
) -> list[moderngov.MeetingRow]:
    """Meetings of one body (`committee`; 0 for every body) between two dates, by
    body then start: one query."""
    meetings = Meeting.objects.select_related("body").order_by("body__name", "body_id", "start")
    if scope:
        meetings = meetings.filter(partnership__slug=scope)
    if committee:
        meetings = meetings.filter(body_id=committee)
    if since:
        meetings = meetings.filter(start__date__gte=since)
    if until:
        meetings = meetings.filter(start__date__lte=until)
    return [_meeting_row(meeting, url) for meeting in meetings]


def moderngov_meeting(
    pk: int, scope: str, url: Callable[[str], str]
) -> moderngov.MeetingSheet | None:
    """One meeting as the public sees it, or None: its published agenda (every item in
    place, restricted ones marked), open papers, approved minutes and attendance.
    Eight queries whatever the size of the agenda."""
    public = AnonymousUser()
    meetings = with_published_agendas(Meeting.objects.select_related("body"), public)
    if scope:
        meetings = meetings.filter(partnership__slug=scope)
    meeting = meetings.filter(pk=pk).first()
    if meeting is None:
        return None
    minutes = dict(
        AgendaItem.objects.minutes_visible_to(public)
        .filter(meeting=meeting)
        .values_list("pk", "minutes")
    )
    decisions: dict[int, list[moderngov.Decision]] = {}
    for resolution in Resolution.objects.visible_to(public).filter(item__meeting=meeting):
        decisions.setdefault(resolution.item_id, []).append(
            moderngov.Decision(resolution.text, resolution.get_decision_type_display())
        )
    attendance = (
        Attendance.objects.visible_to(public)
        .filter(meeting=meeting)
        .select_related("person", "organisation")
    )
    pack = partnership_reverse(
        meeting.partnership_id, "meetings_outputs:meeting-pack", args=[meeting.pk]
    )
    return moderngov.MeetingSheet(
        meeting=_meeting_row(meeting, url),
        agenda_published=meeting.agenda_is_published,
        minutes_published=meeting.minutes_are_locked,
        pack_url=url(pack),
        pack_published=_local_date(meeting.agenda_published_at),
        items=tuple(_moderngov_items(meeting, minutes, decisions, url)),
        attendees=tuple(
            moderngov.Attendee(
                member_id=record.person_id,
                name=record.person.name,
                role=record.get_capacity_display(),
                attendance=record.get_status_display(),
                representing=record.organisation.name if record.organisation else "",
            )
            for record in attendance
        ),
    )


def _moderngov_items(
    meeting: Meeting,
    minutes: dict[int, str],
    decisions: dict[int, list[moderngov.Decision]],
    url: Callable[[str], str],
) -> list[moderngov.Item]:
    """Every item of a published agenda in number order: an open one with its papers
    (those with a file) and its minute, one the public may not see only marked."""
    if not meeting.agenda_is_published:
        return []
    open_items = {entry.item.pk: entry for entry in published_agenda(meeting)}
    numbers = rules.item_numbers(
        rules.ItemPlace(p.pk, p.parent_id, p.position) for p in meeting.item_places
    )
    items = []
    for pk, number in sorted(numbers.items(), key=lambda n: _number_key(n[1])):
        entry = open_items.get(pk)
        if entry is None:
            items.append(moderngov.Item(id=pk, number=number, restricted=True))
            continue
        attachments = []
        for paper in entry.papers:
            version = current_version(paper)
            if version is not None:
                attachments.append(
                    _attachment(
                        paper, version, meeting.agenda_published_at, url(paper.get_absolute_url())
                    )
                )
        items.append(
            moderngov.Item(
                id=pk,
                number=number,
                restricted=False,
                title=entry.item.title,
                purpose=entry.item.get_purpose_display(),
                minutes=minutes.get(pk, ""),
                decisions=tuple(decisions.get(pk, ())),
                minutes_published=pk in minutes,
                attachments=tuple(attachments),
            )
        )
    return items


def _number_key(number: str) -> tuple[int, str]:
    digits = "".join(c for c in number if c.isdigit())
    return int(digits or 0), number[len(digits) :]


def moderngov_attachment(
    pk: int, scope: str, url: Callable[[str], str]
) -> moderngov.Attachment | None:
    """One paper the public may see, with a file, or None: a restricted paper, one
    of a restricted item or of an unpublished agenda is not there. Two queries."""
    papers = (
        Paper.objects.visible_to(AnonymousUser())
        .select_related("item__meeting__body")
        .prefetch_related(Prefetch("versions", PaperVersion.objects.order_by("-number")))
    )
    if scope:
        papers = papers.filter(partnership__slug=scope)
    paper = papers.filter(pk=pk).first()
    version = current_version(paper) if paper is not None else None
    if paper is None or version is None:
        return None
    meeting = paper.item.meeting
    address = url(paper.get_absolute_url())
    return dataclasses.replace(
        _attachment(paper, version, meeting.agenda_published_at, address),
        meeting_id=meeting.pk,
        meeting_date=_local_date(meeting.start),
        committee_id=meeting.body_id,
        committee_title=meeting.body.name,
    )


# -- My Roundtable ----------------------------------------------------------------

# How many meetings "My Roundtable" lists, of those to come and of those held.
MY_MEETINGS = 3


@dataclass(frozen=True)
class MyPaper:
    """A paper on someone's own page: its item's number, and whether only the body's
    members see it (on its own or with its item), since the page lists it away from
    the item that says so."""

    number: str
    paper: Paper
    restricted: bool


@dataclass
class MyMeeting:
    """A meeting on someone's own page, with the papers of its published agenda that
    they may see, in agenda order."""

    meeting: Meeting
    papers: list[MyPaper]

    @property
    def has_pack(self) -> bool:
        """Anyone may have the pack of a published agenda (members get theirs whole)."""
        return self.meeting.agenda_is_published


@dataclass
class MyMeetings:
    upcoming: list[MyMeeting]
    recent: list[MyMeeting]

    def __bool__(self) -> bool:
        return bool(self.upcoming or self.recent)


def _my_meeting(meeting: Meeting) -> MyMeeting:
    # A sub-item is only listed with its item, so its parent is among the visible items.
    restricted_items = {item.pk for item in meeting.visible_items if item.restricted}
    papers = [
        MyPaper(
            entry.number,
            paper,
            rules.paper_restricted(
                paper=paper.restricted,
                item=entry.item.restricted,
                parent=entry.item.parent_id in restricted_items,
            ),
        )
        for entry in published_agenda(meeting)
        for paper in entry.papers
    ]
    return MyMeeting(meeting, papers)


def meetings_for_member(
    user: User | AnonymousUser, partnership_id: int, now: datetime.datetime
) -> MyMeetings:
    """The next meetings of the bodies the user currently sits on, in one partnership,
    with their papers as the user may see them, and the last one held with a published
    agenda when it was held recently (`rules.held_recently`), so a member still reaches
    the pack and minutes of the meeting just held once the next is scheduled. When
    none is to come, the last ones held with a published agenda, however long ago.
    Five queries whatever the number of meetings or papers: the meetings of both lists
    in one, then `with_published_agendas`'s items, papers, versions and places."""
    if not user.is_authenticated or user.person_id is None:
        return MyMeetings([], [])
    mine = (
        Meeting.objects.filter(partnership_id=partnership_id, body_id__in=body_ids_sat_on_by(user))
        .select_related("body")
        .exclude(status=MeetingStatus.CANCELLED)
    )
    coming = mine.upcoming(now).order_by("start", "pk").values("pk")[:MY_MEETINGS]
    held = (
        mine.past(now)
        .filter(agenda_status=AgendaStatus.PUBLISHED)
        .order_by("-start", "-pk")
        .values("pk")[:MY_MEETINGS]
    )
    both = mine.filter(Q(pk__in=coming) | Q(pk__in=held)).order_by("start", "pk")
    found = list(with_published_agendas(both, user))
    upcoming = [m for m in found if not rules.has_finished(m.start, m.end, now)]
    recent = [m for m in reversed(found) if rules.has_finished(m.start, m.end, now)]
    if upcoming:
        today = timezone.localdate(now)
        recent = [m for m in recent[:1] if rules.held_recently(timezone.localdate(m.start), today)]
    return MyMeetings([_my_meeting(m) for m in upcoming], [_my_meeting(m) for m in recent])


@dataclass(frozen=True)
class MinutesToFinish:
    """A meeting held whose minutes are still to take or to approve, for My Roundtable;
    `long_ago` when it was held over a year ago (`rules.held_long_ago`)."""

    meeting: Meeting
    step: rules.MinutesStep
    long_ago: bool = False

    @property
    def state(self) -> str:
        return self.meeting.record_state

    @property
    def url(self) -> str:
        """Where the step is taken: minute-taking mode, or the approval form."""
        route = "minutes-approve" if self.step is rules.MinutesStep.APPROVE else "minutes-take"
        return partnership_reverse(
            owner_of(self.meeting), f"meetings:{route}", args=[self.meeting.pk]
        )


@dataclass(frozen=True)
class MinutesToRecord:
    """My Roundtable's minutes to record: the latest few (`rows`, latest first), how
    many there are in all and how many of those were held over a year ago, and the
    meetings list filtered to them (`list_url`)."""

    rows: list[MinutesToFinish]
    total: int
    long_ago: int
    list_url: str

    def __bool__(self) -> bool:
        return self.total > 0

    @property
    def recent(self) -> list[MinutesToFinish]:
        return [row for row in self.rows if not row.long_ago]

    @property
    def older(self) -> list[MinutesToFinish]:
        return [row for row in self.rows if row.long_ago]

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.total - len(self.rows)


def minutes_to_finish(
    user: User | AnonymousUser,
    partnership_id: int,
    now: datetime.datetime,
    shown: int = rules.MINUTES_TO_RECORD_SHOWN,
) -> MinutesToRecord | None:
    """The meetings held (cancelled ones aside) in one partnership whose minutes are
    not yet approved (`MeetingQuerySet.minutes_not_approved`), of the bodies whose
    minutes the user records (`permissions.bodies_whose_minutes_user_records`): the
    latest `shown` of them, latest first, with how many there are in all and how many
    were held over a year ago; None when the user records no body's minutes there, so
    the list is not offered at all. Three queries (the bodies whose minutes they
    record here, the counts, the latest meetings with their bodies) whatever the
    number of meetings; none for an account without a seat or a role that could."""
    recorded = bodies_whose_minutes_user_records(user)
    if isinstance(recorded, list) and not recorded:
        return None
    slugs = list(
        Body.objects.filter(partnership_id=partnership_id, pk__in=recorded)
        .order_by("pk")
        .values_list("slug", flat=True)[:2]
    )
    if not slugs:
        return None
    meetings = Meeting.objects.filter(
        partnership_id=partnership_id, body_id__in=recorded
    ).minutes_not_approved(now)
    today = timezone.localdate(now)
    since = timezone.make_aware(
        datetime.datetime.combine(rules.a_year_before(today), datetime.time.min)
    )
    counts = meetings.aggregate(total=Count("pk"), long_ago=Count("pk", filter=Q(start__lt=since)))
    latest = meetings.with_record(user).select_related("body").order_by("-start", "-pk")[:shown]
    rows = [
        MinutesToFinish(
            meeting, step, rules.held_long_ago(timezone.localdate(meeting.start), today)
        )
        for meeting in latest
        if (step := rules.minutes_step(meeting.minutes_status)) is not None
    ]
    query = {"minutes": MINUTES_NOT_APPROVED}
    if len(slugs) == 1:
        query["body"] = slugs[0]
    list_url = partnership_reverse(partnership_id, "meetings:meeting-list")
    return MinutesToRecord(
        rows, counts["total"], counts["long_ago"], f"{list_url}?{urlencode(query)}"
    )


@dataclass(frozen=True)
class MyAction:
    action: Action
    days_overdue: int

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0


def actions_owned_by(
    user: User | AnonymousUser, partnership_id: int, today: datetime.date
) -> list[MyAction]:
    """The outstanding actions the user owns in one partnership, overdue first (the
    longest overdue first), then by due date, undated last: those naming their person,
    and for an organisation editor those of their organisation, which they may update
    (`partnership.access.role_policy`). Read through `Action.objects.visible_to`, so
    a restricted action of their organisation they may not see stays out. One query."""
    if not user.is_authenticated:
        return []
    owned = Q(pk__in=[])
    if user.person_id is not None:
        owned |= Q(owner_person_id=user.person_id)
    if user.role == Role.EDITOR and user.organisation_id is not None:
        owned |= Q(owner_organisation_id=user.organisation_id)
    late = Case(When(due__lt=today, then=Value(True)), default=Value(False))
    actions = (
        Action.objects.visible_to(user)
        .outstanding()
        .filter(owned, partnership_id=partnership_id)
        .select_related("body", "meeting", "owner_person", "owner_organisation")
        .annotate(late=late)
        .order_by("-late", F("due").asc(nulls_last=True), "pk")
    )
    return [MyAction(a, rules.days_overdue(a.due, a.status, today)) for a in actions]


def subscriber_count(user: User | AnonymousUser, body: Body) -> int:
    """How many confirmed addresses get emails about the body's meetings, as `user`
    may count them (the body's managers; nobody sees the addresses)."""
    return Subscription.objects.visible_to(user).confirmed().filter(body=body).count()
