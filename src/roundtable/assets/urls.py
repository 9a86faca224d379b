from __future__ import annotations

from django.urls import path

from roundtable.assets import views

app_name = "assets"

urlpatterns: list = [
    # The register, the map and the asset pages (views.py).
    path("", views.asset_list, name="asset-list"),
    path("map/", views.asset_map, name="asset-map"),
    path("map/data.json", views.asset_map_data, name="asset-map-data"),
    path("coverage/", views.coverage, name="asset-coverage"),
    path("settings/", views.asset_settings, name="asset-settings"),
    path("new/", views.asset_add, name="asset-add"),
    path("<int:pk>/", views.asset_detail, name="asset-detail"),
    path("<int:pk>/edit/", views.asset_edit, name="asset-edit"),
]
