from __future__ import annotations

from django.db import models


class AreaType(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    WARD = "ward", "Ward"
    MSOA = "msoa", "Middle layer super output area (MSOA)"
    LSOA = "lsoa", "Lower layer super output area (LSOA)"
    CUSTOM = "custom", "Custom area"


def area_type_label(value: str) -> str:
    """An area type's name ("Local authority" for "local_authority"); text that is
    not an area type is returned as it is."""
    try:
        return AreaType(value).label
    except ValueError:
        return value
