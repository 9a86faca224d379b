"""Every write to the register and the contact log goes through a function here.

Each takes the acting user, checks who may make the change (`permissions.py`),
validates with the pure rules (`rules.py`), writes inside `transaction.atomic()`
with history (`save_with_history`) and returns the changed record. Views, the
commands, imports and the demo loader all call these; the loader passes
`check=False`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from roundtable.core import uploads
from roundtable.core.files import read_checked_upload
from roundtable.core.records import save_if_changed, save_with_history
from roundtable.engagement import queries, rules
from roundtable.engagement.choices import (
    AgreementStatus,
    Audience,
    ConsultationStatus,
    LawfulBasis,
    Method,
    Mode,
)
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
from roundtable.engagement.permissions import (
    may_edit_agreement_between,
    may_edit_consultation_of,
    may_log_contact_from,
    may_manage_personal_data,
    may_manage_register,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from roundtable.accounts.models import User
    from roundtable.geography.models import Area
    from roundtable.meetings.models import Meeting
    from roundtable.partnership.models import Body, Organisation, Partnership, Person, Unit
    from roundtable.projects.models import Project
    from roundtable.strategy.models import Priority, Theme


class Keep:
    """The value of an optional argument left out: keep what the record has."""


KEEP = Keep()


def _strangers(
    problems: dict[str, str], partnership_id: int, **links: Iterable[Any] | None
) -> dict[str, list[Any]]:
    """The linked records as lists, noting in `problems` any of another partnership
    (a crafted form or a wrong import): links stay within the partnership."""
    found = {}
    for name, records in links.items():
        if records is None:
            continue
        records = list(dict.fromkeys(records))
        strangers = [r for r in records if r.partnership_id != partnership_id]
        if strangers:
            problems[name] = f"{name}: {strangers[0]} is not of this partnership; choose one of its"
        found[name] = records
    return found


def _require_manager(actor: User | None, partnership_id: int, check: bool) -> None:
    if check and (actor is None or not may_manage_register(actor, partnership_id)):
        raise PermissionDenied("Only the partnership's administrators keep the register")


def add_stakeholder_organisation(
    actor: User | None, partnership: Partnership, *, name: str, sector: str, check: bool = True
) -> Organisation:
    """A new organisation the partnership engages but that is not a partner: kept off
    the partners' list and the structure chart (`is_partner` false)."""
    from roundtable.partnership.models import Organisation
    from roundtable.partnership.services import save_organisation, unique_organisation_slug

    _require_manager(actor, partnership.pk, check)
    name = " ".join(name.split())
    organisation = Organisation(
        partnership=partnership,
        name=name,
        slug=unique_organisation_slug(partnership, name),
        sector=sector,
        is_partner=False,
    )
    return save_organisation(actor, organisation)


def save_stakeholder(
    actor: User | None,
    stakeholder: Stakeholder,
    *,
    organisation: Organisation,
    modes: Iterable[str] = (),
    relationship_manager: Person | None = None,
    themes: Iterable[Theme] | None = None,
    notes: str = "",
    check: bool = True,
) -> Stakeholder:
    """Add a stakeholder to the register or change one: its organisation (of the same
    partnership), modes, relationship manager (a person of the partnership), themes."""
    _require_manager(actor, stakeholder.partnership_id, check)
    modes = list(modes)
    unknown = [m for m in modes if m not in Mode.values]
    if unknown:
        raise ValidationError({"modes": f"modes: '{unknown[0]}' is not a mode"})
    if organisation.partnership_id != stakeholder.partnership_id:
        raise ValidationError({"organisation": "organisation: choose one of this partnership's"})
    if (
        relationship_manager is not None
        and relationship_manager.partnership_id != stakeholder.partnership_id
    ):
        raise ValidationError(
            {"relationship_manager": "relationship_manager: choose a person of this partnership"}
        )
    stakeholder.organisation = organisation
    stakeholder.modes = f";{';'.join(modes)};" if modes else ""
    stakeholder.relationship_manager = relationship_manager
    stakeholder.notes = notes
    with transaction.atomic():
        save_if_changed(stakeholder, actor, validate=True)
        if themes is not None:
            stakeholder.themes.set(
                [t for t in themes if t.partnership_id == stakeholder.partnership_id]
            )
    return stakeholder


