from __future__ import annotations

from django.urls import path

from roundtable.lis import views, views_profiles

app_name = "lis"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("import/", views.observation_import, name="import"),
    path("datasets/<slug:slug>/", views.dataset_detail, name="dataset-detail"),
    path("datasets/<slug:slug>/observations.csv", views.dataset_download, name="dataset-download"),
]
urlpatterns += [
    path("areas/", views_profiles.area_index, name="areas"),
    path("areas/compare/", views_profiles.area_compare, name="area-compare"),
    path("areas/<str:code>/", views_profiles.area_profile, name="area"),
    path("areas/<str:code>/overview/", views_profiles.area_overview, name="area-overview"),
    path("areas/<str:code>/neighbours/", views_profiles.area_neighbours, name="area-neighbours"),
]
