from __future__ import annotations

from django.urls import path

from roundtable.assets import views_colocation

app_name = "assets"

urlpatterns: list = [
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