def record_assessment(
    actor: User | None,
    stakeholder: Stakeholder,
    *,
    interest: int,
    influence: int,
    assessed_on: datetime.date,
    assessed_by: Person | None = None,
    why: str = "",
    check: bool = True,
) -> Assessment:
    """Add a dated assessment (history is kept; one a day, so a second of the same
    date replaces the first) and make the stakeholder's current interest and
    influence those of its latest assessment."""
    _require_manager(actor, stakeholder.partnership_id, check)
    problems = {}
    for name, value in (("interest", interest), ("influence", influence)):
        try:
            rules.check_score(value, name)
        except ValueError as error:
            problems[name] = str(error)
    if problems:
        raise ValidationError(problems)
    # One assessment a day: a second of the same date (a re-import) replaces it.
    assessment = Assessment.objects.filter(
        stakeholder=stakeholder, assessed_on=assessed_on
    ).first() or Assessment(stakeholder=stakeholder, assessed_on=assessed_on)
    assessment.interest = int(interest)
    assessment.influence = int(influence)
    if assessed_by is not None or assessment.pk is None:
        assessment.assessed_by = assessed_by
    if why or assessment.pk is None:
        assessment.why = why
    with transaction.atomic():
        save_if_changed(assessment, actor, validate=True)
        latest = Assessment.objects.filter(stakeholder=stakeholder).order_by("-assessed_on", "-pk")[
            0
        ]
        current = (latest.interest, latest.influence, latest.assessed_on)
        if current != (stakeholder.interest, stakeholder.influence, stakeholder.assessed_on):
            stakeholder.interest, stakeholder.influence, stakeholder.assessed_on = current
            save_with_history(stakeholder, actor, "New assessment")
    return assessment


def log_contact(
    actor: User | None,
    contact: Contact,
    *,
    stakeholder: Stakeholder,
    date: datetime.date,
    from_organisation: Organisation,
    method: str,
    topic: str,
    today: datetime.date,
    planned: bool = False,
    from_unit: Unit | None = None,
    from_person: Person | None = None,
    stakeholder_person: str = "",
    outcome: str = "",
    follow_up: datetime.date | None = None,
    priorities: Iterable[Priority] | None = None,
    bodies: Iterable[Body] | None = None,
    meetings: Iterable[Meeting] | None = None,
    projects: Iterable[Project] | None = None,
    is_illustrative: bool | None = None,
    check: bool = True,
) -> Contact:
    """Log a contact (or plan one), or change one. Editors log contacts from their own
    organisation only (both the contact as it was and as it becomes); administrators
    any. A done contact cannot be in the future, a contact newly planned (or moved)
    cannot be in the past, nor a follow-up before it. The
    bodies, meetings and projects it concerns are of the same partnership (others are
    refused) and kept as they are unless given."""
    partnership_id = stakeholder.partnership_id
    if check and (
        actor is None
        or not may_log_contact_from(actor, partnership_id, from_organisation.pk)
        or (
            contact.pk is not None
            and not may_log_contact_from(actor, partnership_id, contact.from_organisation_id)
        )
    ):
        raise PermissionDenied("Editors log contacts from their own organisation only")
    # A contact planned before keeps its date, passed or not, until it is marked done.
    planned_for = contact.date if contact.pk is not None and contact.planned else None
    problems = rules.check_contact_dates(
        date, planned=planned, today=today, follow_up=follow_up, planned_for=planned_for
    )
    if method not in Method.values:
        problems["method"] = f"method: choose one of {', '.join(Method.labels)}"
    if from_organisation.partnership_id != partnership_id:
        problems["from_organisation"] = "from_organisation: choose one of this partnership's"
    if from_unit is not None and from_unit.organisation_id != from_organisation.pk:
        problems["from_unit"] = f"from_unit: '{from_unit}' is not a unit of {from_organisation}"
    if from_person is not None and from_person.partnership_id != partnership_id:
        problems["from_person"] = "from_person: choose a person of this partnership"
    links = _strangers(
        problems, partnership_id, bodies=bodies, meetings=meetings, projects=projects
    )
    if problems:
        raise ValidationError(problems)
    contact.partnership_id = partnership_id
    contact.stakeholder = stakeholder
    contact.date = date
    contact.planned = planned
    contact.from_organisation = from_organisation
    contact.from_unit = from_unit
    contact.from_person = from_person
    contact.stakeholder_person = stakeholder_person
    contact.method = method
    contact.topic = topic
    contact.outcome = outcome
    contact.follow_up = follow_up
    if is_illustrative is not None:
        contact.is_illustrative = is_illustrative
    with transaction.atomic():
        save_if_changed(contact, actor, validate=True)
        if priorities is not None:
            contact.priorities.set([p for p in priorities if p.partnership_id == partnership_id])
        for name, records in links.items():
            getattr(contact, name).set(records)
    return contact


