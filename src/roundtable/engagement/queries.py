"""Reads of the register and the contact log. Every one starts from `visible_to`."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from roundtable.core.exports import write_csv
from roundtable.engagement import rules
from roundtable.engagement.choices import Audience, ConsultationStatus
from roundtable.engagement.models import (
    Assessment,
    Consultation,
    Contact,
    EngagementSettings,
    PersonalDataErasure,
    SharingAgreement,
    SignedDocument,
    Stakeholder,
)
from roundtable.geography.models import Area
from roundtable.geography.queries import shown_on_page_of
from roundtable.meetings.models import Meeting
from roundtable.partnership.models import Organisation
from roundtable.projects.models import Project

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User
    from roundtable.partnership.models import Body, Partnership
    from roundtable.strategy.models import Priority


def settings_for(partnership_id: int) -> EngagementSettings:
    """The partnership's fatigue settings; the defaults (unsaved) when none are set."""
    found = EngagementSettings.objects.filter(partnership_id=partnership_id).first()
    return found or EngagementSettings(partnership_id=partnership_id)


def register(
    user: User | AnonymousUser,
    partnership: Partnership,
    *,
    mode: str = "",
    theme: int | None = None,
    sector: str = "",
) -> QuerySet[Stakeholder]:
    """The partnership's stakeholders the user may see, filtered by mode, theme and sector."""
    rows = (
        Stakeholder.objects.visible_to(user)
        .filter(partnership=partnership)
        .select_related(
            "organisation", "relationship_manager__organisation", "relationship_manager__unit"
        )
    )
    if mode:
        rows = rows.with_mode(mode)
    if theme:
        rows = rows.filter(themes=theme)
    if sector:
        rows = rows.filter(organisation__sector=sector)
    return rows


def has_stakeholders(user: User | AnonymousUser, partnership: Partnership) -> bool:
    """Whether the partnership has any stakeholder the user may see (a contact is
    logged with one, so without any there is nothing to log)."""
    return Stakeholder.objects.visible_to(user).filter(partnership=partnership).exists()


def assessments_of(user: User | AnonymousUser, stakeholder: Stakeholder) -> QuerySet[Assessment]:
    return (
        Assessment.objects.visible_to(user)
        .filter(stakeholder=stakeholder)
        .select_related("assessed_by")
    )


def linkable_projects(user: User | AnonymousUser, partnership_id: int) -> QuerySet[Project]:
    """The partnership's projects a contact or consultation may name: those the user sees."""
    return (
        Project.objects.visible_to(user)
        .filter(partnership_id=partnership_id)
        .order_by("title", "pk")
    )


def visible_projects(user: User | AnonymousUser) -> Prefetch:
    """A record's linked projects as `user` may see them: an unpublished project is
    named to the partnership's own people only."""
    return Prefetch("projects", queryset=Project.objects.visible_to(user).order_by("title", "pk"))


def contact_links(user: User | AnonymousUser) -> tuple[Any, ...]:
    """What a contact row shows of what it concerns: priorities, bodies, meetings
    (public records) and the projects the user may see (four queries for any rows)."""
    return (
        "priorities",
        "bodies",
        Prefetch("meetings", queryset=Meeting.objects.select_related("body").order_by("start")),
        visible_projects(user),
    )


def timeline(user: User | AnonymousUser, stakeholder: Stakeholder) -> QuerySet[Contact]:
    """Every partner's contacts with the stakeholder, newest first."""
    return (
        Contact.objects.visible_to(user)
        .filter(stakeholder=stakeholder)
        .select_related("from_organisation", "from_unit", "from_person")
        .prefetch_related(*contact_links(user))
    )


def consultation_projects(
    user: User | AnonymousUser, consultation: Consultation
) -> QuerySet[Project]:
    """The projects a consultation serves that the user may see."""
    return Project.objects.visible_to(user).filter(pk__in=consultation.projects.values("pk"))


@dataclass(frozen=True)
class ProjectEngagement:
    """What a project's page shows of engagement: the consultations serving it that
    the user may see and, for the partnership's own people only, how many contacts
    concern it and the latest few."""

    consultations: list[Consultation]
    contact_count: int
    latest_contacts: list[Contact]


