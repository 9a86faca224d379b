from __future__ import annotations

from django.urls import path

from roundtable.meetings import views_analytics

app_name = "meetings_analytics"

urlpatterns = [
    path("bodies/<slug:slug>/attendance/", views_analytics.attendance, name="body-attendance"),
]
