from __future__ import annotations

from django.urls import path

from roundtable.performance import views

app_name = "performance"

urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator-detail"),
    path("indicators/<int:pk>/history/", views.indicator_history, name="indicator-history"),
    path("report/", views.report, name="report"),
    path("report.json", views.report_json_view, name="report-json"),
    path("report.pdf", views.report_pdf, name="report-pdf"),
    path("report.xlsx", views.report_xlsx, name="report-xlsx"),
]
