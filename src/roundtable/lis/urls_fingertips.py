"""The Fingertips-compatible API, at the site's root under fingertips/api/ (see
`roundtable/urls.py`), with Fingertips' own paths: `fingertips_py` appends them to
its `base_url`."""

from __future__ import annotations

from django.urls import path

from roundtable.lis import fingertips as views

app_name = "fingertips"

urlpatterns = [
    path("ages", views.ages, name="ages"),
    path("sexes", views.sexes, name="sexes"),
    path("value_notes", views.value_notes, name="value-notes"),
    path("area_types", views.area_types, name="area-types"),
    path("areas/by_area_type", views.areas_by_area_type, name="areas-by-area-type"),
    path("profiles", views.profiles, name="profiles"),
    path("profile", views.profile, name="profile"),
    path(
        "indicator_metadata/by_indicator_id",
        views.metadata_by_indicator_id,
        name="indicator-metadata",
    ),
    path("indicator_metadata/all", views.metadata_all, name="indicator-metadata-all"),
    path(
        "indicator_metadata/csv/by_indicator_id",
        views.metadata_csv_by_indicator_id,
        name="indicator-metadata-csv",
    ),
    path("indicator_metadata/csv/all", views.metadata_csv_all, name="indicator-metadata-csv-all"),
    path(
        "indicator_metadata/csv/by_profile_id",
        views.metadata_csv_by_profile_id,
        name="indicator-metadata-csv-by-profile",
    ),
    path("available_data", views.available_data, name="available-data"),
    path(
        "all_data/csv/by_indicator_id",
        views.all_data_by_indicator_id,
        name="all-data-by-indicator",
    ),
    path("all_data/csv/by_profile_id", views.all_data_by_profile_id, name="all-data-by-profile"),
]
