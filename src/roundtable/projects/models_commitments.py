"""Commitments: equality objectives, covenant pledges, charters and compacts the
partners make together, with their actions, evidence and signatories.

Who sees what is decided here, by the `visible_to(user)` queryset methods and the
`is_visible_to(user)` object checks that every page, download, API row and
performance report reads through. In words:

- a commitment is **public** when it is **published and not a draft**: anyone
  sees its page, its place in the list, the API row and (an equality objective)
  its narrative in the performance report;
- otherwise (unpublished, or a draft however published) it is **internal to the
  partnership**: its own signed-in people (members, editors, administrators) see
  it, nobody else sees anything of it (title, text, counts);
- its **actions**, **evidence** (links and files; a file is served only through
  `views_commitments.evidence_download`, which checks this) and **signatories**
  follow it: whoever may not see the commitment sees none of them.

Superusers see everything. Who may change what is in `permissions_commitments.py`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import visible_through_queryset
from roundtable.core.words import shortened
from roundtable.partnership.access import internal_to
from roundtable.partnership.addresses import partnership_reverse
from roundtable.projects.choices_commitments import CommitmentKind, CommitmentStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User


def commitment_visible(user: User | AnonymousUser, prefix: str = "") -> Q:
    """The filter for rows whose commitment (at `prefix`, "commitment__" for a
    child) `user` may see: published and not a draft, or internal to the user's
    partnership."""
    public = Q(**{f"{prefix}is_published": True}) & ~Q(
        **{f"{prefix}status": CommitmentStatus.DRAFT}
    )
    return public | internal_to(user, f"{prefix}partnership_id")


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        """Published commitments that are not drafts for anyone; every other one for
        the partnership's own people."""
        return self.filter(commitment_visible(user))


class Commitment(models.Model):
    """An equality objective, covenant pledge, charter or compact: what the partners
    commit to, who owns and leads it, its status and the meeting that agreed it."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="commitments"
    )
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=CommitmentKind.choices)
    text = models.TextField(blank=True, help_text="The commitment as agreed, in full.")
    owner_organisations = models.ManyToManyField(
        "partnership.Organisation", blank=True, related_name="commitments_owned"
    )
    leads = models.ManyToManyField("partnership.Person", blank=True, related_name="commitments_led")
    status = models.CharField(
        max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.DRAFT
    )
    review_on = models.DateField("review date", null=True, blank=True)
    agreed_at = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments_agreed",
        help_text="The meeting that agreed it.",
    )
    priorities = models.ManyToManyField("strategy.Priority", blank=True, related_name="commitments")
    progress = models.TextField(
        blank=True,
        help_text="Progress in words: the narrative the performance report shows for an "
        "equality objective.",
    )
    progress_on = models.DateField("progress as at", null=True, blank=True)
    is_published = models.BooleanField(
        "published",
        default=False,
        help_text="Drafts and unpublished commitments are seen by the partnership's own "
        "people only.",
    )
    is_illustrative = models.BooleanField(
        default=False, help_text="Partly made up for the demo; `source` says what."
    )
    source = models.TextField(blank=True, help_text="Where it comes from, and what is not.")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[owner_organisations, leads, priorities])

    objects = CommitmentQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["kind", "title", "pk"]
        indexes = [models.Index(fields=["partnership", "kind"], name="commitment_kind")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(
            self.partnership_id, "projects:commitment-detail", args=[self.pk]
        )

    # For the role policy (`partnership.access.role_policy`): owners are many, so
    # who may change it is in `permissions_commitments.py`, not the policy.
    owning_organisation_id = None
    visible_within_partnership = True

    @property
    def is_public(self) -> bool:
        return self.is_published and self.status != CommitmentStatus.DRAFT


class ChildQuerySet(models.QuerySet):
    """Rows that follow their commitment's visibility."""

    def visible_to(self, user: User | AnonymousUser) -> models.QuerySet:
        return self.filter(commitment_visible(user, "commitment__"))


class CommitmentAction(models.Model):
    """Something to do to meet a commitment, by when, and when it was done."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="actions")
    action = models.TextField()
    due = models.DateField(null=True, blank=True)
    done = models.DateField(null=True, blank=True, help_text="The date it was done.")
    owner_organisation = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitment_actions",
    )
    history = HistoricalRecords()

    objects = ChildQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["commitment", models.F("due").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return shortened(self.action, 80)


def evidence_upload_to(evidence: Evidence, filename: str) -> str:
    """Stored under a random name: the uploaded name is kept in `filename` only."""
    return f"projects/commitments/{evidence.partnership_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """Evidence that a commitment (or one of its actions) is being met: a web link
    (http or https) or an uploaded file (PDF, DOCX, XLSX, PNG, JPEG), never both.

    A file is served by `views_commitments.evidence_download` to whoever may see
    the commitment."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="+"
    )
    action = models.ForeignKey(
        CommitmentAction,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
        help_text="The action it is evidence for, if one.",
    )
    title = models.CharField(max_length=300)
    link = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, max_length=300, blank=True)
    filename = models.CharField(max_length=200, blank=True, help_text="The uploaded name.")
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ChildQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["commitment", "added_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(link="") & ~Q(file="")) | (~Q(link="") & Q(file="")),
                name="evidence_is_a_link_or_a_file",
                violation_error_message="Evidence is either a link or a file, not both.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The link itself, or the download that checks who may see the file."""
        if self.link:
            return self.link
        return partnership_reverse(
            self.partnership_id, "projects:commitment-evidence", args=[self.pk]
        )

    @property
    def is_file(self) -> bool:
        return bool(self.file)


class Signatory(models.Model):
    """A partner that signed a commitment: who signed for it, in what role, when."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        "partnership.Organisation", on_delete=models.PROTECT, related_name="signatures"
    )
    signed_by = models.CharField("who signed", max_length=200)
    role = models.CharField(max_length=200, blank=True, help_text="For example, Chief Executive.")
    signed_on = models.DateField()
    history = HistoricalRecords()

    objects = ChildQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["commitment", "signed_on", "pk"]
        verbose_name_plural = "signatories"
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation"], name="one_signature_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.signed_by}"
