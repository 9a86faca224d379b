from __future__ import annotations

from django.urls import path, re_path

from roundtable.geography import lists, views

app_name = "geography"

urlpatterns = [
    path("", views.area_list, name="area-list"),
    re_path(r"^areas\.(?P<fmt>csv|xlsx)$", lists.AREAS.download, name="area-list-download"),
    path("postcode/", views.postcode_lookup, name="postcode"),
    path("<str:code>/", views.area_detail, name="area-detail"),
    path("<str:code>/history/", views.area_history, name="area-history"),
]
