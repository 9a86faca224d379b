"""Stakeholder engagement: the register of stakeholders (any organisation, partner
or not) with their dated interest and influence assessments and relationship
manager, and the contact log that warns of approach fatigue across partners.

A stakeholder's current `interest`, `influence` and `assessed_on` are those of its
latest assessment, kept in step by `services.py` (never set elsewhere), so the
grid and the register filter and sort without reading every assessment.

Who sees what is decided here, by the `visible_to(user)` queryset methods and the
`is_visible_to(user)` object checks that every page, partial, API, command, count
and sort order reads through. In words:

- the **register** (stakeholders, their assessments, modes and relationship
  managers), the **contact log** (every contact, planned or done, and the named
  people in it) and the partnership's **fatigue settings** are internal to the
  partnership: its own signed-in people (members, editors, administrators) see
  them whole;
- **anyone else** (the public, and the people of another partnership) sees none
  of it: no page, list, count or API row.

The **consultation register** is public: anyone sees a consultation that is open,
closed or has its results published, in the list, its page, the API and the
iCalendar feed. A **planned** consultation is internal to the partnership (its own
signed-in people only) until it opens, so nothing of it (title, dates, counts)
reaches the public or another partnership before it is announced.

An **information-sharing agreement** is public (anyone sees it, in the register,
its page and the API) when it is marked "show in the public register" AND is not a
draft; otherwise it is internal to the partnership (its own signed-in people only).
Its **signed documents** follow their agreement: anyone who sees the agreement may
download them, nobody else (a 404, not a hint). The names of parties that are not
partners follow `Organisation.visible_to`: on a public agreement they are named to
the partnership's own people only. A record of a **review reminder** sent is its
recipient's.

Superusers see everything. Who may change what is in `permissions.py`.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from roundtable.accounts.choices import Role
from roundtable.core.models import StoredFile
from roundtable.core.visibility import visible_through_queryset
from roundtable.engagement import rules
from roundtable.engagement.choices import (
    AgreementStatus,
    Audience,
    ConsultationStatus,
    LawfulBasis,
    Method,
    Mode,
)
from roundtable.partnership.access import internal_to
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


class InternalQuerySet(models.QuerySet):
    """Rows internal to a partnership: for its own signed-in people only."""

    partnership_path = "partnership_id"

    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        return self.filter(internal_to(user, self.partnership_path))


class EngagementSettingsQuerySet(InternalQuerySet):
    pass


class EngagementSettings(models.Model):
    """A partnership's fatigue window and threshold (30 days, 3 contacts unless set)."""

    partnership = models.OneToOneField(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="engagement_settings"
    )
    fatigue_window_days = models.PositiveSmallIntegerField(
        "fatigue window (days)",
        default=rules.DEFAULT_WINDOW_DAYS,
        help_text="Contacts in this many days, up to the contact's date, are counted.",
    )
    fatigue_threshold = models.PositiveSmallIntegerField(
        default=rules.DEFAULT_THRESHOLD,
        help_text="From this many contacts in the window, a stakeholder is flagged.",
    )
    history = HistoricalRecords()

    objects = EngagementSettingsQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        verbose_name_plural = "engagement settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fatigue_window_days__gte=1, fatigue_threshold__gte=1),
                name="fatigue_window_and_threshold_positive",
            )
        ]

    def __str__(self) -> str:
        return f"Engagement settings of {self.partnership_id}"

    owning_organisation_id = None
    is_public = False
    visible_within_partnership = True


class StakeholderQuerySet(InternalQuerySet):
    def with_mode(self, mode: str) -> StakeholderQuerySet:
        return self.filter(modes__contains=f";{mode};")


