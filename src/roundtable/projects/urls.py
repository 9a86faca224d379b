from __future__ import annotations

from django.urls import path

from roundtable.projects import views_commitments

app_name = "projects"

urlpatterns: list = [
    path("commitments/", views_commitments.commitment_list, name="commitment-list"),
    path("commitments/new/", views_commitments.commitment_add, name="commitment-add"),
    path("commitments/<int:pk>/", views_commitments.commitment_detail, name="commitment-detail"),
    path("commitments/<int:pk>/edit/", views_commitments.commitment_edit, name="commitment-edit"),
    path(
        "commitments/<int:pk>/actions/new/",
        views_commitments.commitment_action_add,
        name="commitment-action-add",
    ),
    path(
        "commitments/actions/<int:pk>/done/",
        views_commitments.commitment_action_done,
        name="commitment-action-done",
    ),
    path(
        "commitments/<int:pk>/evidence/new/",
        views_commitments.commitment_evidence_add,
        name="commitment-evidence-add",
    ),
    path(
        "commitments/evidence/<int:pk>/",
        views_commitments.evidence_download,
        name="commitment-evidence",
    ),
    path("commitments/<int:pk>/sign/", views_commitments.commitment_sign, name="commitment-sign"),
]
