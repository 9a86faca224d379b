from __future__ import annotations

from django.urls import path

from roundtable.geography import views

app_name = "geography"

urlpatterns = [
    path("", views.area_list, name="area-list"),
    path("postcode/", views.postcode_lookup, name="postcode"),
    path("<str:code>/", views.area_detail, name="area-detail"),
    path("<str:code>/history/", views.area_history, name="area-history"),
]
