"""The project's URLs for the outputs tests, plus stand-ins for the meetings pages.

The meetings pages (`meetings:meeting-detail`, `meetings:paper-download`,
`meetings:action-detail`, named in models.py) are built on another branch; until
they are merged, these stand-ins answer 404 so the API, feeds and packs can link
to them. Once `roundtable.meetings.urls` exists, the real pages are used and this
module adds nothing.
"""

from __future__ import annotations

from importlib.util import find_spec

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path

from roundtable.urls import urlpatterns as project_urlpatterns


def _not_here(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


urlpatterns = list(project_urlpatterns)

if find_spec("roundtable.meetings.urls") is None:
    stand_ins = [
        path("<int:pk>/", _not_here, name="meeting-detail"),
        path("papers/<int:pk>/", _not_here, name="paper-download"),
        path("actions/<int:pk>/", _not_here, name="action-detail"),
    ]
    urlpatterns.append(path("meetings/", include((stand_ins, "meetings"))))