def mark_contact_done(
    actor: User | None,
    contact: Contact,
    *,
    date: datetime.date,
    today: datetime.date,
    outcome: str = "",
    check: bool = True,
) -> Contact:
    """A planned contact has happened: on `date` (not in the future), with its outcome."""
    if check and (
        actor is None
        or not may_log_contact_from(actor, contact.partnership_id, contact.from_organisation_id)
    ):
        raise PermissionDenied("Editors log contacts from their own organisation only")
    problems = rules.check_contact_dates(
        date, planned=False, today=today, follow_up=contact.follow_up
    )
    if problems:
        raise ValidationError(problems)
    contact.planned = False
    contact.date = date
    if outcome:
        contact.outcome = outcome
    return save_with_history(contact, actor, "Marked done")


def save_engagement_settings(
    actor: User | None,
    partnership: Partnership,
    *,
    fatigue_window_days: int,
    fatigue_threshold: int,
    check: bool = True,
) -> EngagementSettings:
    """Set the partnership's fatigue window and threshold."""
    _require_manager(actor, partnership.pk, check)
    problems = {}
    try:
        rules.window(datetime.date(2000, 1, 1), fatigue_window_days)
    except ValueError as error:
        problems["fatigue_window_days"] = str(error)
    if fatigue_threshold < 1:
        problems["fatigue_threshold"] = "threshold: enter a number of contacts of at least 1"
    if problems:
        raise ValidationError(problems)
    found, _ = EngagementSettings.objects.get_or_create(partnership=partnership)
    found.fatigue_window_days = fatigue_window_days
    found.fatigue_threshold = fatigue_threshold
    return save_with_history(found, actor)


