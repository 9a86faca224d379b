"""The consultation pages, the overlap warning, the API and the iCalendar feed."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.engagement.models import Consultation
from roundtable.engagement.tests.factories import ConsultationFactory
from roundtable.geography.tests.factories import AreaFactory, LocalAuthorityFactory

pytestmark = pytest.mark.django_db
D = datetime.date
API = "/api/v1/consultations"


@pytest.fixture
def open_one(partnership, council):
    return ConsultationFactory(
        partnership=partnership,
        lead_organisation=council,
        title="Southall parking review",
        opens=D(2026, 3, 2),
        closes=D(2026, 4, 26),
        url="https://example.org/parking",
    )


@pytest.fixture
def planned(partnership, police):
    return ConsultationFactory(
        partnership=partnership,
        lead_organisation=police,
        title="Secret ward panel plan",
        status="planned",
        opens=D(2026, 3, 9),
        closes=D(2026, 3, 30),
    )


def test_the_public_sees_open_consultations_but_not_planned_ones(client, open_one, planned):
    page = client.get(under("ealing", reverse("engagement:consultations"))).content.decode()
    assert "Southall parking review" in page
    assert "Secret ward panel plan" not in page
    assert "1 consultation" in page
    assert client.get(planned.get_absolute_url()).status_code == 404
    detail = client.get(open_one.get_absolute_url()).content.decode()
    assert "https://example.org/parking" in detail
    assert "Edit this consultation" not in detail


def test_members_see_planned_consultations_labelled_internal(client, board_member, planned):
    client.force_login(board_member)
    page = client.get(under("ealing", reverse("engagement:consultations"))).content.decode()
    assert "Secret ward panel plan" in page
    assert "Internal until it opens" in page


def test_another_partnership_sees_nothing_of_a_planned_one(
    client, other_partnership_officer, planned
):
    client.force_login(other_partnership_officer)
    page = client.get(under("ealing", reverse("engagement:consultations"))).content.decode()
    assert "Secret ward panel plan" not in page
    assert client.get(planned.get_absolute_url()).status_code == 404
    assert API_rows(client, "ealing") == []


def API_rows(client, slug, **query):  # noqa: N802
    response = client.get(API, {"partnership": slug, **query})
    assert response.status_code == 200
    return response.json()["items"]


def test_past_filter_shows_closed_consultations(client, open_one, partnership, council):
    ConsultationFactory(
        partnership=partnership, title="Old libraries survey", status="results_published"
    )
    url = under("ealing", reverse("engagement:consultations"))
    assert "Old libraries survey" not in client.get(url).content.decode()
    past = client.get(url, {"show": "past"}).content.decode()
    assert "Old libraries survey" in past
    assert "Southall parking review" not in past


@pytest.mark.parametrize("n", [2, 20])
def test_the_list_costs_the_same_queries_for_2_and_20(
    client, partnership, council, django_assert_num_queries, n
):
    ward = AreaFactory()
    for _ in range(n):
        c = ConsultationFactory(partnership=partnership, lead_organisation=council)
        c.areas.set([ward])
        c.organisations.set([council])
    url = under("ealing", reverse("engagement:consultations"))
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.content.decode().count("Ward ") >= n


def _post(**extra):
    data = {
        "title": "Southall town centre",
        "status": "open",
        "opens": "2026-03-16",
        "closes": "2026-04-10",
        "audience": ["residents"],
    }
    data.update(extra)
    return data


def test_an_editor_adds_one_for_their_organisation(client, officer, council):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:consultation-add"))
    response = client.post(url, _post(lead_organisation=council.pk))
    assert response.status_code == 302
    saved = Consultation.objects.get()
    assert saved.lead_organisation == council
    assert saved.audience_list == ["residents"]


def test_an_editor_may_not_add_for_another_organisation(client, officer, police):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:consultation-add"))
    response = client.post(url, _post(lead_organisation=police.pk))
    assert response.status_code == 400
    assert not Consultation.objects.exists()


def test_an_editor_may_not_edit_another_organisations(client, officer, planned):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:consultation-edit", args=[planned.pk]))
    assert client.get(url).status_code == 403


def test_members_and_the_public_may_not_add(client, board_member):
    url = under("ealing", reverse("engagement:consultation-add"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(board_member)
    assert client.get(url).status_code == 403


def test_closing_before_opening_is_refused_on_the_form(client, officer, council):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:consultation-add"))
    response = client.post(url, _post(lead_organisation=council.pk, closes="2026-03-01"))
    assert response.status_code == 400
    assert "must be on or after the opening date" in response.content.decode()
    assert not Consultation.objects.exists()


def test_overlap_is_warned_before_saving_then_saved_anyway(client, officer, council, planned):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:consultation-add"))
    first = client.post(url, _post(lead_organisation=council.pk))
    page = first.content.decode()
    assert first.status_code == 200
    assert "Secret ward panel plan" in page
    assert "Both are for Residents" in page
    assert "Save anyway" in page
    assert (
        '<a class="govuk-notification-banner__link" href="#overlap-warning">'
        "Check the consultations it overlaps</a>, then save again" in page
    )
    assert 'id="overlap-warning"' in page
    assert not Consultation.objects.filter(title="Southall town centre").exists()
    confirm = first.context["form"].data["confirm"]
    second = client.post(url, _post(lead_organisation=council.pk, confirm=confirm))
    assert second.status_code == 302
    assert Consultation.objects.filter(title="Southall town centre").exists()


def test_the_htmx_overlap_warning_follows_areas_inside_areas(client, officer, partnership):
    borough = LocalAuthorityFactory()
    ward = AreaFactory(parent=borough, name="Southall Broadway")
    other = ConsultationFactory(
        partnership=partnership, title="Broadway market", audience="", status="open"
    )
    other.areas.set([ward])
    client.force_login(officer)
    url = under("ealing", reverse("engagement:consultation-overlaps"))
    query = {"opens": "2026-03-02", "closes": "2026-03-20", "areas": [borough.pk]}
    page = client.get(url, query, HTTP_HX_REQUEST="true").content.decode()
    assert "Broadway market" in page
    assert "Both are for Southall Broadway" in page
    later = {**query, "opens": "2026-05-04", "closes": "2026-05-10"}
    assert "Broadway market" not in client.get(url, later).content.decode()


def test_the_htmx_overlap_warning_reads_dates_as_the_form_shows_them(client, officer, partnership):
    """The form shows a stored date in words ("2 March 2026") and takes one typed
    with slashes: the overlap check reads them as the form does."""
    borough = LocalAuthorityFactory()
    other = ConsultationFactory(
        partnership=partnership, title="Broadway market", audience="", status="open"
    )
    other.areas.set([borough])
    client.force_login(officer)
    url = under("ealing", reverse("engagement:consultation-overlaps"))
    query = {"opens": "2 March 2026", "closes": "20/03/2026", "areas": [borough.pk]}
    assert "Broadway market" in client.get(url, query, HTTP_HX_REQUEST="true").text


def test_the_overlap_check_is_for_the_partnerships_people(client, planned):
    url = under("ealing", reverse("engagement:consultation-overlaps"))
    response = client.get(url, {"opens": "2026-03-02", "closes": "2026-03-20"})
    assert response.status_code in (302, 403)
    assert b"Secret" not in response.content


def test_api_is_public_without_planned_ones(client, open_one, planned, board_member):
    rows = API_rows(client, "ealing")
    assert [r["title"] for r in rows] == ["Southall parking review"]
    assert rows[0]["link"] == "https://example.org/parking"
    assert rows[0]["audience"] == ["residents"]
    client.force_login(board_member)
    assert {r["title"] for r in API_rows(client, "ealing")} == {
        "Southall parking review",
        "Secret ward panel plan",
    }
    assert client.get(API, {"partnership": "ealing", "show": "nonsense"}).status_code == 422


def test_ical_feed_parses_with_stable_uids_and_no_planned_ones(
    client, open_one, planned, board_member
):
    client.force_login(board_member)  # the feed reads as the public all the same
    url = under("ealing", reverse("engagement:consultations-ics"))
    response = client.get(url)
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in events} == {
        f"consultation-{open_one.pk}-opens@roundtable",
        f"consultation-{open_one.pk}-closes@roundtable",
    }
    starts = sorted(e.decoded("DTSTART") for e in events)
    assert starts == [D(2026, 3, 2), D(2026, 4, 26)]
    assert all(type(s) is datetime.date for s in starts)
    assert b"Secret" not in response.content
    open_one.closes = D(2026, 5, 3)
    open_one.save()
    again = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert {str(e["UID"]) for e in again} == {str(e["UID"]) for e in events}


def test_a_non_partner_named_in_a_public_consultation_is_named_to_members_only(
    client, board_member, open_one, partnership
):
    from roundtable.partnership.tests.factories import OrganisationFactory

    open_one.organisations.set(
        [OrganisationFactory(partnership=partnership, name="Quiet Trust", is_partner=False)]
    )
    assert b"Quiet Trust" not in client.get(open_one.get_absolute_url()).content
    assert b"Quiet Trust" not in client.get(API, {"partnership": "ealing"}).content
    client.force_login(board_member)
    assert b"Quiet Trust" in client.get(open_one.get_absolute_url()).content
    assert [r["organisations"] for r in API_rows(client, "ealing")] == [["Quiet Trust"]]


def test_closing_before_opening_names_both_dates_with_their_months_capitalised(
    client, officer, council
):
    client.force_login(officer)
    url = under("ealing", reverse("engagement:consultation-add"))
    data = _post(lead_organisation=council.pk, opens="2026-03-16", closes="2026-03-02")
    response = client.post(url, data)
    assert response.status_code == 400
    assert (
        "The closing date (2 March 2026) must be on or after the opening date (16 March 2026)"
        in response.content.decode()
    )
