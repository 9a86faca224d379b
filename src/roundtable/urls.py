"""Top-level URLs: one include per app, the API, accounts and the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path

from roundtable.api import api
from roundtable.core import views as core_views
from roundtable.lis import ckan
from roundtable.meetings.urls_outputs import moderngov_urlpatterns
from roundtable.personal.views import SignInView, front

urlpatterns = [
    # The front page composes every app's news, so its view is in the app above them.
    path("", front, name="home"),
    path("search/", core_views.search, name="search"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # Sign-in lands on My Roundtable, an app above accounts: so its view is named here.
    path("accounts/sign-in/", SignInView.as_view(), name="login"),
    # A partnership's administrators manage its accounts: the pages read its people.
    path("accounts/people/", include("roundtable.partnership.urls_accounts")),
    path("accounts/", include("roundtable.accounts.urls")),
    path("partnership/", include("roundtable.partnership.urls")),
    path("strategy/", include("roundtable.strategy.urls")),
    path("places/", include("roundtable.geography.urls")),
    path("performance/", include("roundtable.performance.urls")),
    path("performance/", include("roundtable.performance.urls_entry")),
    path("meetings/", include("roundtable.meetings.urls")),
    path("meetings/", include("roundtable.meetings.urls_outputs")),
    path("meetings/", include("roundtable.meetings.urls_analytics")),
    path("mgWebService.asmx/", include((moderngov_urlpatterns, "moderngov"))),
    path("recommendations/", include("roundtable.recommendations.urls")),
    path("lis/", include("roundtable.lis.urls")),
    path("engagement/", include("roundtable.engagement.urls")),
    path("projects/", include("roundtable.projects.urls")),
    path("assets/", include("roundtable.assets.urls")),
    path("my/", include("roundtable.personal.urls")),
    # The CKAN Action API (lis/ckan.py), at CKAN's two addresses, with or without a slash.
    re_path(r"^api/3/action/(?P<name>[^/]+)/?$", ckan.action, name="ckan-action-3"),
    re_path(r"^api/action/(?P<name>[^/]+)/?$", ckan.action, name="ckan-action"),
    path("api/v1/", api.urls),
    path("fingertips/api/", include("roundtable.lis.urls_fingertips")),
    path("admin/", admin.site.urls),
]

handler403 = "roundtable.core.views.permission_denied"
handler404 = "roundtable.core.views.page_not_found"
handler500 = "roundtable.core.views.server_error"