def save_consultation(
    actor: User | None,
    consultation: Consultation,
    *,
    partnership: Partnership,
    title: str,
    lead_organisation: Organisation,
    opens: datetime.date,
    closes: datetime.date,
    status: str,
    audience: Iterable[str] = (),
    groups: Iterable[str] = (),
    organisations: Iterable[Organisation] | None = None,
    areas: Iterable[Area] | None = None,
    method: str = "",
    url: str = "",
    results_summary: str = "",
    results_url: str = "",
    description: str = "",
    priorities: Iterable[Priority] | None = None,
    is_illustrative: bool | None = None,
    owner_body: Body | None | Keep = KEEP,
    meetings: Iterable[Meeting] | None = None,
    projects: Iterable[Project] | None = None,
    check: bool = True,
) -> Consultation:
    """Add a consultation or change one. Editors keep those their own organisation
    leads (both as it was and as it becomes); administrators any. It cannot close
    before it opens; links are web addresses (http or https) only. The owning body,
    the meetings and the projects it serves are kept as they are unless given; the
    projects are of the same partnership (others are refused)."""
    from roundtable.recommendations.rules import is_web_link

    if check and (
        actor is None
        or not may_edit_consultation_of(actor, partnership.pk, lead_organisation.pk)
        or (
            consultation.pk is not None
            and not may_edit_consultation_of(
                actor, consultation.partnership_id, consultation.lead_organisation_id
            )
        )
    ):
        raise PermissionDenied("Editors keep the consultations their own organisation leads")
    audience = list(dict.fromkeys(audience))
    problems = rules.check_consultation_dates(opens, closes)
    if not title.strip():
        problems["title"] = "title: enter the consultation's title"
    if status not in ConsultationStatus.values:
        problems["status"] = f"status: choose one of {', '.join(ConsultationStatus.values)}"
    unknown = [a for a in audience if a not in Audience.values]
    if unknown:
        problems["audience"] = f"audience: '{unknown[0]}' is not a stakeholder type"
    if lead_organisation.partnership_id != partnership.pk:
        problems["lead_organisation"] = "lead_organisation: choose one of this partnership's"
    elif not lead_organisation.is_partner:
        # Its name is public on the consultation; a non-partner's is internal.
        problems["lead_organisation"] = (
            f"lead_organisation: {lead_organisation} is not a partner; a consultation is "
            "public, so choose the partner that leads it"
        )
    for name, link in (("url", url), ("results_url", results_url)):
        if link and not is_web_link(link):
            problems[name] = f"{name}: enter a web address starting http:// or https://"
    if isinstance(owner_body, Keep):
        owner_body = consultation.owner_body if consultation.owner_body_id else None
    elif owner_body is not None and owner_body.partnership_id != partnership.pk:
        problems["owner_body"] = "owner_body: choose a board or group of this partnership"
    links = _strangers(problems, partnership.pk, projects=projects)
    if problems:
        raise ValidationError(problems)
    consultation.partnership = partnership
    consultation.owner_body = owner_body
    consultation.title = " ".join(title.split())
    consultation.lead_organisation = lead_organisation
    consultation.opens, consultation.closes = opens, closes
    consultation.status = status
    consultation.audience = f";{';'.join(audience)};" if audience else ""
    consultation.groups = "\n".join(g.strip() for g in groups if g.strip())
    consultation.method = method
    consultation.url = url.strip()
    consultation.results_summary = results_summary
    consultation.results_url = results_url.strip()
    consultation.description = description
    if is_illustrative is not None:
        consultation.is_illustrative = is_illustrative
    with transaction.atomic():
        save_if_changed(consultation, actor, validate=True)
        if organisations is not None:
            consultation.organisations.set(
                [o for o in organisations if o.partnership_id == partnership.pk]
            )
        if areas is not None:
            consultation.areas.set([a for a in areas if a.partnership_id in (None, partnership.pk)])
        if priorities is not None:
            consultation.priorities.set(
                [p for p in priorities if p.partnership_id == partnership.pk]
            )
        if meetings is not None:
            # The caller offers only the meetings the user may see (`forms`).
            consultation.meetings.set([m for m in meetings if m.partnership_id == partnership.pk])
        if "projects" in links:
            consultation.projects.set(links["projects"])
    return consultation


