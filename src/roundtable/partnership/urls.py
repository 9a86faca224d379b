from __future__ import annotations

from django.urls import path, re_path

from roundtable.partnership import lists, views

app_name = "partnership"

urlpatterns = [
    path("", views.index, name="index"),
    path("partnerships/", views.partnership_list, name="partnership-list"),
    path("partnerships/new/", views.partnership_add, name="partnership-add"),
    path("partnerships/<slug:slug>/", views.partnership_detail, name="partnership-detail"),
    path("structure/", views.structure, name="structure"),
    path("import/", views.import_records, name="import"),
    path("import/templates/<str:filename>", views.import_template_file, name="import-template"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    re_path(
        r"^organisations\.(?P<fmt>csv|xlsx)$",
        lists.ORGANISATIONS.download,
        name="organisation-list-download",
    ),
    path("organisations/add/", views.organisation_add, name="organisation-add"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation-edit"),
    path(
        "organisations/<int:pk>/history/", views.organisation_history, name="organisation-history"
    ),
    path("organisations/<int:pk>/units/add/", views.unit_add, name="unit-add"),
    path("people/", views.person_list, name="person-list"),
    re_path(r"^people\.(?P<fmt>csv|xlsx)$", lists.PEOPLE.download, name="person-list-download"),
    path("people/add/", views.person_add, name="person-add"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/history/", views.person_history, name="person-history"),
    path("bodies/", views.body_list, name="body-list"),
    re_path(r"^bodies\.(?P<fmt>csv|xlsx)$", lists.BODIES.download, name="body-list-download"),
    path("bodies/add/", views.body_add, name="body-add"),
    path("bodies/<slug:slug>/", views.body_detail, name="body-detail"),
    path("bodies/<slug:slug>/edit/", views.body_edit, name="body-edit"),
    path("bodies/<slug:slug>/history/", views.body_history, name="body-history"),
    path("bodies/<slug:slug>/terms-of-reference/", views.body_terms, name="body-terms"),
    path("bodies/<slug:slug>/terms-of-reference/add/", views.terms_add, name="terms-add"),
    path("bodies/<slug:slug>/members/add/", views.membership_add, name="membership-add"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/history/", views.membership_history, name="membership-history"),
]
