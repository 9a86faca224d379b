from __future__ import annotations

from django.urls import path, re_path

from roundtable.projects import views, views_commitments, views_money

app_name = "projects"

urlpatterns = [
    # Projects, milestones, risks and updates (views.py).
    path("", views.portfolio, name="portfolio"),
    path("new/", views.project_add, name="project-add"),
    path("<int:pk>/", views.project_detail, name="project-detail"),
    path("<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("<int:pk>/milestones/new/", views.milestone_add, name="milestone-add"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("milestones/<int:pk>/delete/", views.milestone_delete, name="milestone-delete"),
    path("<int:pk>/risks/new/", views.risk_add, name="risk-add"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk-edit"),
    path("risks/<int:pk>/delete/", views.risk_delete, name="risk-delete"),
    path("<int:pk>/updates/new/", views.update_add, name="update-add"),
    path("updates/<int:pk>/edit/", views.update_edit, name="update-edit"),
    path("updates/<int:pk>/delete/", views.update_delete, name="update-delete"),
    # Money (views_money.py)
    path("funding/", views_money.funding_pipeline, name="funding"),
    path("money-settings/", views_money.money_settings, name="money-settings"),
    re_path(r"^funding\.(?P<fmt>csv|xlsx)$", views_money.funding_download, name="funding-download"),
    path("funding/<int:pk>/edit/", views_money.funding_edit, name="funding-edit"),
    path("contributions/", views_money.contributions, name="contributions"),
    re_path(
        r"^contributions\.(?P<fmt>csv|xlsx)$",
        views_money.contributions_download,
        name="contributions-download",
    ),
    path("contributions/<int:pk>/edit/", views_money.contribution_edit, name="contribution-edit"),
    path("pooled-budgets/new/", views_money.pooled_budget_add, name="pooled-budget-add"),
    path("pooled-budgets/<int:pk>/", views_money.pooled_budget_detail, name="pooled-budget-detail"),
    path(
        "pooled-budgets/<int:pk>/edit/", views_money.pooled_budget_edit, name="pooled-budget-edit"
    ),
    path(
        "pooled-budgets/<int:pk>/contributions/new/",
        views_money.contribution_add,
        name="contribution-add",
    ),
    path("<int:pk>/money/", views_money.project_money, name="project-money"),
    path("<int:pk>/budget/new/", views_money.budget_line_add, name="budget-line-add"),
    path("budget/<int:pk>/edit/", views_money.budget_line_edit, name="budget-line-edit"),
    path("<int:pk>/funding/new/", views_money.funding_add, name="funding-add"),
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
    path(
        "commitments/<int:pk>/history/",
        views_commitments.commitment_history,
        name="commitment-history",
    ),
    path(
        "commitments/actions/<int:pk>/edit/",
        views_commitments.commitment_action_edit,
        name="commitment-action-edit",
    ),
    path(
        "commitments/actions/<int:pk>/delete/",
        views_commitments.commitment_action_delete,
        name="commitment-action-delete",
    ),
    path(
        "commitments/evidence/<int:pk>/edit/",
        views_commitments.commitment_evidence_edit,
        name="commitment-evidence-edit",
    ),
    path(
        "commitments/evidence/<int:pk>/delete/",
        views_commitments.commitment_evidence_delete,
        name="commitment-evidence-delete",
    ),
    path(
        "commitments/signatories/<int:pk>/edit/",
        views_commitments.commitment_signatory_edit,
        name="commitment-signatory-edit",
    ),
    path(
        "commitments/signatories/<int:pk>/delete/",
        views_commitments.commitment_signatory_delete,
        name="commitment-signatory-delete",
    ),
]
