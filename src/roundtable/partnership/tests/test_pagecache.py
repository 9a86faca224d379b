"""Pages kept for anonymous visitors (partnership.pagecache, core.cache): served
from the cache the second time, fresh after any write, never to or from
anyone the page could differ for."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from roundtable.core import cache as pages
from roundtable.core.testing import under
from roundtable.partnership.middleware import COOKIE_NAME
from roundtable.partnership.models import Organisation
from roundtable.partnership.pagecache import PageCacheMiddleware
from roundtable.partnership.services import save_organisation
from roundtable.partnership.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

HEADER = pages.HEADER


@pytest.fixture
def address(partnership, council):
    return under(partnership, reverse("partnership:organisation-list"))


def test_anonymous_page_is_served_from_the_cache_the_second_time(
    address, django_assert_num_queries
):
    first = Client().get(address)
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(address)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Content-Security-Policy" in second
    assert second["X-Frame-Options"] == "DENY"


def test_the_query_string_is_part_of_the_address(address):
    Client().get(address)
    assert Client().get(address + "?page=1")[HEADER] == "miss"


def test_a_write_through_a_service_makes_the_next_page_fresh(address, partnership, council):
    Client().get(address)
    council.name = "London Borough of Ealing"
    save_organisation(None, council)
    fresh = Client().get(address)
    assert fresh[HEADER] == "miss"
    assert "London Borough of Ealing" in fresh.content.decode()


def test_a_write_without_signals_makes_the_next_page_fresh(address, council):
    Client().get(address)
    Organisation.objects.filter(pk=council.pk).update(name="Renamed in bulk")
    fresh = Client().get(address)
    assert fresh[HEADER] == "miss"
    assert "Renamed in bulk" in fresh.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_starts_a_new_generation_for_every_worker(monkeypatch):
    before = pages.generation()
    with transaction.atomic():
        PartnershipFactory()
        # Another worker knows nothing of this process's writes: only the commit tells it,
        # and until then it reads what was there before.
        monkeypatch.setattr(pages, "_pending", False)
        assert pages.generation() == before
    monkeypatch.setattr(pages, "_pending", False)
    assert pages.generation() != before


@pytest.mark.django_db(transaction=True)
def test_a_write_outside_a_transaction_starts_a_new_generation_at_once(monkeypatch):
    before = pages.generation()
    PartnershipFactory()
    monkeypatch.setattr(pages, "_pending", False)
    assert pages.generation() != before


def test_sessions_sign_in_attempts_and_temporary_tables_keep_the_generation():
    assert not pages._writes('UPDATE "django_session" SET "session_data" = %s')
    assert not pages._writes('INSERT INTO "axes_accesslog" ("user_agent") VALUES (%s)')
    assert not pages._writes("DELETE FROM temp.meetings_search_query")
    assert not pages._writes("INSERT INTO temp.meetings_search_query (text) VALUES (%s)")
    # Only a temporary table written counts as none: reading one into a real table writes.
    assert pages._writes('INSERT INTO "lis_observation" SELECT * FROM temp.staged')
    assert pages._writes("UPDATE meetings_meeting SET title = 'x temp.y'")
    assert pages._writes('  INSERT INTO "partnership_organisation" ("name") VALUES (%s)')
    assert pages._writes('DELETE FROM "meetings_meeting"')
    assert not pages._writes('SELECT "partnership_organisation"."id" FROM x')


def test_a_page_is_kept_for_one_day_only(monkeypatch):
    today = pages.page_key("g", "http://testserver/ealing/")
    monkeypatch.setattr(
        pages.timezone, "localdate", lambda: datetime.date.today() + datetime.timedelta(days=1)
    )
    assert pages.page_key("g", "http://testserver/ealing/") != today


def test_a_signed_in_user_is_never_served_the_kept_page(address, administrator):
    Client().get(address)
    assert Client().get(address)[HEADER] == "hit"
    signed_in = Client()
    signed_in.force_login(administrator)
    response = signed_in.get(address)
    assert HEADER not in response
    assert "Sign out" in response.content.decode()


def test_a_signed_in_user_never_fills_the_cache(address, administrator):
    signed_in = Client()
    signed_in.force_login(administrator)
    signed_in.get(address)
    anonymous = Client().get(address)
    assert anonymous[HEADER] == "miss"
    assert "Sign out" not in anonymous.content.decode()


def test_any_other_cookie_bypasses_the_cache(address):
    Client().get(address)
    visitor = Client()
    visitor.cookies["messages"] = "something waiting"
    assert HEADER not in visitor.get(address)


def test_the_partnership_cookie_does_not_defeat_the_cache(address, partnership):
    first = Client().get(address)
    assert first.cookies[COOKIE_NAME].value == partnership.slug
    second = Client().get(address)
    assert second[HEADER] == "hit"
    assert second.cookies[COOKIE_NAME].value == partnership.slug  # remembered, as the view would
    assert second.cookies[COOKIE_NAME]["httponly"]
    returning = Client()
    returning.cookies[COOKIE_NAME] = partnership.slug
    third = returning.get(address)
    assert third[HEADER] == "hit"
    assert COOKIE_NAME not in third.cookies


def test_an_old_address_is_not_kept(partnership, council):
    # Where `/organisations/` goes depends on the visitor: only slug addresses are kept.
    response = Client().get(reverse("partnership:organisation-list"))
    assert response.status_code == 301
    assert HEADER not in response


# The middleware on its own, around views that answer in ways a page must not be kept.


def _middleware(view):
    calls = []

    def get_response(request):
        calls.append(request)
        return view(request)

    return PageCacheMiddleware(get_response), calls


def _request(partnership, method="get", **extra):
    request = getattr(RequestFactory(), method)("/ealing/anything/", **extra)
    request.address_partnership = partnership
    return request


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(lambda r: _with_cookie(HttpResponse("x"), "csrftoken"), id="sets-a-cookie"),
        pytest.param(lambda r: _with_cookie(HttpResponse("x"), "sessionid"), id="sets-session"),
        pytest.param(lambda r: _with_header(HttpResponse("x"), "private"), id="private"),
        pytest.param(lambda r: _with_header(HttpResponse("x"), "no-store"), id="no-store"),
        pytest.param(lambda r: HttpResponse("x", status=404), id="not-found"),
        pytest.param(lambda r: _varies(HttpResponse("x"), "Accept"), id="varies-on-accept"),
        pytest.param(lambda r: _csrf_used(r, HttpResponse("x")), id="carries-a-csrf-token"),
    ],
)
def test_answers_that_are_never_kept(partnership, answer):
    middleware, calls = _middleware(answer)
    middleware(_request(partnership))
    middleware(_request(partnership))
    assert len(calls) == 2


def test_a_plain_answer_is_kept(partnership):
    middleware, calls = _middleware(lambda r: HttpResponse("x"))
    middleware(_request(partnership))
    assert middleware(_request(partnership))[HEADER] == "hit"
    assert len(calls) == 1


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param({"HTTP_AUTHORIZATION": "Bearer abc"}, id="api-token"),
        pytest.param({"HTTP_HX_REQUEST": "true"}, id="htmx"),
        pytest.param({"HTTP_COOKIE": "sessionid=abc"}, id="session"),
    ],
)
def test_requests_that_bypass_the_cache(partnership, extra):
    middleware, calls = _middleware(lambda r: HttpResponse("x"))
    middleware(_request(partnership))
    assert HEADER not in middleware(_request(partnership, **extra))
    assert len(calls) == 2


def test_post_is_never_kept_nor_served(partnership):
    middleware, calls = _middleware(lambda r: HttpResponse("x"))
    middleware(_request(partnership, method="post"))
    middleware(_request(partnership))
    assert middleware(_request(partnership, method="post")).get(HEADER) is None
    assert len(calls) == 3


def test_nothing_is_kept_when_the_setting_is_zero(partnership, settings):
    settings.ROUNDTABLE_PAGE_CACHE_SECONDS = 0
    middleware, calls = _middleware(lambda r: HttpResponse("x"))
    middleware(_request(partnership))
    middleware(_request(partnership))
    assert len(calls) == 2


def _with_cookie(response, name):
    response.set_cookie(name, "value")
    return response


def _with_header(response, control):
    response["Cache-Control"] = control
    return response


def _varies(response, header):
    response["Vary"] = header
    return response


def _csrf_used(request, response):
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return response


def test_an_address_of_no_partnership_is_not_kept(partnership):
    middleware, calls = _middleware(lambda r: HttpResponse("x"))
    for _ in range(2):
        request = RequestFactory().get("/accounts/sign-in/")
        middleware(request)
    assert len(calls) == 2


def test_a_kept_page_of_another_partnership_is_not_served_for_this_one(
    partnership, other_partnership, council
):
    Client().get(under(partnership, reverse("partnership:organisation-list")))
    other = Client().get(under(other_partnership, reverse("partnership:organisation-list")))
    assert other[HEADER] == "miss"
    assert "Ealing Council" not in other.content.decode()


def test_a_new_release_of_the_code_never_serves_pages_of_the_old_one(address, settings):
    settings.ROUNDTABLE_RELEASE = "deploy-1"
    pages.release.cache_clear()
    try:
        Client().get(address)
        assert Client().get(address)[HEADER] == "hit"
        settings.ROUNDTABLE_RELEASE = "deploy-2"
        pages.release.cache_clear()
        assert Client().get(address)[HEADER] == "miss"
    finally:
        pages.release.cache_clear()


def test_the_release_is_a_digest_of_the_installed_files_by_default(settings, tmp_path):
    settings.ROUNDTABLE_RELEASE = ""
    pages.release.cache_clear()
    try:
        digest = pages.release()
        assert len(digest) == 16
        int(digest, 16)
    finally:
        pages.release.cache_clear()


# The open-data APIs ------------------------------------------------------------------


@pytest.mark.parametrize(
    "api",
    [
        "/api/v1/lis/datasets",
        "/api/3/action/package_list",
        "/api/action/organization_list",
        "/fingertips/api/area_types",
    ],
)
def test_an_open_data_api_is_kept_for_anonymous_callers(
    api, partnership, django_assert_num_queries
):
    first = Client().get(api)
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = Client().get(api)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert COOKIE_NAME not in second.cookies


def test_an_open_data_api_is_fresh_after_a_write(partnership):
    from roundtable.lis.tests.factories import DatasetFactory

    Client().get("/api/v1/lis/datasets")
    DatasetFactory(partnership=partnership, title="Fresh figures", published=True)
    fresh = Client().get("/api/v1/lis/datasets")
    assert fresh[HEADER] == "miss"
    assert "Fresh figures" in fresh.content.decode()


def test_an_open_data_api_is_kept_apart_per_partnership_cookie(partnership):
    Client().get("/api/v1/lis/datasets")
    client = Client()
    client.cookies[COOKIE_NAME] = partnership.slug
    assert client.get("/api/v1/lis/datasets")[HEADER] == "miss"
    assert client.get("/api/v1/lis/datasets")[HEADER] == "hit"


def test_an_open_data_api_is_never_served_from_the_cache_to_a_signed_in_caller(
    partnership, board_member
):
    Client().get("/api/v1/lis/datasets")
    client = Client()
    client.force_login(board_member)
    answer = client.get("/api/v1/lis/datasets")
    assert answer.status_code == 200
    assert HEADER not in answer


@pytest.mark.parametrize("api", ["/api/v1/organisations", "/api/v1/engagement/stakeholders"])
def test_other_apis_are_never_kept(api, partnership):
    Client().get(api, {"partnership": partnership.slug})
    again = Client().get(api, {"partnership": partnership.slug})
    assert HEADER not in again