def save_agreement(
    actor: User | None,
    agreement: SharingAgreement,
    *,
    partnership: Partnership,
    title: str,
    parties: Iterable[Organisation],
    lead_organisation: Organisation,
    purpose: str,
    lawful_bases: Iterable[str],
    status: str,
    other_gateway: str = "",
    data_categories: Iterable[str] = (),
    special_category: bool = False,
    criminal_offence: bool = False,
    retention: str = "",
    start_date: datetime.date | None = None,
    review_date: datetime.date | None = None,
    is_public: bool = False,
    owner_body: Body | None = None,
    is_illustrative: bool | None = None,
    check: bool = True,
) -> SharingAgreement:
    """Add an information-sharing agreement or change one. Editors keep those their own
    organisation is a party to (both as it was and as it becomes); administrators any.
    Refused: fewer than two parties, no lawful basis, an unnamed other gateway,
    special category data without an Article 9 condition, a review before the start
    (`rules.check_agreement`), a lead that is not a partner among the parties."""
    parties = list(dict.fromkeys(parties))
    party_ids = [p.pk for p in parties]
    if check and (
        actor is None
        or not may_edit_agreement_between(actor, partnership.pk, party_ids)
        or (
            agreement.pk is not None
            and not may_edit_agreement_between(
                actor,
                agreement.partnership_id,
                agreement.parties.values_list("pk", flat=True),
            )
        )
    ):
        raise PermissionDenied("Editors keep the agreements their own organisation is a party to")
    bases = list(dict.fromkeys(lawful_bases))
    unknown = [b for b in bases if b not in LawfulBasis.values]
    problems = {}
    if unknown:
        problems["lawful_bases"] = f"lawful_bases: '{unknown[0]}' is not a lawful basis"
    else:
        problems = rules.check_agreement(
            parties=len(parties),
            bases=bases,
            other_gateway=other_gateway,
            special_category=special_category,
            start=start_date,
            review=review_date,
        )
    if not title.strip():
        problems["title"] = "title: enter the agreement's title"
    if not purpose.strip():
        problems["purpose"] = "purpose: say why the data is shared"
    if status not in AgreementStatus.values:
        problems["status"] = f"status: choose one of {', '.join(AgreementStatus.values)}"
    strangers = [p for p in parties if p.partnership_id != partnership.pk]
    if strangers:
        problems["parties"] = f"parties: {strangers[0]} is not an organisation of this partnership"
    if lead_organisation.partnership_id != partnership.pk or not lead_organisation.is_partner:
        problems["lead_organisation"] = "lead_organisation: choose a partner of this partnership"
    elif lead_organisation.pk not in party_ids and "parties" not in problems:
        problems["lead_organisation"] = (
            f"lead_organisation: {lead_organisation} must be one of the parties; "
            "add it to the parties or choose another lead"
        )
    if owner_body is not None and owner_body.partnership_id != partnership.pk:
        problems["owner_body"] = "owner_body: choose a board or group of this partnership"
    if problems:
        raise ValidationError(problems)
    agreement.partnership = partnership
    agreement.title = " ".join(title.split())
    agreement.lead_organisation = lead_organisation
    agreement.owner_body = owner_body
    agreement.purpose = purpose.strip()
    agreement.lawful_bases = f";{';'.join(bases)};"
    agreement.other_gateway = (
        " ".join(other_gateway.split()) if LawfulBasis.OTHER_GATEWAY in bases else ""
    )
    agreement.data_categories = "\n".join(c.strip() for c in data_categories if c.strip())
    agreement.special_category = special_category
    agreement.criminal_offence = criminal_offence
    agreement.retention = retention.strip()
    agreement.start_date, agreement.review_date = start_date, review_date
    agreement.status = status
    agreement.is_public = is_public
    if is_illustrative is not None:
        agreement.is_illustrative = is_illustrative
    with transaction.atomic():
        save_if_changed(agreement, actor, validate=True)
        agreement.parties.set(parties)
    return agreement


def check_signed_document(filename: str, size: int, content: bytes, limit: int) -> list[str]:
    """Problems with a signed agreement: a PDF or Word document (`core.uploads`)."""
    return uploads.check_upload(
        filename, size, content, limit, allowed=(".pdf", ".docx"), noun="The signed agreement"
    )


def upload_signed_document(
    actor: User | None, agreement: SharingAgreement, upload: UploadedFile, *, check: bool = True
) -> SignedDocument:
    """Attach the signed copy of an agreement (PDF or DOCX, at most
    ROUNDTABLE_MAX_UPLOAD_MB, its type judged by its contents); the newest is current.
    Who may change the agreement may upload it."""
    if check and (
        actor is None
        or not may_edit_agreement_between(
            actor, agreement.partnership_id, agreement.parties.values_list("pk", flat=True)
        )
    ):
        raise PermissionDenied("Editors keep the agreements their own organisation is a party to")
    checked = read_checked_upload(upload, check=check_signed_document, field="document")
    document = SignedDocument(
        agreement=agreement,
        partnership_id=agreement.partnership_id,
        **checked.stored,
        uploaded_by=actor,
    )
    with transaction.atomic():
        document.file.save(checked.name, checked.as_file(), save=False)
        document.save()
        save_with_history(agreement, actor, f"Signed copy uploaded: {checked.name}")
    return document