class Stakeholder(models.Model):
    """An organisation the partnership engages, partner or not, in its register."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="stakeholders"
    )
    organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.CASCADE, related_name="stakeholder_entries"
    )
    # The modes, each between semicolons (";commissioning;consultation;"), so one
    # filter finds a mode on SQLite and PostgreSQL alike; read `mode_list`.
    modes = models.CharField(max_length=300, blank=True, default="")
    themes = models.ManyToManyField("strategy.Theme", blank=True, related_name="stakeholders")
    relationship_manager = models.ForeignKey(
        "partnership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stakeholders_managed",
        help_text="The person who coordinates the partnership's contacts with them.",
    )
    notes = models.TextField(blank=True)
    interest = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    influence = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    assessed_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[themes])

    objects = StakeholderQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"],
                name="one_stakeholder_per_organisation",
                violation_error_message="This organisation is already in the register.",
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "engagement:stakeholder-detail", args=[self.pk]
        )

    owning_organisation_id = None
    is_public = False
    visible_within_partnership = True

    @property
    def mode_list(self) -> list[str]:
        return [m for m in self.modes.split(";") if m]

    @property
    def mode_labels(self) -> list[str]:
        labels = dict(Mode.choices)
        return [labels.get(m, m) for m in self.mode_list]

    @property
    def quadrant(self) -> rules.Quadrant | None:
        if self.interest is None or self.influence is None:
            return None
        return rules.quadrant(self.interest, self.influence)


class AssessmentQuerySet(InternalQuerySet):
    partnership_path = "stakeholder__partnership_id"


class Assessment(models.Model):
    """A dated judgement of a stakeholder's interest and influence (1–5 each); the
    history is kept and the latest is current."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="assessments"
    )
    interest = models.PositiveSmallIntegerField()
    influence = models.PositiveSmallIntegerField()
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        "partnership.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    why = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = AssessmentQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(interest__gte=1, interest__lte=5),
                name="assessment_interest_1_to_5",
                violation_error_message="Interest must be a whole number from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=models.Q(influence__gte=1, influence__lte=5),
                name="assessment_influence_1_to_5",
                violation_error_message="Influence must be a whole number from 1 to 5.",
            ),
        ]

    def __str__(self) -> str:
        return f"Interest {self.interest}, influence {self.influence} on {self.assessed_on}"


class ContactQuerySet(InternalQuerySet):
    pass


class Contact(models.Model):
    """A contact (done) or planned contact of a partner with a stakeholder."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField()
    planned = models.BooleanField(
        default=False, help_text="Planned contacts are marked done once they happen."
    )
    from_organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    from_unit = models.ForeignKey(
        "partnership.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_person = models.ForeignKey(
        "partnership.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A name only, never a `Person` (whose names are published): the people at a
    # stakeholder are internal to the partnership, like the rest of the log.
    stakeholder_person = models.CharField(
        "named person at the stakeholder", max_length=200, blank=True
    )
    method = models.CharField(max_length=30, choices=Method.choices)
    topic = models.CharField(max_length=300)
    priorities = models.ManyToManyField("strategy.Priority", blank=True, related_name="+")
    # What the contact was about, beyond priorities: each shown only to those who may
    # see the linked record (`queries.contact_links`).
    bodies = models.ManyToManyField("partnership.Body", blank=True, related_name="+")
    meetings = models.ManyToManyField("meetings.Meeting", blank=True, related_name="+")
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="+")
    outcome = models.TextField(blank=True)
    follow_up = models.DateField("follow-up date", null=True, blank=True)
    is_illustrative = models.BooleanField(
        default=False, help_text="Made up for the demo; labelled as such wherever shown."
    )
    history = HistoricalRecords(m2m_fields=[priorities, bodies, meetings, projects])

    objects = ContactQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            # The fatigue check: one stakeholder's contacts in a date window, as
            # `visible_to` asks (its partnership too). Two equalities before the
            # range, so SQLite (which keeps no statistics unless ANALYZE is run)
            # prefers it to the dashboard's index below.
            models.Index(
                fields=["stakeholder", "partnership", "date"], name="contact_fatigue_window"
            ),
            # The most-contacted dashboard: a partnership's contacts in a window.
            models.Index(fields=["partnership", "date"], name="contact_partnership_date"),
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.date})"

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "engagement:stakeholder-detail", args=[self.stakeholder_id]
        )

    is_public = False
    visible_within_partnership = True

    @property
    def owning_organisation_id(self) -> int:
        return self.from_organisation_id


class PersonalDataErasureQuerySet(models.QuerySet):
    """An erasure's record is for the partnership's administrators (and superusers)."""

    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.role != Role.ADMINISTRATOR or user.partnership_id is None:
            return self.none()
        return self.filter(partnership_id=user.partnership_id)


class PersonalDataErasure(models.Model):
    """The audit of one erasure of a named person from the contact log: who did it,
    when, and how many entries and history rows it changed. Never the name itself:
    the record of an erasure must not keep what was erased."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when erased from the command line.",
    )
    erased_at = models.DateTimeField(default=timezone.now)
    contains = models.BooleanField(
        default=False, help_text="Entries naming anyone whose name contains the words searched."
    )
    entries = models.PositiveIntegerField(help_text="Log entries anonymised.")
    history_rows = models.PositiveIntegerField(help_text="Earlier versions scrubbed.")

    objects = PersonalDataErasureQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"Personal data erased from {self.entries} entries on {self.erased_at:%Y-%m-%d}"


