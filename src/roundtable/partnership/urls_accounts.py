"""The partnership's Accounts pages, at `/<slug>/accounts/people/` (`roundtable.urls`
puts them beside the accounts app's own pages; the views are this app's, since they
read its organisations and people)."""

from __future__ import annotations

from django.urls import path

from roundtable.partnership import views_accounts as views

urlpatterns = [
    path("", views.account_list, name="account-list"),
    path("invite/", views.account_invite, name="account-invite"),
    path("<int:pk>/", views.account_detail, name="account-detail"),
    path("<int:pk>/history/", views.account_history, name="account-history"),
    path("<int:pk>/active/", views.account_active, name="account-active"),
    path("<int:pk>/invitation/", views.account_resend, name="account-resend"),
]
