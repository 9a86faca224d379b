"""Partnership structure: partnerships, organisations, units, people, bodies,
terms of reference and memberships.

Every model here keeps its history (who changed what, when, before and after)
through django-simple-history, shown on each record's History tab.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import public, visible_through_queryset
from roundtable.partnership.addresses import (
    follows_slug_rule,
    owner_of,
    partnership_reverse,
    validate_partnership_slug,
)
from roundtable.partnership.choices import ROLES_WITH_ACCESS, BodyKind, MembershipRole, Sector

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


class Partnership(models.Model):
    """A local strategic partnership: the partners of one place working together."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        validators=[validate_partnership_slug],
        help_text="Begins every address of the partnership's pages: /ealing/meetings/.",
    )
    place = models.CharField(
        max_length=120,
        blank=True,
        help_text="For example, London Borough of Ealing",
    )
    area = models.ForeignKey(
        "geography.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField(blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="The document this record was taken from."
    )
    history = HistoricalRecords()
    visibility = public("A partnership's name, place and description are its public face.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return partnership_reverse(self, "home")

    def clean_fields(self, exclude: Any = None) -> None:
        """Check the fields, but not a slug stored before the slug rule was what it is
        (`North_Hounslow`, before slugs had to be lower case; a word a newer page's
        address begins with) while it is not changed: who renames the partnership is
        not told to fix a slug they did not touch, nor are its addresses changed. A new
        or changed slug is checked (`validate_partnership_slug`)."""
        if self.pk is not None and not follows_slug_rule(self.slug):
            if Partnership.objects.filter(pk=self.pk, slug=self.slug).exists():
                exclude = {*(exclude or ()), "slug"}
        super().clean_fields(exclude=exclude)

    @property
    def partnership_id(self) -> int:
        return self.pk

    owning_organisation_id = None


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def partners(self) -> OrganisationQuerySet:
        return self.filter(is_partner=True)

    def visible_to(self, user: User | AnonymousUser) -> OrganisationQuerySet:
        """Partners for everyone; the organisations a partnership only engages
        (stakeholders that are not partners: HM Treasury, a trade body) for its own
        signed-in people, since which organisations it engages is its own business
        (the engagement register is internal); everything for superusers."""
        from roundtable.partnership.access import internal_to  # noqa: PLC0415 - a cycle

        return self.filter(Q(is_partner=True) | internal_to(user))


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, user: User | AnonymousUser) -> UnitQuerySet:
        """The units of the organisations `user` may see (`OrganisationQuerySet`)."""
        from roundtable.partnership.access import internal_to  # noqa: PLC0415 - a cycle

        return self.filter(Q(organisation__is_partner=True) | internal_to(user))


class Organisation(models.Model):
    """A partner (council, police, NHS body, college, charity, business…), or an
    organisation the partnership only engages (`is_partner` false): who sees which is
    `OrganisationQuerySet.visible_to`."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="For example, MPS, CVS")
    slug = models.SlugField(max_length=120)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    type = models.CharField(
        max_length=100,
        blank=True,
        help_text="For example, Local authority, Police, NHS trust, College",
    )
    website = models.URLField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    description = models.TextField(blank=True)
    is_partner = models.BooleanField(
        default=True,
        help_text="Untick for an organisation the partnership only engages (HM Treasury, "
        "a trade body): it is left off the partners' list and the structure chart.",
    )
    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()
    is_visible_to = visible_through_queryset
    # For the role policy (`partnership.access`): a partner is public; an organisation
    # the partnership only engages is for the partnership's own signed-in people.
    visible_within_partnership = True

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="organisation_name_unique_in_partnership",
                violation_error_message="There is already an organisation with this name.",
            ),
            models.UniqueConstraint(
                fields=["partnership", "slug"], name="organisation_slug_unique_in_partnership"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "partnership:organisation-detail", args=[self.pk]
        )

    @property
    def owning_organisation_id(self) -> int:
        return self.pk

    @property
    def is_public(self) -> bool:
        return self.is_partner


class Unit(models.Model):
    """A directorate, department or team inside an organisation ("I&C", "Adult Social Care")."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # Denormalised from the organisation so permission checks never query.
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()
    objects = UnitQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="unit_name_unique_in_organisation",
                violation_error_message="This organisation already has a unit with this name.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "partnership:organisation-detail", args=[self.organisation_id]
        )

    @property
    def owning_organisation_id(self) -> int:
        return self.organisation_id