@dataclass(frozen=True)
class ErasurePlan:
    """What erasing a name would change: the entries naming the person now or in an
    earlier version, and the earlier versions (history rows) naming them."""

    name: str
    contains: bool
    entries: list[Contact]
    history_rows: int
    variants: tuple[str, ...] = ()


def plan_erasure(
    partnership: Partnership, name: str, *, contains: bool = False, variants: Iterable[str] = ()
) -> ErasurePlan:
    """The entries and history rows an erasure of `name` (and of the ticked
    `variants` of it, `rules.check_variants`) would change (no write)."""
    try:
        name = rules.clean_name(name)
    except ValueError as error:
        raise ValidationError({"name": str(error)}) from None
    try:
        ticked = tuple(rules.check_variants(name, variants))
    except ValueError as error:
        raise ValidationError({"variants": str(error)}) from None
    entries = list(
        queries.named_in_log(
            Contact.objects.all(), partnership.pk, name, contains=contains, variants=ticked
        )
    )
    rows = queries.history_naming(partnership.pk, name, contains=contains, variants=ticked).count()
    return ErasurePlan(name, contains, entries, rows, ticked)


def _scrubbed(
    row: Any, name: str, contains: bool, names: set[str], variants: tuple[str, ...] = ()
) -> bool:
    """Scrub one contact or history row in place; whether anything changed."""
    before = (row.stakeholder_person, row.topic, row.outcome)
    if rules.names_person(row.stakeholder_person, name, contains=contains) or any(
        rules.names_person(row.stakeholder_person, v, contains=False) for v in variants
    ):
        row.stakeholder_person = rules.ERASED
    else:
        row.stakeholder_person = rules.scrub(row.stakeholder_person, (), variants=variants)
    row.topic = rules.scrub(
        row.topic, names, limit=Contact._meta.get_field("topic").max_length, variants=variants
    )
    row.outcome = rules.scrub(row.outcome, names, variants=variants)
    return before != (row.stakeholder_person, row.topic, row.outcome)


def erase_personal_data(
    actor: User | None,
    partnership: Partnership,
    *,
    name: str,
    contains: bool = False,
    variants: Iterable[str] = (),
    check: bool = True,
) -> PersonalDataErasure:
    """Erase a named person from the partnership's contact log, on their request:
    on every entry naming them the named person becomes "[erased]" and their name is
    taken out of the topic and outcome (any case); the entries are kept, anonymised.
    Every earlier version of the partnership's contacts (the history) is scrubbed the
    same way, so no version keeps the name. The `variants` the administrator ticked
    (the name with initials, surname first, email addresses with the surname:
    `rules.find_variants`) are erased the same way; no other. The erasure is
    recorded (who, when, how many) without the name. Administrators only."""
    if check and (actor is None or not may_manage_personal_data(actor, partnership.pk)):
        raise PermissionDenied("Only the partnership's administrators erase personal data")
    history = Contact.history.model
    with transaction.atomic():
        plan = plan_erasure(partnership, name, contains=contains, variants=variants)
        name, ticked = plan.name, plan.variants
        # The name as searched, and each full name it matched (with `contains`,
        # "Jane Smith" searched finds "Dr Jane Smith"): out of every text.
        matched = {
            value
            for value in history.objects.filter(partnership_id=partnership.pk)
            .filter(stakeholder_person__icontains=name)
            .values_list("stakeholder_person", flat=True)
            if rules.names_person(value, name, contains=contains)
        }
        matched |= {
            c.stakeholder_person
            for c in plan.entries
            if rules.names_person(c.stakeholder_person, name, contains=contains)
        }
        names = {name, *matched}
        changed = 0
        for contact in plan.entries:
            if _scrubbed(contact, name, contains, names, ticked):
                save_with_history(contact, actor, "Personal data erased on request")
                changed += 1
        rows = 0
        for row in queries.history_naming(partnership.pk, name, contains=contains, variants=ticked):
            if _scrubbed(row, name, contains, names, ticked):
                row.save(update_fields=["stakeholder_person", "topic", "outcome"])
                rows += 1
        return PersonalDataErasure.objects.create(
            partnership=partnership,
            erased_by=actor,
            contains=contains,
            entries=changed,
            history_rows=rows,
        )
