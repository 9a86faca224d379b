"""The partnership in every address (issue 10, item 4).

These tests use Django's plain client, which does not follow the redirect of
an old address (the apps' tests use `AddressClient`, which does), so they see
every redirect as a browser receives it.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from roundtable.core.testing import moved_under_partnership
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.addresses import (
    equivalent_path,
    partnership_reverse,
    split_slug,
    validate_partnership_slug,
)
from roundtable.partnership.tests.factories import BodyFactory, OrganisationFactory
from roundtable.performance.periods import Period, PeriodKind, period_from_slug
from roundtable.performance.tests.factories import IndicatorFactory

# -- Pure rules ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/ealing/meetings/", ("ealing", "/meetings/")),
        ("/ealing/", ("ealing", "/")),
        ("/ealing", ("ealing", "/")),
        ("/", ("", "/")),
    ],
)
def test_the_slug_is_the_first_segment(path, expected):
    assert split_slug(path) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/meetings/", "/meetings/"),
        ("/meetings/12/", "/meetings/"),
        ("/meetings/12/agenda/", "/meetings/"),
        ("/performance/indicators/3/edit/", "/performance/"),
        ("/performance/report/2011-12-q2/", "/performance/report/2011-12-q2/"),
        ("/partnership/people/4/", "/partnership/people/"),
        ("/no/such/page/", "/"),
        ("//evil.example/", "/"),
    ],
)
def test_the_equivalent_page_names_no_record(path, expected):
    assert equivalent_path(path) == expected


@pytest.mark.parametrize(
    ("period", "slug"),
    [
        (Period(PeriodKind.QUARTER, 2011, 2), "2011-12-q2"),
        (Period(PeriodKind.TRANCHE, 2011, 1), "2011-12-t1"),
        (Period(PeriodKind.YEAR, 2011), "2011-12-year"),
        (Period(PeriodKind.MONTH, 2011, 4), "2011-07"),
    ],
)
def test_a_period_reads_back_from_its_slug(period, slug):
    assert period.slug == slug
    assert period_from_slug(slug) == period


def test_a_slug_that_is_no_period_is_refused():
    with pytest.raises(ValueError, match="2011/12 Q9"):
        period_from_slug("2011-12-q9")


# -- Pages under a slug ------------------------------------------------------------


@pytest.fixture
def plain():
    return Client()


def test_a_page_under_a_slug_shows_that_partnership_and_links_under_it(
    plain, partnership, other_partnership
):
    OrganisationFactory(partnership=partnership, name="Ealing Council")
    OrganisationFactory(partnership=other_partnership, name="Warwick District Council")
    response = plain.get("/ealing/partnership/organisations/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ealing Council" in page
    assert "Warwick District Council" not in page
    assert 'href="/ealing/meetings/"' in page
    assert 'href="/meetings/"' not in page


def test_a_shared_link_shows_the_same_to_everyone(plain, partnership, other_partnership):
    """Whatever a visitor looked at before, the address decides."""
    OrganisationFactory(partnership=partnership, name="Ealing Council")
    plain.get("/warwick/partnership/organisations/")  # remembered in a cookie
    page = plain.get("/ealing/partnership/organisations/").content.decode()
    assert "Ealing Council" in page


def test_anonymous_browsing_under_a_slug_writes_no_session(plain, partnership):
    from django.contrib.sessions.models import Session

    plain.get("/ealing/meetings/")
    assert Session.objects.count() == 0


def test_the_home_of_a_partnership_has_one_address(plain, partnership):
    response = plain.get("/ealing")
    assert response.status_code == 301
    assert response["Location"] == "/ealing/"
    assert plain.get("/ealing/").status_code == 200


# -- Old addresses -----------------------------------------------------------------


def test_an_old_address_naming_its_partnership_moves_for_good(
    plain, partnership, other_partnership
):
    response = plain.get("/meetings/", {"partnership": "warwick", "body": "x"})
    assert response.status_code == 301
    assert response["Location"] == "/warwick/meetings/?body=x"
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_old_address_naming_none_moves_to_the_visitors_and_is_not_cached(
    plain, partnership, other_partnership
):
    plain.get("/warwick/meetings/")  # the visitor looked at Warwick last
    response = plain.get("/performance/")
    assert response.status_code == 301
    assert response["Location"] == "/warwick/performance/"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_an_old_address_goes_to_the_signed_in_users_own_partnership(
    plain, partnership, other_partnership_officer
):
    plain.force_login(other_partnership_officer)
    response = plain.get("/partnership/organisations/")
    assert response["Location"] == "/warwick/partnership/organisations/"


def test_a_form_posted_to_an_old_address_keeps_its_method(plain, partnership, administrator):
    plain.force_login(administrator)
    response = plain.post("/partnership/organisations/add/", {"name": "X"})
    assert response.status_code == 308
    assert response["Location"] == "/ealing/partnership/organisations/add/"


def test_an_old_partnership_address_moves_to_its_home(plain, partnership):
    response = plain.get("/partnership/partnerships/ealing/")
    # First under a partnership, then to the partnership's own home.
    assert response.status_code == 301
    response = plain.get(response["Location"])
    assert response.status_code == 301
    assert response["Location"] == "/ealing/"


def test_an_address_that_names_no_page_is_not_found_not_moved(plain, partnership):
    assert plain.get("/no-such-page/").status_code == 404


def test_accounts_static_and_the_api_keep_their_addresses(plain, partnership):
    assert plain.get("/accounts/sign-in/").status_code == 200
    assert plain.get("/api/v1/partnerships").status_code == 200
    assert plain.get("/api/v1/openapi.json").status_code == 200


def test_the_test_client_follows_only_the_move_of_an_old_address():
    class Moved:
        status_code = 301

        def __init__(self, location):
            self.location = location

        def __contains__(self, key):
            return key == "Location"

        def __getitem__(self, key):
            return self.location

    assert moved_under_partnership("/meetings/", Moved("/ealing/meetings/")) == "/ealing/meetings/"
    assert moved_under_partnership("/meetings/", Moved("/ealing/meetings/?a=1"))
    assert moved_under_partnership("/meetings/1/", Moved("/ealing/meetings/")) is None
    assert moved_under_partnership("/warwick/m/1/", Moved("/ealing/m/1/")) == "/ealing/m/1/"
    assert moved_under_partnership("/warwick/m/1/", Moved("/ealing/m/")) is None
    assert moved_under_partnership("/meetings/", Moved("https://x.example/e/meetings/")) is None


# -- Records under another partnership's address -------------------------------------


def test_a_record_under_another_partnerships_address_moves_to_its_own(
    plain, partnership, other_partnership
):
    meeting = MeetingFactory(body=BodyFactory(partnership=partnership))
    response = plain.get(f"/warwick/meetings/{meeting.pk}/", {"tab": "x"})
    assert response.status_code == 301
    assert response["Location"] == f"/ealing/meetings/{meeting.pk}/?tab=x"
    assert plain.get(response["Location"]).status_code == 200


def test_a_record_the_visitor_may_not_see_does_not_say_where_it_lives(
    plain, partnership, other_partnership
):
    hidden = IndicatorFactory(partnership=partnership, is_public=False)
    response = plain.get(f"/warwick/performance/indicators/{hidden.pk}/")
    assert response.status_code == 404
    assert "ealing" not in response.get("Location", "")


def test_a_form_posted_under_another_partnerships_address_moves_with_its_method(
    plain, partnership, other_partnership, administrator, other_partnership_officer
):
    meeting = MeetingFactory(body=BodyFactory(partnership=partnership))
    plain.force_login(administrator)
    response = plain.post(f"/warwick/meetings/{meeting.pk}/cancel/", {"reason": "x"})
    assert response.status_code == 308
    assert response["Location"] == f"/ealing/meetings/{meeting.pk}/cancel/"
    # Someone who may not change the record is refused before any move.
    plain.force_login(other_partnership_officer)
    response = plain.post(f"/warwick/meetings/{meeting.pk}/cancel/", {"reason": "x"})
    assert response.status_code == 403


def test_a_records_address_names_its_own_partnership_wherever_it_is_written(
    partnership, other_partnership, rf
):
    meeting = MeetingFactory(body=BodyFactory(partnership=partnership))
    assert meeting.get_absolute_url() == f"/ealing/meetings/{meeting.pk}/"  # e-mails, feeds
    assert partnership_reverse(other_partnership, "meetings:meeting-list") == "/warwick/meetings/"
    assert reverse("meetings:meeting-list") == "/meetings/"  # nothing left behind


def test_a_record_linked_from_another_partnerships_page_keeps_its_own_slug(
    plain, partnership, other_partnership
):
    """Search of every partnership: each result links under its own slug."""
    OrganisationFactory(partnership=other_partnership, name="Warwick Zebra Trust")
    page = plain.get("/ealing/search/", {"q": "Zebra", "scope": "all"}).content.decode()
    assert 'href="/warwick/partnership/organisations/' in page


# -- Switching partnership ---------------------------------------------------------------


def test_switching_partnership_keeps_the_equivalent_page(plain, partnership, other_partnership):
    meeting = MeetingFactory(body=BodyFactory(partnership=partnership))
    page = plain.get(f"/ealing/meetings/{meeting.pk}/").content.decode()
    assert "/ealing/partnership/partnerships/?next=%2Fmeetings%2F" in page
    chooser = plain.get("/ealing/partnership/partnerships/", {"next": "/meetings/"})
    text = chooser.content.decode()
    assert 'href="/warwick/meetings/"' in text
    assert 'href="/ealing/meetings/"' in text


def test_switching_keeps_the_report_period(plain, partnership, other_partnership):
    chooser = plain.get(
        "/ealing/partnership/partnerships/", {"next": "/performance/report/2011-12-q2/"}
    )
    assert 'href="/warwick/performance/report/2011-12-q2/"' in chooser.content.decode()


def test_switching_goes_to_the_other_partnerships_home_where_it_would_refuse_the_page(
    plain, partnership, other_partnership, administrator
):
    plain.force_login(administrator)  # Ealing's administrator, nobody at Warwick
    chooser = plain.get("/ealing/partnership/partnerships/", {"next": "/performance/import/"})
    text = chooser.content.decode()
    assert 'href="/ealing/performance/import/"' in text
    assert 'href="/warwick/"' in text
    assert "/warwick/performance/import/" not in text
    assert plain.get("/warwick/performance/import/").status_code == 403  # what it spares


def test_the_public_is_not_switched_to_a_page_that_asks_them_to_sign_in(
    plain, partnership, other_partnership
):
    chooser = plain.get("/ealing/partnership/partnerships/", {"next": "/engagement/"})
    text = chooser.content.decode()
    assert 'href="/ealing/"' in text
    assert 'href="/warwick/"' in text
    assert 'href="/ealing/engagement/"' not in text
    assert 'href="/warwick/engagement/"' not in text


def test_a_page_open_to_everyone_is_kept_for_everyone(plain, partnership, other_partnership):
    chooser = plain.get("/ealing/partnership/partnerships/", {"next": "/engagement/consultations/"})
    assert 'href="/warwick/engagement/consultations/"' in chooser.content.decode()


def test_choosing_asks_no_more_queries_for_more_partnerships(
    plain, partnership, other_partnership, administrator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roundtable.partnership.tests.factories import PartnershipFactory

    plain.force_login(administrator)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            plain.get("/ealing/partnership/partnerships/", {"next": "/performance/import/"})
        return len(queries)

    two = count()
    PartnershipFactory.create_batch(5)
    assert count() == two


# -- The API under a slug ------------------------------------------------------------------


def test_the_api_under_a_slug_answers_for_that_partnership(plain, partnership, other_partnership):
    BodyFactory(partnership=partnership, name="Ealing Board")
    BodyFactory(partnership=other_partnership, name="Warwick Board")
    everyone = plain.get("/api/v1/bodies").json()
    ealing = plain.get("/ealing/api/v1/bodies").json()
    assert everyone["count"] == 2
    assert [b["name"] for b in ealing["items"]] == ["Ealing Board"]


def test_the_api_under_a_slug_refuses_another_partnerships_filter(
    plain, partnership, other_partnership
):
    response = plain.get("/ealing/api/v1/bodies", {"partnership": "warwick"})
    assert response.status_code == 400
    assert "/warwick/api/v1/" in response.json()["detail"]


# -- Slugs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["meetings", "api", "static", "accounts", "performance"])
def test_a_slug_that_begins_other_addresses_is_refused(slug):
    with pytest.raises(ValidationError, match="begins other addresses"):
        validate_partnership_slug(slug)


def test_an_ordinary_slug_is_accepted():
    validate_partnership_slug("ealing")
