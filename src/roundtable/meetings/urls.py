"""Meetings pages: the schedule, meeting pages, agenda and minutes editing, papers,
the actions log and forward plans."""

from __future__ import annotations

from django.urls import path, re_path

from roundtable.meetings import (
    lists,
    views,
    views_actions,
    views_attendance,
    views_exports,
    views_minutes,
    views_subscriptions,
)

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    re_path(
        r"^meetings\.(?P<fmt>csv|xlsx)$", lists.MEETINGS.download, name="meeting-list-download"
    ),
    path("bodies/<slug:slug>/", views.body_meetings, name="body-meetings"),
    path("bodies/<slug:slug>/schedule/", views.meeting_schedule, name="meeting-schedule"),
    path("bodies/<slug:slug>/emails/", views_subscriptions.subscribe, name="subscribe"),
    path(
        "emails/confirm/<str:token>/",
        views_subscriptions.subscription_confirm,
        name="subscription-confirm",
    ),
    path(
        "emails/stop/<str:token>/",
        views_subscriptions.subscription_stop,
        name="subscription-stop",
    ),
    path("bodies/<slug:slug>/actions/", views_actions.action_list, name="body-actions"),
    re_path(
        r"^bodies/(?P<slug>[-\w]+)/actions\.(?P<fmt>csv|xlsx)$",
        views_exports.action_log_download,
        name="body-actions-download",
    ),
    path("bodies/<slug:slug>/forward-plan/", views_actions.forward_plan, name="forward-plan"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/move/", views.meeting_move, name="meeting-move"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("<int:pk>/agenda/", views.agenda_edit, name="agenda-edit"),
    path("<int:pk>/agenda/add/", views.item_add, name="item-add"),
    path("<int:pk>/agenda/from-plan/", views.agenda_from_plan, name="agenda-from-plan"),
    path("<int:pk>/agenda/publish/", views.agenda_publish, name="agenda-publish"),
    path("<int:pk>/attendance/", views_attendance.attendance_edit, name="attendance-edit"),
    path("<int:pk>/minutes/take/", views_minutes.minutes_take, name="minutes-take"),
    path(
        "<int:pk>/minutes/circulate/",
        views_attendance.minutes_circulate,
        name="minutes-circulate",
    ),
    path("<int:pk>/minutes/return/", views_attendance.minutes_return, name="minutes-return"),
    path("<int:pk>/minutes/approve/", views_attendance.minutes_approve, name="minutes-approve"),
    path("items/<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("items/<int:pk>/remove/", views.item_remove, name="item-remove"),
    path("items/<int:pk>/move/<direction>/", views.item_move, name="item-move"),
    path("items/<int:pk>/papers/add/", views.paper_add, name="paper-add"),
    path("items/<int:pk>/minutes/", views_attendance.item_minutes, name="item-minutes"),
    path(
        "items/<int:pk>/minutes/take/",
        views_minutes.item_minutes_take,
        name="item-minutes-take",
    ),
    path(
        "items/<int:pk>/minutes/take/resolutions/",
        views_minutes.item_resolution_take,
        name="item-resolution-take",
    ),
    path(
        "items/<int:pk>/minutes/take/actions/",
        views_minutes.item_action_take,
        name="item-action-take",
    ),
    path("items/<int:pk>/resolutions/add/", views_attendance.resolution_add, name="resolution-add"),
    path("items/<int:pk>/actions/add/", views_attendance.action_add, name="action-add"),
    path(
        "resolutions/<int:pk>/remove/",
        views_attendance.resolution_remove,
        name="resolution-remove",
    ),
    path("papers/<int:pk>/", views.paper_download, name="paper-download"),
    path("papers/<int:pk>/new-version/", views.paper_replace, name="paper-replace"),
    path("actions/", views_actions.action_list, name="action-list"),
    re_path(
        r"^actions\.(?P<fmt>csv|xlsx)$",
        views_exports.action_log_download,
        name="action-list-download",
    ),
    path("actions/<int:pk>/", views_actions.action_detail, name="action-detail"),
    path("actions/<int:pk>/reassign/", views_actions.action_reassign, name="action-reassign"),
]
