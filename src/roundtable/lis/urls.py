from __future__ import annotations

from django.urls import path

from roundtable.lis import (
    views,
    views_catalogue,
    views_exports,
    views_maps,
    views_needs,
    views_profiles,
)

app_name = "lis"

urlpatterns = [
    # The catalogue, a dataset and its downloads.
    path("", views.catalogue, name="catalogue"),
    path("import/", views.observation_import, name="import"),
    path("import/indicators/", views.indicator_import, name="import-indicators"),
    # "add" is a reserved slug (`models.RESERVED_DATASET_SLUGS`): it must come first.
    path("datasets/add/", views_catalogue.dataset_add, name="dataset-add"),
    path("datasets/<slug:slug>/", views.dataset_detail, name="dataset-detail"),
    path("datasets/<slug:slug>/edit/", views_catalogue.dataset_edit, name="dataset-edit"),
    path("datasets/<slug:slug>/history/", views_catalogue.dataset_history, name="dataset-history"),
    path("datasets/<slug:slug>/observations.csv", views.dataset_download, name="dataset-download"),
    path(
        "datasets/<slug:slug>/download/<str:fmt>/",
        views_exports.dataset_export,
        name="dataset-export",
    ),
    # Needs assessment pages.
    path("needs/", views_needs.needs_index, name="needs-index"),
    path("needs/add/", views_needs.needs_add, name="needs-add"),
    path("needs/preview/", views_needs.needs_preview, name="needs-preview"),
    path("needs/<slug:slug>/", views_needs.needs_page, name="needs-page"),
    path("needs/<slug:slug>/edit/", views_needs.needs_edit, name="needs-edit"),
    path("needs/<slug:slug>/publish/", views_needs.needs_publish, name="needs-publish"),
    path("needs/<slug:slug>/unpublish/", views_needs.needs_unpublish, name="needs-unpublish"),
    path("needs/<slug:slug>/draft/", views_needs.needs_draft, name="needs-draft"),
    path("needs/<slug:slug>/discard/", views_needs.needs_discard, name="needs-discard"),
    path("needs/<slug:slug>/history/", views_needs.needs_history, name="needs-history"),
    path(
        "needs/<slug:slug>/history/<int:version_id>/",
        views_needs.needs_version,
        name="needs-version",
    ),
    path("needs/<slug:slug>/compare/", views_needs.needs_compare, name="needs-compare"),
    path("needs/<slug:slug>/editions/", views_needs.needs_editions, name="needs-editions"),
    path(
        "needs/<slug:slug>/editions/<int:version_id>/",
        views_needs.needs_edition,
        name="needs-edition",
    ),
    # Area profiles.
    path("areas/", views_profiles.area_index, name="areas"),
    path("areas/compare/", views_profiles.area_compare, name="area-compare"),
    path("areas/<str:code>/", views_profiles.area_profile, name="area"),
    path("areas/<str:code>/overview/", views_profiles.area_overview, name="area-overview"),
    path("areas/<str:code>/neighbours/", views_profiles.area_neighbours, name="area-neighbours"),
    path("areas/<str:code>/trends/", views_profiles.area_trends, name="area-trends"),
    # Maps.
    path("map/", views_maps.map_page, name="map"),
    path("map/data.json", views_maps.map_data, name="map-data"),
    path("boundaries/<str:area_type>.json", views_maps.boundaries, name="boundaries"),
]
