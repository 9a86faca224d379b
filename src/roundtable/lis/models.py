"""The Local Information System: a catalogue of datasets, and the statistics
(observations of an indicator for an area, a period and a breakdown) they hold.

Indicators are the performance app's (`performance.Indicator`): one library for
the performance report and the LIS, never copies. Areas are the geography app's.

Who sees what is decided here, once per record type, by the `visible_to(user)`
queryset methods that the catalogue, the API, exports and imports read through.
In words:

- a **dataset** marked published is seen by everyone; one "held by a partner, not
  published" is seen by the signed-in people of its partnership only (superusers
  see every dataset);
- an **observation** is seen where its dataset is: the public sees the observations
  of published datasets only, the partnership's signed-in people those of all its
  datasets. Suppressed cells are still rows here: every public output blanks their
  value, count, denominator and confidence limits (see `api.py`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import visible_through_queryset
from roundtable.geography.choices import area_type_label
from roundtable.partnership.access import internal_to, sees_everything
from roundtable.partnership.addresses import partnership_reverse

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from roundtable.accounts.models import User

DEFAULT_LICENCE = "OGL-UK-3.0"
DEFAULT_SUPPRESS_BELOW = 5
# A dataset's slug is part of its addresses (`datasets/<slug>/`) and its CKAN name.
DATASET_SLUG = re.compile(r"[-a-z0-9_]+")
# Words a dataset's slug may not be: `datasets/add/` is the page that adds an entry.
RESERVED_DATASET_SLUGS = frozenset({"add"})


class DatasetQuerySet(models.QuerySet["Dataset"]):
    def published(self) -> DatasetQuerySet:
        return self.filter(published=True)

    def visible_to(self, user: User | AnonymousUser) -> DatasetQuerySet:
        """Published datasets for everyone; every dataset of their own partnership for
        its signed-in people; everything for superusers."""
        if sees_everything(user):
            return self
        return self.filter(Q(published=True) | internal_to(user))


class Dataset(models.Model):
    """A catalogue entry: a dataset a partner publishes here, or one a partner holds
    and shares on request ("held by a partner, not published")."""

    partnership = models.ForeignKey(
        "partnership.Partnership", on_delete=models.CASCADE, related_name="lis_datasets"
    )
    slug = models.SlugField(max_length=100, unique=True)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    publisher = models.ForeignKey(
        "partnership.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lis_datasets",
        help_text="The partner organisation that publishes or holds it.",
    )
    source = models.CharField(max_length=300, blank=True, help_text="Where the figures come from")
    licence = models.CharField(
        max_length=60, default=DEFAULT_LICENCE, help_text="An SPDX identifier, like OGL-UK-3.0"
    )
    update_frequency = models.CharField(max_length=60, blank=True, help_text="For example, annual")
    next_update_due = models.DateField(null=True, blank=True)
    themes = models.JSONField(default=list, blank=True, help_text="Theme names, for the catalogue")
    area_types = models.JSONField(default=list, blank=True, help_text="Area types it covers")
    time_covered = models.CharField(max_length=100, blank=True, help_text="For example, 2011 - 21")
    contact = models.CharField(max_length=300, blank=True)
    method_notes = models.TextField(blank=True)
    published = models.BooleanField(
        default=True,
        help_text="Untick for a dataset held by a partner and not published here.",
    )
    holder = models.CharField(
        max_length=300, blank=True, help_text="Who holds it, when it is not published"
    )
    how_to_ask = models.TextField(blank=True, help_text="How to ask the holder for it")
    sharing_agreement = models.TextField(blank=True)
    suppress_below = models.PositiveSmallIntegerField(
        default=DEFAULT_SUPPRESS_BELOW,
        help_text="Counts from 1 up to this number less one are suppressed (5: counts 1 to 4).",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    data_updated = models.DateTimeField(
        null=True,
        blank=True,
        help_text='When its statistics were last imported (Fingertips\' "New data").',
    )
    # Every import sets data_updated; the History tab leaves it out.
    history = HistoricalRecords(excluded_fields=["data_updated"])

    objects = DatasetQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return partnership_reverse(self.partnership_id, "lis:dataset-detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.published

    @property
    def suppression_text(self) -> str:
        """What the dataset's suppression rule hides, in words for its page."""
        highest = self.suppress_below - 1
        if highest < 1:
            return "No figures are suppressed."
        if highest == 1:
            return "Counts of 1 are suppressed: their figures are left out."
        return f"Counts from 1 to {highest} are suppressed: their figures are left out."

    @property
    def area_type_labels(self) -> list[str]:
        """The area types it covers, by name ("Local authority", not "local_authority")."""
        return [area_type_label(value) for value in self.area_types]

    @property
    def owning_organisation_id(self) -> int | None:
        return self.publisher_id


class ObservationQuerySet(models.QuerySet["Observation"]):
    def visible_to(self, user: User | AnonymousUser) -> ObservationQuerySet:
        """Observations of the datasets `user` may see (`DatasetQuerySet.visible_to`)."""
        if sees_everything(user):
            return self
        return self.filter(
            Q(dataset__published=True) | internal_to(user, "dataset__partnership_id")
        )


class Observation(models.Model):
    """One statistic: an indicator's value for an area, a period and a breakdown
    (sex, age band, or a category such as a deprivation decile; blank means all)."""

    # Observations are written in bulk, a million rows at a time (`imports.py`), so:
    # - dataset and indicator have no index of their own: the unique cell (dataset
    #   first) and the lookup index (indicator first) serve them;
    # - no foreign key is a database constraint: a deferred constraint costs a
    #   trigger per row (35 s per million rows on PostgreSQL, more than the whole
    #   import). The import joins every code to an existing row before it writes
    #   instead, and Django still applies CASCADE and PROTECT.
    dataset = models.ForeignKey(
        Dataset,
        on_delete=models.CASCADE,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )
    indicator = models.ForeignKey(
        "performance.Indicator",
        on_delete=models.PROTECT,
        related_name="observations",
        db_index=False,
        db_constraint=False,
    )
    area = models.ForeignKey(
        "geography.Area",
        on_delete=models.PROTECT,
        related_name="observations",
        db_constraint=False,
    )
    period = models.CharField(max_length=40, help_text="2011, 2011/12, 2011/12 Q2, 2017 - 19…")
    period_start = models.DateField()
    period_end = models.DateField()
    sex = models.CharField(max_length=20, blank=True)
    age = models.CharField(max_length=40, blank=True)
    category = models.CharField(max_length=100, blank=True)
    value = models.FloatField(null=True, blank=True)
    count = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    lower_ci_95 = models.FloatField(null=True, blank=True)
    upper_ci_95 = models.FloatField(null=True, blank=True)
    lower_ci_99_8 = models.FloatField(null=True, blank=True)
    upper_ci_99_8 = models.FloatField(null=True, blank=True)
    ci_method = models.CharField(max_length=100, blank=True)
    note = models.CharField(max_length=300, blank=True)
    suppressed = models.BooleanField(default=False)

    objects = ObservationQuerySet.as_manager()
    is_visible_to = visible_through_queryset

    class Meta:
        ordering = ["indicator", "period_start", "area"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "indicator", "area", "period", "sex", "age", "category"],
                name="one_observation_per_cell",
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "period", "area"], name="observation_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period}"


# Needs assessment pages live in their own module; imported here so Django finds them.
from roundtable.lis.needs_models import NeedsPage, NeedsStatus  # noqa: E402, F401
