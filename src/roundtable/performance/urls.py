from __future__ import annotations

from django.urls import path, re_path

from roundtable.performance import lists, views

app_name = "performance"

urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    re_path(
        r"^indicators\.(?P<fmt>csv|xlsx)$",
        lists.INDICATORS.download,
        name="indicator-list-download",
    ),
    path("indicators/add/", views.indicator_add, name="indicator-add"),
    path("import/", views.performance_import, name="import"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator-edit"),
    path("data-issues/add/", views.data_issue_add, name="data-issue-add"),
    path("data-issues/<int:pk>/edit/", views.data_issue_edit, name="data-issue-edit"),
    path("indicators/<int:pk>/history/", views.indicator_history, name="indicator-history"),
    path("priorities/<int:pk>/indicators/", views.priority_indicators, name="priority-indicators"),
    path(
        "objectives/<int:pk>/indicators/",
        views.objective_indicators,
        name="objective-indicators",
    ),
    path("settings/", views.performance_settings, name="settings"),
    path("report/", views.report, name="report"),
    path("report/<str:period>/", views.report, name="report-period"),
    path("report.json", views.report_json_view, name="report-json"),
    path("report.pdf", views.report_pdf, name="report-pdf"),
    path("report.xlsx", views.report_xlsx, name="report-xlsx"),
]
