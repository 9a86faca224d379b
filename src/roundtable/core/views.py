"""Site-wide pages: errors, the site search and /favicon.ico."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static

from roundtable.core import search as site_search
from roundtable.core.permissions import SignInRequired


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, SignInRequired):
        return redirect_to_login(request.get_full_path())
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def search(request: HttpRequest) -> HttpResponse:
    """One search box for every app: each section's hits the visitor may see, in the
    partnership looked at or, by choice, in every partnership."""
    query = site_search.clean_query(request.GET.get("q", ""))
    scope = site_search.search_scope(
        request.GET.get("scope", ""), getattr(request, "partnership", None)
    )
    found = site_search.search(query, request.user, partnership_id=scope.partnership_id)
    total = sum(len(f.hits) for f in found)
    context = {"query": query, "found": found, "total": total, "scope": scope}
    return render(request, "core/search.html", context)


def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers and robots ask for whatever the page says: the
    static icon that `base.html` names (its hashed name in production)."""
    return HttpResponseRedirect(static("core/favicon.ico"))
