from __future__ import annotations

from django.urls import path

from roundtable.assets import views, views_colocation, views_strategies

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
    # Partners' asset strategies (views_strategies.py).
    path("strategies/", views_strategies.strategy_list, name="strategy-list"),
    path("strategies/new/", views_strategies.strategy_add, name="strategy-add"),
    path("strategies/<int:pk>/edit/", views_strategies.strategy_edit, name="strategy-edit"),
    path(
        "strategies/<int:pk>/history/",
        views_strategies.strategy_history,
        name="strategy-history",
    ),
    # The co-location finder and its opportunities (views_colocation.py).
    path("colocation/", views_colocation.colocation, name="colocation"),
    path("opportunities/", views_colocation.opportunities, name="opportunities"),
    path("opportunities/new/", views_colocation.opportunity_add, name="opportunity-add"),
    path(
        "opportunities/<int:pk>/",
        views_colocation.opportunity_detail,
        name="opportunity-detail",
    ),
    path(
        "opportunities/<int:pk>/edit/", views_colocation.opportunity_edit, name="opportunity-edit"
    ),
    path(
        "opportunities/<int:pk>/project/",
        views_colocation.opportunity_project,
        name="opportunity-project",
    ),
]
