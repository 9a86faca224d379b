"""Addresses of the meetings' outputs, under /meetings/: calendars, Atom feeds, packs,
search.

The ModernGov-compatible service is at the site's root (`/mgWebService.asmx/...`),
where the tools that read it expect it; see `roundtable/urls.py`.
"""

from __future__ import annotations

from django.urls import path

from roundtable.meetings import views_outputs as views

app_name = "meetings_outputs"

urlpatterns = [
    path("calendar.ics", views.partnership_calendar, name="partnership-calendar"),
    path("bodies/<slug:slug>/calendar.ics", views.body_calendar, name="body-calendar"),
    path("bodies/<slug:slug>/feed.atom", views.body_feed, name="body-feed"),
    path("<int:pk>/pack.pdf", views.meeting_pack, name="meeting-pack"),
    path("search/", views.search, name="search"),
]

# At the site's root, under mgWebService.asmx/, as ModernGov has them (roundtable/urls.py).
moderngov_urlpatterns = [
    path("GetCommittees", views.moderngov_committees, name="committees"),
    path("GetMeetings", views.moderngov_meetings, name="meetings"),
    path("GetMeeting", views.moderngov_meeting, name="meeting"),
    path("GetAttachment", views.moderngov_attachment, name="attachment"),
]
