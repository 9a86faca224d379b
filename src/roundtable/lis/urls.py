from __future__ import annotations

from django.urls import path

from roundtable.lis import views, views_maps

app_name = "lis"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("import/", views.observation_import, name="import"),
    path("datasets/<slug:slug>/", views.dataset_detail, name="dataset-detail"),
    path("datasets/<slug:slug>/observations.csv", views.dataset_download, name="dataset-download"),
]
urlpatterns += [
    path("map/", views_maps.map_page, name="map"),
    path("map/data.json", views_maps.map_data, name="map-data"),
    path("boundaries/<str:area_type>.json", views_maps.boundaries, name="boundaries"),
]
