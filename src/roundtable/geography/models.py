"""Geography: official areas (with ONS GSS codes) and custom areas built from them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from roundtable.core.visibility import public
from roundtable.geography.choices import AreaType


class Area(models.Model):
    """An area: an official geography identified by its GSS code (E09000009), or a
    custom area ("reassurance wards", "Southall") made of official areas.

    Custom areas have a code of their own (e.g. "ealing-southall"), belong to a
    partnership, and list their `components`; they are usable wherever an area is.
    """

    code = models.CharField(max_length=60, unique=True, help_text="GSS code, or a custom code")
    name = models.CharField(max_length=200)
    area_type = models.CharField(max_length=20, choices=AreaType.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    components = models.ManyToManyField(
        "self", blank=True, symmetrical=False, related_name="custom_areas"
    )
    partnership = models.ForeignKey(
        "partnership.Partnership",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="custom_areas",
        help_text="For custom areas: the partnership that defined it.",
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    population_source = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[components])
    visibility = public(
        "Official areas are open data; custom areas are published with their partnership."
    )

    class Meta:
        ordering = ["area_type", "name"]
        indexes = [models.Index(fields=["area_type", "name"], name="area_type_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("geography:area-detail", args=[self.code])

    owning_organisation_id = None

    @property
    def is_official(self) -> bool:
        return self.area_type != AreaType.CUSTOM


class Postcode(models.Model):
    """Which official areas a postcode lies in (loaded per local authority)."""

    postcode = models.CharField(
        max_length=8,
        unique=True,
        help_text="Normalised, for example 'W5 2HL'",
    )
    local_authority = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    ward = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    msoa = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lsoa = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    eastings = models.PositiveIntegerField(null=True, blank=True)
    northings = models.PositiveIntegerField(null=True, blank=True)
    visibility = public("Postcodes and their areas are open data (Open Government Licence).")

    class Meta:
        ordering = ["postcode"]

    def __str__(self) -> str:
        return self.postcode
