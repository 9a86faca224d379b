from __future__ import annotations

from django.urls import path

from roundtable.engagement import (
    views,
    views_agreements,
    views_consultations,
    views_history,
    views_personal_data,
)

app_name = "engagement"

urlpatterns = [
    path("", views.register, name="register"),
    path("grid/", views.grid, name="grid"),
    path("most-contacted/", views.dashboard, name="dashboard"),
    path("fatigue/", views.fatigue, name="fatigue"),
    path("digest/", views.digest, name="digest"),
    path("settings/", views.settings_edit, name="settings"),
    path("stakeholders/new/", views.stakeholder_add, name="stakeholder-add"),
    path("stakeholders/<int:pk>/", views.stakeholder_detail, name="stakeholder-detail"),
    path("stakeholders/<int:pk>/edit/", views.stakeholder_edit, name="stakeholder-edit"),
    path("stakeholders/<int:pk>/assess/", views.assessment_add, name="assessment-add"),
    path(
        "stakeholders/<int:pk>/history/",
        views_history.stakeholder_history,
        name="stakeholder-history",
    ),
    path("contacts/new/", views.contact_add, name="contact-add"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/done/", views.contact_done, name="contact-done"),
    path("contacts/<int:pk>/history/", views_history.contact_history, name="contact-history"),
    path("personal-data/", views_personal_data.personal_data, name="personal-data"),
    path(
        "personal-data/export.<str:fmt>",
        views_personal_data.personal_data_export,
        name="personal-data-export",
    ),
    path(
        "personal-data/erase/", views_personal_data.personal_data_erase, name="personal-data-erase"
    ),
    path("consultations/", views_consultations.consultation_list, name="consultations"),
    path("consultations.ics", views_consultations.consultation_calendar, name="consultations-ics"),
    path(
        "consultations/overlaps/",
        views_consultations.consultation_overlaps,
        name="consultation-overlaps",
    ),
    path("consultations/new/", views_consultations.consultation_add, name="consultation-add"),
    path(
        "consultations/<int:pk>/",
        views_consultations.consultation_detail,
        name="consultation-detail",
    ),
    path(
        "consultations/<int:pk>/edit/",
        views_consultations.consultation_edit,
        name="consultation-edit",
    ),
    path(
        "consultations/<int:pk>/history/",
        views_history.consultation_history,
        name="consultation-history",
    ),
    path("agreements/", views_agreements.agreement_list, name="agreements"),
    path("agreements/new/", views_agreements.agreement_add, name="agreement-add"),
    path("agreements/<int:pk>/", views_agreements.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", views_agreements.agreement_edit, name="agreement-edit"),
    path(
        "agreements/<int:pk>/history/",
        views_agreements.agreement_history,
        name="agreement-history",
    ),
    path("agreements/<int:pk>/upload/", views_agreements.agreement_upload, name="agreement-upload"),
    path(
        "agreements/documents/<int:pk>/",
        views_agreements.document_download,
        name="agreement-document",
    ),
]