LATEST_CONTACTS = 5


def project_engagement(user: User | AnonymousUser, project: Project) -> ProjectEngagement:
    """Three queries whatever the number of rows (the contacts' two only for the
    partnership's own people: `Contact.visible_to` gives anyone else nothing)."""
    consultations = list(
        Consultation.objects.visible_to(user)
        .filter(projects=project)
        .select_related("lead_organisation")
        .order_by("-opens", "title", "pk")
    )
    contacts = Contact.objects.visible_to(user).filter(projects=project)
    count = contacts.count()
    latest = (
        list(
            contacts.select_related("stakeholder__organisation", "from_organisation").order_by(
                "-date", "-pk"
            )[:LATEST_CONTACTS]
        )
        if count
        else []
    )
    return ProjectEngagement(consultations, count, latest)


def linked_consultations(
    user: User | AnonymousUser, *, meeting: Meeting | None = None, priority: Priority | None = None
) -> QuerySet[Consultation]:
    """The consultations linked to a meeting, or naming a strategy priority, that the
    user may see, by opening date (one query)."""
    rows = Consultation.objects.visible_to(user)
    if meeting is not None:
        rows = rows.filter(meetings=meeting)
    if priority is not None:
        rows = rows.filter(priorities=priority)
    return rows.select_related("lead_organisation").order_by("opens", "title", "pk")


LINE_FIELDS = (
    "date",
    "planned",
    "is_illustrative",
    "method",
    "topic",
    "from_organisation__name",
    "from_unit__name",
    "from_person__given_name",
    "from_person__family_name",
)


def _line(row: dict) -> rules.ContactLine:
    person = " ".join(
        p for p in (row["from_person__given_name"], row["from_person__family_name"]) if p
    )
    where = row["from_organisation__name"] + (
        f", {row['from_unit__name']}" if row["from_unit__name"] else ""
    )
    label = f"{row['topic']} ({where}{': ' + person if person else ''})"
    if row["is_illustrative"]:
        label = f"Illustrative: {label}"
    return rules.ContactLine(
        date=row["date"],
        organisation=row["from_organisation__name"],
        unit=row["from_unit__name"],
        planned=row["planned"],
        label=label,
    )


