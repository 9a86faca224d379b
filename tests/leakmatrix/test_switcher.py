""" "Change partnership" links the same page of another partnership only where it opens
for the user: every page that names no record declares who may open it
(`core.permissions.opens_for`), and here each declaration is checked against what
the page answers, as every role, under both partnerships' addresses. A page that
refuses someone its declaration lets in (or has no declaration) fails, and so does
a declaration that shuts out someone the page lets in."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import resolve, reverse

from roundtable.core.permissions import may_open
from roundtable.partnership.addresses import PORTABLE_KWARGS, is_unscoped
from tests.leakmatrix.routes import ROUTES
from tests.leakmatrix.test_leak_matrix import _reverse, web_routes
from tests.leakmatrix.world import ROLES, World

pytestmark = pytest.mark.django_db


def _routes() -> list[str]:
    return [r for r in web_routes() if r in ROUTES and not r.startswith(("api:", "admin:"))]


def _refused(response) -> bool:
    """A 403, or (for the public) the move to sign in that stands for one."""
    if response.status_code == 403:
        return True
    if response.status_code != 302:
        return False
    # The sign-in page, under the partnership's slug or not: /leak-a/accounts/sign-in/?next=…
    return urlsplit(response["Location"]).path.endswith(reverse("login"))


#: A file (`report.pdf`, `…/export.csv`, `calendar.ics`): no page to switch from.
FILES = re.compile(r"\.(pdf|xlsx|csv|json|geojson|ics|zip|txt)$|/export\.")


def _paths(world: World, route: str) -> list[str]:
    """The addresses of `route` that name no record and are pages, not files."""
    paths = []
    for variant in ROUTES[route](world):
        if set(variant.kwargs) - PORTABLE_KWARGS or "fmt" in variant.kwargs:
            continue
        path = _reverse(world, route, variant)
        if not is_unscoped(path) and not FILES.search(path) and path not in paths:
            paths.append(path)
    return paths


@pytest.mark.parametrize("route", _routes())
def test_a_pages_declared_rule_agrees_with_what_it_answers(route, world):
    disagreements = []
    for path in _paths(world, route):
        view = resolve(path).func
        for role in ROLES:
            user = world.users[role] or AnonymousUser()
            client = world.clients[role]["plain"]
            for partnership in (world.a, world.b):
                response = client.get(f"/{partnership.slug}{path}")
                if response.status_code == 405:  # posted to only: never a page to stay on
                    continue
                declared = may_open(view, user, partnership)
                if declared == _refused(response):
                    disagreements.append(
                        f"/{partnership.slug}{path} | {role} | answers "
                        f"{response.status_code}, opens_for says "
                        f"{'open' if declared else 'refused'}"
                    )
    assert not disagreements, "\n".join(disagreements)


def test_the_switcher_links_a_page_only_where_it_opens(world):
    """An administrator of A, on A's import page: B's import page would refuse them,
    so the switcher sends them to B's home page; A's import page stays."""
    from tests.leakmatrix.world import ADMIN_A

    client = world.clients[ADMIN_A]["plain"]
    page = client.get(
        f"/{world.a.slug}/partnership/partnerships/", {"next": "/performance/import/"}
    ).content.decode()
    assert f'href="/{world.a.slug}/performance/import/"' in page
    assert f'href="/{world.b.slug}/"' in page
    assert f'href="/{world.b.slug}/performance/import/"' not in page