class Person(models.Model):
    """Someone who works for a partner or sits on a body.

    Names, titles and job titles are public, as the board papers print them;
    email and telephone are shown only to the signed-in people of the person's own
    partnership (`core.permissions.can(user, Action.VIEW_CONTACT, person)`).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="people")
    honorific = models.CharField(
        max_length=40,
        blank=True,
        help_text="For example, Cllr, Dr, Commander",
    )
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    history = HistoricalRecords()
    visibility = public(
        "Names, job titles and organisations are published; email and phone need VIEW_CONTACT."
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return partnership_reverse(owner_of(self), "partnership:person-detail", args=[self.pk])

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.honorific, self.given_name, self.family_name) if p)

    @property
    def owning_organisation_id(self) -> int | None:
        return self.organisation_id


class Body(models.Model):
    """A board, forum, theme partnership, group or network of the partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True, help_text="For example, WPEG")
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=BodyKind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The body this one reports to.",
    )
    description = models.TextField(blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="When a time-limited group ends, or a body was wound up."
    )
    history = HistoricalRecords()
    visibility = public("Boards and groups are published on the structure chart.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="body_name_unique_in_partnership",
                violation_error_message="There is already a body with this name.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="body_ends_after_it_starts",
                violation_error_message="The end date must be the same as or after the start date.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return partnership_reverse(owner_of(self), "partnership:body-detail", args=[self.slug])

    owning_organisation_id = None

    @property
    def restricted_body_id(self) -> int:
        return self.pk

    def is_active_on(self, day: datetime.date) -> bool:
        return self.end_date is None or self.end_date >= day


class TermsOfReference(models.Model):
    """One agreed version of a body's terms of reference."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="terms_of_reference")
    version = models.PositiveIntegerField()
    agreed_on = models.DateField(null=True, blank=True, help_text="When this version was agreed.")
    agreed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="For example, WPEG, 5 March 2009",
    )
    purpose = models.TextField(blank=True)
    membership = models.TextField(blank=True)
    remit = models.TextField(blank=True)
    role = models.TextField(blank=True)
    meeting_frequency = models.CharField(max_length=200, blank=True)
    quorum = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How many members' seats must be filled for the meeting to decide.",
    )
    tasks = models.TextField(blank=True)
    members_role = models.TextField(blank=True)
    communication = models.TextField(blank=True)
    connectivity = models.TextField(blank=True)
    source = models.CharField(max_length=300, blank=True)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()
    visibility = public("Terms of reference are published with their body.")

    class Meta:
        ordering = ["body", "-version"]
        verbose_name_plural = "terms of reference"
        constraints = [
            models.UniqueConstraint(
                fields=["body", "version"],
                name="one_tor_per_body_version",
                violation_error_message="This body already has terms of reference of this version.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body.name}: terms of reference v{self.version}"

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "partnership:body-terms", args=[self.body.slug]
        )

    owning_organisation_id = None


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, day: datetime.date) -> MembershipQuerySet:
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )

    def past(self, day: datetime.date) -> MembershipQuerySet:
        return self.filter(end_date__lt=day)


class Membership(models.Model):
    """A person's seat on a body, in a role, representing an organisation, for a time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=MembershipRole.choices)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text="The organisation this person represents on the body.",
    )
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="As the papers give it, for example Leader of the Council",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()
    visibility = public("Who sits on which body, and for whom, is on the structure chart.")

    class Meta:
        ordering = ["body", "role", "person__family_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="membership_ends_after_it_starts",
                violation_error_message="The end date must be the same as or after the start date.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}, {self.body}"

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "partnership:body-detail", args=[self.body.slug]
        )

    @property
    def owning_organisation_id(self) -> int | None:
        """Editors of the organisation represented may edit a seat that gives no access;
        a seat that does is for the body's managers only (`managing_body_id`)."""
        return None if self.role in ROLES_WITH_ACCESS else self.organisation_id

    @property
    def managing_body_id(self) -> int:
        """The body's secretariat and the partnership's administrators manage its seats."""
        return self.body_id

    def is_current(self, day: datetime.date) -> bool:
        started = self.start_date is None or self.start_date <= day
        return started and (self.end_date is None or self.end_date >= day)