def fatigue_for(
    user: User | AnonymousUser,
    stakeholder_id: int,
    *,
    on: datetime.date,
    window_days: int,
    threshold: int,
    exclude_pk: int | None = None,
) -> rules.Fatigue:
    """Who has contacted the stakeholder in the window ending `on`: one query on the
    (stakeholder, partnership, date) index. `exclude_pk` leaves out the contact being edited."""
    start, end = rules.window(on, window_days)
    rows = Contact.objects.visible_to(user).filter(
        stakeholder_id=stakeholder_id, date__gte=start, date__lte=end
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    lines = [_line(row) for row in rows.values(*LINE_FIELDS)]
    return rules.fatigue(lines, on=on, window_days=window_days, threshold=threshold)


@dataclass(frozen=True)
class Contacted:
    """A row of the most-contacted dashboard and of `roundtable engagement fatigue`."""

    stakeholder_id: int
    stakeholder: str
    relationship_manager: str
    fatigue: rules.Fatigue


def contacts_of(user: User | AnonymousUser, partnership_id: int) -> QuerySet[Contact]:
    """The partnership's contacts the user may see (none unless signed in to it)."""
    return Contact.objects.visible_to(user).filter(partnership_id=partnership_id)


def most_contacted(
    contacts: QuerySet[Contact], *, on: datetime.date, window_days: int, threshold: int
) -> list[Contacted]:
    """The stakeholders at or over the threshold in the window ending `on`, most
    contacted first (then by name), from the window's `contacts` (which the caller
    has narrowed: `contacts_of(user, ...)` for a page, a partnership's whole log for
    the `fatigue` command).

    Two queries, so the cost follows the contacts in the window, not the log: the
    window's contacts as bare ids (no join, on the (partnership, date) index), then
    the names and relationship managers of the stakeholders flagged. The summaries'
    lines name organisations and teams by id, and carry no label: a list of the
    most contacted shows counts; `fatigue_for` gives the lines to show."""
    start, end = rules.window(on, window_days)
    rows = (
        contacts.filter(date__gte=start, date__lte=end)
        .order_by()
        .values_list("stakeholder_id", "date", "planned", "from_organisation_id", "from_unit_id")
    )
    grouped: dict[int, list[rules.ContactLine]] = defaultdict(list)
    for stakeholder_id, date, planned, organisation_id, unit_id in rows:
        grouped[stakeholder_id].append(
            rules.ContactLine(
                date=date,
                organisation=str(organisation_id),
                unit=None if unit_id is None else str(unit_id),
                planned=planned,
            )
        )
    flagged = {}
    for pk, lines in grouped.items():
        summary = rules.fatigue(lines, on=on, window_days=window_days, threshold=threshold)
        if summary.flagged:
            flagged[pk] = summary
    if not flagged:
        return []
    # The stakeholders are those of contacts the caller may see (the same
    # partnership, internal alike), so their names are too.
    names = Stakeholder.objects.filter(pk__in=flagged).values_list(
        "pk",
        "organisation__name",
        "relationship_manager__honorific",
        "relationship_manager__given_name",
        "relationship_manager__family_name",
    )
    found = [
        Contacted(pk, name, " ".join(" ".join(p or "" for p in manager).split()), flagged[pk])
        for pk, name, *manager in names
    ]
    found.sort(key=lambda c: (-c.fatigue.contacts, c.stakeholder))
    return found


@dataclass(frozen=True)
class GridPoint:
    """A stakeholder placed on the interest/influence grid."""

    stakeholder: Stakeholder
    x: float
    y: float
    quadrant: rules.Quadrant


def grid(stakeholders: QuerySet[Stakeholder]) -> list[GridPoint]:
    """The assessed stakeholders as points on a 500×500 grid: interest across,
    influence up; stakeholders sharing a cell are spread along it."""
    cells: dict[tuple[int, int], list[Stakeholder]] = defaultdict(list)
    for s in stakeholders:
        if s.interest is not None and s.influence is not None:
            cells[(s.interest, s.influence)].append(s)
    points = []
    for (interest, influence), members in sorted(cells.items()):
        for i, s in enumerate(members):
            spread = (i - (len(members) - 1) / 2) * min(12, 70 / len(members))
            x = 50 + (interest - 0.5) * 80 + spread
            y = 450 - (influence - 0.5) * 80
            points.append(
                GridPoint(s, round(x, 1), round(y, 1), rules.quadrant(interest, influence))
            )
    return points


def named_organisations(user: User | AnonymousUser) -> Prefetch:
    """A consultation's named organisations as `user` may see them: an organisation
    the partnership only engages (not a partner) is named to its own people only."""
    return Prefetch("organisations", queryset=Organisation.objects.visible_to(user))


CURRENT = "current"
PAST = "past"
ALL = "all"


def consultations(
    user: User | AnonymousUser, partnership_id: int, *, show: str = CURRENT
) -> QuerySet[Consultation]:
    """The partnership's consultations the user may see: open and forthcoming ones
    (`current`, the default), closed ones and those with results (`past`), or `all`;
    with their lead, areas and the organisations named (the consultations page)."""
    rows = visible_consultations(user, partnership_id, show=show)
    return rows.select_related("lead_organisation").prefetch_related(
        "areas", named_organisations(user)
    )


def visible_consultations(
    user: User | AnonymousUser, partnership_id: int, *, show: str = CURRENT
) -> QuerySet[Consultation]:
    """`consultations` without what its page shows of each: the rows alone."""
    rows = Consultation.objects.visible_to(user).filter(partnership_id=partnership_id)
    done = (ConsultationStatus.CLOSED, ConsultationStatus.RESULTS_PUBLISHED)
    if show == CURRENT:
        rows = rows.exclude(status__in=done)
    elif show == PAST:
        rows = rows.filter(status__in=done).order_by("-closes", "title", "pk")
    return rows


def parents_of(codes: set[str]) -> dict[str, str | None]:
    """Each area's code to its parent's code, up the chain from `codes` (one query a
    level: ward, local authority, region, country). A custom area has no parent of
    its own: it lies in the one area all its components lie in, when they share one
    (Southall's wards are all Ealing's, so Southall is inside Ealing)."""
    parents: dict[str, str | None] = {}
    wanted = set(codes)
    while wanted:
        rows = Area.objects.filter(code__in=wanted).values_list("code", "parent__code")
        found = dict(rows)
        orphans = [code for code, parent in found.items() if parent is None]
        if orphans:
            shared: dict[str, set[str | None]] = defaultdict(set)
            for code, parent in Area.objects.filter(
                code__in=orphans, components__isnull=False
            ).values_list("code", "components__parent__code"):
                shared[code].add(parent)
            for code, up in shared.items():
                if len(up) == 1 and None not in up:
                    found[code] = next(iter(up))
        parents.update(found)
        parents.update(dict.fromkeys(wanted - set(found)))
        wanted = {p for p in found.values() if p and p not in parents}
    return parents


@dataclass(frozen=True)
class OverlapFound:
    """Another consultation in overlapping weeks, and what it shares."""

    consultation: Consultation
    overlap: rules.Overlap


def scope_of(c: Consultation) -> rules.ConsultationScope:
    return rules.ConsultationScope(
        opens=c.opens,
        closes=c.closes,
        audience=frozenset(c.audience_list),
        groups=frozenset(c.group_list),
        organisations=frozenset(o.name for o in c.organisations.all()),
        areas=frozenset(a.code for a in c.areas.all()),
    )


def overlaps(
    user: User | AnonymousUser,
    partnership_id: int,
    scope: rules.ConsultationScope,
    *,
    exclude_pk: int | None = None,
) -> list[OverlapFound]:
    """The partnership's consultations the user may see whose weeks meet `scope`'s and
    that share its audience or areas, soonest first."""
    week = datetime.timedelta(days=7)
    rows = (
        Consultation.objects.visible_to(user)
        .filter(
            partnership_id=partnership_id,
            opens__lte=scope.closes + week,
            closes__gte=scope.opens - week,
        )
        .select_related("lead_organisation")
        .prefetch_related(named_organisations(user), "areas")
        .order_by("opens", "pk")
    )
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    rows = list(rows)
    codes = set(scope.areas) | {a.code for c in rows for a in c.areas.all()}
    parents = parents_of(codes) if codes else {}
    labels = dict(Audience.choices)
    labels.update(Area.objects.filter(code__in=codes).values_list("code", "name"))
    found = []
    for c in rows:
        shared = rules.overlap(scope, scope_of(c), parents, labels)
        if shared:
            found.append(OverlapFound(c, shared))
    return found


def named_parties(user: User | AnonymousUser) -> Prefetch:
    """An agreement's parties as `user` may see them: an organisation the partnership
    only engages (not a partner) is named to its own people only."""
    return Prefetch("parties", queryset=Organisation.objects.visible_to(user))


def agreements(
    user: User | AnonymousUser, partnership_id: int, *, status: str = ""
) -> QuerySet[SharingAgreement]:
    """The partnership's information-sharing agreements the user may see (published
    ones for anyone, all for its own people), optionally of one status."""
    rows = (
        SharingAgreement.objects.visible_to(user)
        .filter(partnership_id=partnership_id)
        .select_related("lead_organisation", "owner_body")
        .prefetch_related(named_parties(user))
    )
    if status:
        rows = rows.filter(status=status)
    return rows


def signed_documents(
    user: User | AnonymousUser, agreement: SharingAgreement
) -> QuerySet[SignedDocument]:
    """The agreement's signed copies the user may see, newest first."""
    return SignedDocument.objects.visible_to(user).filter(agreement=agreement)


def owned_by_body(
    user: User | AnonymousUser, body: Body
) -> tuple[QuerySet[Consultation], QuerySet[SharingAgreement]]:
    """The consultations and agreements a body owns that the user may see."""
    consultations = (
        Consultation.objects.visible_to(user)
        .filter(owner_body=body)
        .select_related("lead_organisation")
    )
    owned = (
        SharingAgreement.objects.visible_to(user)
        .filter(owner_body=body)
        .select_related("lead_organisation")
    )
    return consultations, owned


# -- Personal data of a named contact --------------------------------------------

PERSONAL_DATA_COLUMNS = (
    "date",
    "stakeholder",
    "named_person",
    "from",
    "method",
    "topic",
    "outcome",
    "follow_up",
    "planned",
)


def _naming(name: str, *, contains: bool, variants: Iterable[str] = ()) -> Q:
    person = (
        Q(stakeholder_person__icontains=name) if contains else Q(stakeholder_person__iexact=name)
    )
    found = person | Q(topic__icontains=name) | Q(outcome__icontains=name)
    # A ticked variant is found wherever it is written (the rules then scrub it
    # only where it stands as a whole).
    return found | _variant_q(variants) if variants else found


def history_naming(
    partnership_id: int, name: str, *, contains: bool, variants: Iterable[str] = ()
) -> QuerySet:
    """The history rows (earlier versions) of the partnership's contacts naming the
    person (or a ticked variant of the name): as the named person, or in the topic
    or outcome."""
    return Contact.history.model.objects.filter(
        _naming(name, contains=contains, variants=variants), partnership_id=partnership_id
    )


def variant_texts(contacts: QuerySet[Contact], partnership_id: int, name: str) -> list[str]:
    """The named people, topics and outcomes, now and in earlier versions, of the
    entries of `contacts` that mention the surname of `name`: where its variants
    are looked for (`rules.find_variants`). Two queries."""
    surname = rules.surname_of(name)
    if len(surname) < rules.NAME_MIN:
        return []
    mention = (
        Q(stakeholder_person__icontains=surname)
        | Q(topic__icontains=surname)
        | Q(outcome__icontains=surname)
    )
    fields = ("stakeholder_person", "topic", "outcome")
    now = contacts.filter(mention, partnership_id=partnership_id).values_list(*fields)
    seen = contacts.filter(partnership_id=partnership_id).values("pk")
    earlier = Contact.history.model.objects.filter(
        mention, partnership_id=partnership_id, id__in=seen
    ).values_list(*fields)
    return [text for row in (*now, *earlier) for text in row if text]


def offered_variants(contacts: QuerySet[Contact], partnership_id: int, name: str) -> list[str]:
    """The variants of `name` that the entries of `contacts` write, now or in an
    earlier version (`rules.find_variants` over `variant_texts`): what the personal
    data page offers to tick and `--list-variants` lists. Two queries."""
    return rules.find_variants(name, variant_texts(contacts, partnership_id, name))


def entries_writing_each(
    contacts: QuerySet[Contact], partnership_id: int, variants: list[str]
) -> dict[str, int]:
    """How many entries of `contacts` write each variant as a whole, now or in an
    earlier version (what ticking it alone would add). Two queries."""
    found = _ids_writing_each(contacts, partnership_id, variants)
    return {variant: len(ids) for variant, ids in found.items()}


def _variant_q(variants: Iterable[str]) -> Q:
    found = Q(pk__in=[])
    for variant in variants:
        found |= (
            Q(stakeholder_person__icontains=variant)
            | Q(topic__icontains=variant)
            | Q(outcome__icontains=variant)
        )
    return found


def _writing_variants(
    contacts: QuerySet[Contact], partnership_id: int, variants: list[str]
) -> set[int]:
    """The ids of the entries of `contacts` that write a ticked variant as a whole,
    now or in an earlier version. Two queries."""
    return set().union(*_ids_writing_each(contacts, partnership_id, variants).values())


def _ids_writing_each(
    contacts: QuerySet[Contact], partnership_id: int, variants: list[str]
) -> dict[str, set[int]]:
    """Per variant, the ids of the entries of `contacts` that write it as a whole,
    now or in an earlier version: the database finds them by substring ("J. Keeper"
    in "J. Keeperson"), the rules keep the whole ones. Two queries."""
    fields = ("stakeholder_person", "topic", "outcome")
    now = contacts.filter(_variant_q(variants), partnership_id=partnership_id)
    earlier = Contact.history.model.objects.filter(
        _variant_q(variants),
        partnership_id=partnership_id,
        id__in=contacts.filter(partnership_id=partnership_id).values("pk"),
    )
    found: dict[str, set[int]] = {variant: set() for variant in variants}
    for rows in (now.values_list("pk", *fields), earlier.values_list("id", *fields)):
        for pk, *texts in rows:
            for variant in variants:
                if rules.writes_variant(texts, [variant]):
                    found[variant].add(pk)
    return found


def named_in_log(
    contacts: QuerySet[Contact],
    partnership_id: int,
    name: str,
    *,
    contains: bool = False,
    variants: Iterable[str] = (),
) -> QuerySet[Contact]:
    """The entries of `contacts` (already narrowed to what the reader may see) that
    name the person, now or in an earlier version: as the named person at the
    stakeholder (the same name in any case, or with `contains` any name containing
    it), or in the topic or outcome, or that write a ticked variant of the name as
    a whole. Oldest first. One query (three with variants)."""
    variants = list(variants)
    earlier = history_naming(partnership_id, name, contains=contains).values("id")
    found = contacts.filter(partnership_id=partnership_id).filter(
        _naming(name, contains=contains) | Q(pk__in=earlier)
    )
    if variants:
        found = contacts.filter(
            Q(pk__in=found.values("pk"))
            | Q(pk__in=_writing_variants(contacts, partnership_id, variants))
        )
    return found.select_related(
        "stakeholder__organisation", "from_organisation", "from_unit", "from_person"
    ).order_by("date", "pk")


def personal_data_row(contact: Contact) -> dict[str, str]:
    """An entry as the export gives it (every value text; dates ISO 8601)."""
    made_by = [
        contact.from_person.name if contact.from_person else "",
        contact.from_unit.name if contact.from_unit else "",
        contact.from_organisation.name,
    ]
    return {
        "date": contact.date.isoformat(),
        "stakeholder": str(contact.stakeholder),
        "named_person": contact.stakeholder_person,
        "from": ", ".join(p for p in made_by if p),
        "method": contact.get_method_display(),
        "topic": contact.topic,
        "outcome": contact.outcome,
        "follow_up": contact.follow_up.isoformat() if contact.follow_up else "",
        "planned": "yes" if contact.planned else "no",
    }


def erasures(user: User | AnonymousUser, partnership_id: int) -> QuerySet[PersonalDataErasure]:
    """The record of the partnership's erasures (administrators only)."""
    return (
        PersonalDataErasure.objects.visible_to(user)
        .filter(partnership_id=partnership_id)
        .select_related("erased_by__person")
    )


def personal_data_export(contacts: Iterable[Contact], fmt: str) -> bytes:
    """The entries as CSV (`fmt` "csv") or a JSON list of objects, one an entry."""
    rows = [personal_data_row(c) for c in contacts]
    if fmt == "csv":
        columns = PERSONAL_DATA_COLUMNS
        return write_csv([columns, *([row[c] for c in columns] for row in rows)])
    return (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode()


def consultations_in_place(
    user: User | AnonymousUser, partnership: Partnership, area: Area
) -> list[Consultation]:
    """The partnership's consultations the user may see whose areas are shown on
    `area`'s page (`geography.queries.shown_on_page_of`: the place, the areas inside
    it and the custom areas that include one of them), latest opening first, with
    their lead and areas (two queries; one when there are none)."""
    through = Consultation.areas.through
    return list(
        Consultation.objects.visible_to(user)
        .filter(
            partnership=partnership,
            pk__in=through.objects.filter(area_id__in=shown_on_page_of(area)).values(
                "consultation_id"
            ),
        )
        .select_related("lead_organisation")
        .prefetch_related(Prefetch("areas", queryset=Area.objects.order_by("name", "pk")))
        .order_by("-opens", "title", "pk")
    )