class ConsultationQuerySet(models.QuerySet):
    """Public once open; planned ones only for the partnership's own people."""

    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        return self.filter(
            ~models.Q(status=ConsultationStatus.PLANNED) | internal_to(user, "partnership_id")
        )


class Consultation(models.Model):
    """A consultation run by a partner (or another agency): who it is for, where,
    when it is open, and its results."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(max_length=300)
    lead_organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="consultations_led"
    )
    # The stakeholder types, each between semicolons (";residents;businesses;") like
    # `Stakeholder.modes`; read `audience_list`.
    audience = models.CharField(max_length=300, blank=True, default="")
    groups = models.TextField(
        blank=True, help_text="Other groups it is for, one a line (e.g. market traders)."
    )
    organisations = models.ManyToManyField(
        "partnership.Organisation", blank=True, related_name="consulted_in"
    )
    areas = models.ManyToManyField("geography.Area", blank=True, related_name="consultations")
    opens = models.DateField()
    closes = models.DateField()
    method = models.CharField(
        max_length=200, blank=True, help_text="How to respond: online survey, drop-in events..."
    )
    url = models.URLField("link", max_length=500, blank=True)
    status = models.CharField(
        max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.PLANNED
    )
    results_summary = models.TextField(blank=True)
    results_url = models.URLField("results link", max_length=500, blank=True)
    priorities = models.ManyToManyField(
        "strategy.Priority", blank=True, related_name="consultations"
    )
    description = models.TextField(blank=True)
    owner_body = models.ForeignKey(
        "partnership.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
        help_text="The board or group that owns it; its page lists the consultation.",
    )
    meetings = models.ManyToManyField(
        "meetings.Meeting",
        blank=True,
        related_name="+",
        help_text="Meetings that discussed it (shown to those who may see each meeting).",
    )
    projects = models.ManyToManyField(
        "projects.Project",
        blank=True,
        related_name="+",
        help_text="Projects it serves (each shown only to those who may see the project).",
    )
    is_illustrative = models.BooleanField(
        default=False, help_text="Dates made up for the demo; labelled as such wherever shown."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[organisations, areas, priorities, meetings, projects])

    objects = ConsultationQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["opens", "title", "pk"]
        indexes = [models.Index(fields=["partnership", "closes"], name="consultation_closes")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")),
                name="consultation_closes_after_opening",
                violation_error_message="A consultation cannot close before it opens.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "engagement:consultation-detail", args=[self.pk]
        )

    visible_within_partnership = True

    @property
    def is_public(self) -> bool:
        return self.status != ConsultationStatus.PLANNED

    @property
    def owning_organisation_id(self) -> int:
        return self.lead_organisation_id

    @property
    def audience_list(self) -> list[str]:
        return [a for a in self.audience.split(";") if a]

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [labels.get(a, a) for a in self.audience_list]

    @property
    def group_list(self) -> list[str]:
        return [g.strip() for g in self.groups.splitlines() if g.strip()]


class SharingAgreementQuerySet(models.QuerySet):
    """Public when marked public and not a draft; otherwise internal to the partnership."""

    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        published = models.Q(is_public=True) & ~models.Q(status=AgreementStatus.DRAFT)
        return self.filter(published | internal_to(user, "partnership_id"))


class SharingAgreement(models.Model):
    """An information-sharing agreement between partners (and others): who shares
    what, why, on which lawful basis, for how long, and when it is next reviewed."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="sharing_agreements"
    )
    title = models.CharField(max_length=300)
    parties = models.ManyToManyField("partnership.Organisation", related_name="sharing_agreements")
    lead_organisation = models.ForeignKey(
        "partnership.Organisation",
        on_delete=models.PROTECT,
        related_name="sharing_agreements_led",
        help_text="The partner that keeps the agreement; its editors are reminded of reviews.",
    )
    owner_body = models.ForeignKey(
        "partnership.Body",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sharing_agreements",
        help_text="The board or group that owns it; its page lists the agreement.",
    )
    purpose = models.TextField()
    # The lawful bases, each between semicolons (";art6_e;gateway_cda1998_s115;") like
    # `Stakeholder.modes`; read `basis_list`.
    lawful_bases = models.CharField("lawful basis", max_length=500)
    other_gateway = models.CharField(
        "other statutory gateway", max_length=300, blank=True, help_text="Its name, if another."
    )
    data_categories = models.TextField(
        blank=True, help_text="The kinds of data shared, one a line (e.g. names and addresses)."
    )
    special_category = models.BooleanField(
        "includes special category data",
        default=False,
        help_text="Health, ethnicity, religion, sexuality... (UK GDPR Article 9).",
    )
    criminal_offence = models.BooleanField(
        "includes criminal offence data", default=False, help_text="UK GDPR Article 10."
    )
    retention = models.TextField(blank=True, help_text="How long each party keeps the data.")
    start_date = models.DateField(null=True, blank=True)
    review_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    is_public = models.BooleanField(
        "show in the public register",
        default=False,
        help_text="A draft is never shown to the public, even when this is ticked.",
    )
    is_illustrative = models.BooleanField(
        default=False, help_text="Made up for the demo; labelled as such wherever shown."
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[parties])

    objects = SharingAgreementQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["partnership", "review_date"], name="agreement_review")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(review_date__gte=models.F("start_date")),
                name="agreement_review_after_start",
                violation_error_message="An agreement cannot be reviewed before it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "engagement:agreement-detail", args=[self.pk]
        )

    visible_within_partnership = True

    @property
    def is_published(self) -> bool:
        return self.is_public and self.status != AgreementStatus.DRAFT

    @property
    def owning_organisation_id(self) -> int:
        return self.lead_organisation_id

    @property
    def basis_list(self) -> list[str]:
        return [b for b in self.lawful_bases.split(";") if b]

    @property
    def basis_labels(self) -> list[str]:
        labels = dict(LawfulBasis.choices)
        named = []
        for value in self.basis_list:
            if value == LawfulBasis.OTHER_GATEWAY and self.other_gateway:
                named.append(self.other_gateway)
            else:
                named.append(labels.get(value, value))
        return named

    @property
    def category_list(self) -> list[str]:
        return [c.strip() for c in self.data_categories.splitlines() if c.strip()]

    def review_due(self, today: datetime.date) -> bool:
        return rules.review_due(self.review_date, today, ended=self.status == AgreementStatus.ENDED)

    def review_overdue(self, today: datetime.date) -> bool:
        return rules.review_overdue(
            self.review_date, today, ended=self.status == AgreementStatus.ENDED
        )


