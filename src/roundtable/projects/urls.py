from __future__ import annotations

from django.urls import path

from roundtable.projects import views

app_name = "projects"

urlpatterns = [
    # Projects, milestones, risks and updates (views.py).
    path("", views.portfolio, name="portfolio"),
    path("new/", views.project_add, name="project-add"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/milestones/new/", views.milestone_add, name="milestone-add"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("<int:pk>/risks/new/", views.risk_add, name="risk-add"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk-edit"),
    path("<int:pk>/updates/new/", views.update_add, name="update-add"),
    path("updates/<int:pk>/edit/", views.update_edit, name="update-edit"),
]
