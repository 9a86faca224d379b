from __future__ import annotations

from django.urls import path

from roundtable.lis import views, views_exports

app_name = "lis"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("import/", views.observation_import, name="import"),
    path("datasets/<slug:slug>/", views.dataset_detail, name="dataset-detail"),
    path("datasets/<slug:slug>/observations.csv", views.dataset_download, name="dataset-download"),
    path(
        "datasets/<slug:slug>/download/<str:fmt>/",
        views_exports.dataset_export,
        name="dataset-export",
    ),
]
