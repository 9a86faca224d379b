"""Strategy URLs, mounted at /strategy/."""

from __future__ import annotations

from django.urls import path

from roundtable.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.strategy_list, name="strategy-list"),
    path("import/", views.import_strategies, name="strategy-import"),
    path("add/", views.strategy_add, name="strategy-add"),
    path("priorities/<int:pk>/", views.priority_detail, name="priority-detail"),
    path("priorities/<int:pk>/history/", views.priority_history, name="priority-history"),
    path("priorities/<int:pk>/edit/", views.priority_edit, name="priority-edit"),
    path("priorities/<int:pk>/revisions/add/", views.revision_add, name="revision-add"),
    path("priorities/<int:pk>/areas/", views.target_areas_change, name="target-areas-change"),
    path(
        "priorities/<int:pk>/objectives/add/",
        views.priority_objective_add,
        name="priority-objective-add",
    ),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("events/add/", views.event_add, name="event-add"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event-edit"),
    path("events/<int:pk>/history/", views.event_history, name="event-history"),
    path("themes/<int:pk>/history/", views.theme_history, name="theme-history"),
    path("themes/<int:pk>/edit/", views.theme_edit, name="theme-edit"),
    path("values/<int:pk>/history/", views.approach_history, name="approach-history"),
    path("values/<int:pk>/edit/", views.approach_edit, name="approach-edit"),
    path(
        "values/<int:pk>/objectives/add/",
        views.approach_objective_add,
        name="approach-objective-add",
    ),
    path("<slug:slug>/", views.strategy_detail, name="strategy-detail"),
    path("<slug:slug>/history/", views.strategy_history, name="strategy-history"),
    path("<slug:slug>/edit/", views.strategy_edit, name="strategy-edit"),
    path("<slug:slug>/themes/add/", views.theme_add, name="theme-add"),
    path("<slug:slug>/priorities/add/", views.priority_add, name="priority-add"),
    path("<slug:slug>/values/add/", views.approach_add, name="approach-add"),
]
