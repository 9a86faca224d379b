"""My Roundtable: the signed-in user's own page, at /<slug>/my/."""

from __future__ import annotations

from django.urls import path

from roundtable.personal import views

app_name = "personal"

urlpatterns = [
    path("", views.home, name="home"),
]