def agreement_upload_to(document: SignedDocument, filename: str) -> str:
    """Stored under a random name: the uploaded name is kept in `filename` only."""
    return f"engagement/agreements/{document.partnership_id}/{uuid.uuid4().hex}"


class SignedDocumentQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """A signed document is seen where its agreement is."""
        return self.filter(agreement__in=SharingAgreement.objects.visible_to(user))


class SignedDocument(StoredFile):
    """The signed copy of an agreement (PDF or DOCX); the newest is current.

    Served by `views_agreements.document_download` to whoever may see the agreement."""

    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.CASCADE, related_name="documents"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=agreement_upload_to, max_length=300)

    objects = SignedDocumentQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "engagement:agreement-document", args=[self.pk]
        )


class AgreementReminderQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """A record of a reminder sent is its recipient's (and superusers')."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(recipient=user)


class AgreementReminder(models.Model):
    """A review reminder emailed: once per agreement, review date and recipient, so
    running `roundtable engagement agreement-reminders` again sends nothing twice."""

    agreement = models.ForeignKey(
        SharingAgreement, on_delete=models.CASCADE, related_name="reminders"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    review_date = models.DateField()
    day = models.DateField(help_text="The day it was sent.")
    sent_at = models.DateTimeField(auto_now_add=True)

    objects = AgreementReminderQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["-day", "agreement", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "recipient", "review_date"],
                name="one_agreement_reminder_per_review",
            )
        ]

    def __str__(self) -> str:
        return f"Review reminder for {self.agreement_id} ({self.day})"
