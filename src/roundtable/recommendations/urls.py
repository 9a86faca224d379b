from __future__ import annotations

from django.urls import path, re_path

from roundtable.recommendations import views, views_exports

app_name = "recommendations"

urlpatterns = [
    path("", views.tracker, name="tracker"),
    re_path(
        r"^tracker\.(?P<fmt>csv|xlsx)$", views_exports.tracker_download, name="tracker-download"
    ),
    path("<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path("<int:pk>/progress/", views.progress_add, name="progress-add"),
    path("<int:pk>/comments/", views.comment_add, name="comment-add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("<int:pk>/response/", views.response_edit, name="response-edit"),
    path("<int:pk>/links/", views.links_edit, name="links-edit"),
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/new/", views.review_add, name="review-add"),
    path("reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="review-edit"),
    path("reviews/<int:pk>/sections/new/", views.section_add, name="section-add"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section-edit"),
    path("reviews/<int:pk>/publish/", views.review_publish, name="review-publish"),
    path("reviews/<int:pk>/one-year-on/", views.one_year_on, name="one-year-on"),
    path("reviews/<int:pk>/one-year-on.pdf", views.one_year_on_pdf, name="one-year-on-pdf"),
    path("reviews/<int:pk>/one-year-on.xlsx", views.one_year_on_xlsx, name="one-year-on-xlsx"),
]
