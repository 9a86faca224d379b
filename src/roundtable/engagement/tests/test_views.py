"""The register, grid, dashboard, stakeholder page and contact forms."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from roundtable.core.testing import under
from roundtable.engagement.models import Contact
from roundtable.engagement.tests.factories import (
    AssessmentFactory,
    ContactFactory,
    StakeholderFactory,
)
from roundtable.partnership.tests.factories import OrganisationFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def zsl(partnership, council):
    manager = PersonFactory(
        partnership=partnership,
        organisation=council,
        unit=UnitFactory(organisation=council, name="Partnerships"),
        given_name="Ada",
        family_name="Manager",
    )
    org = OrganisationFactory(
        partnership=partnership, name="Zoological Society of London", is_partner=False
    )
    return StakeholderFactory(
        partnership=partnership,
        organisation=org,
        relationship_manager=manager,
        modes=";consultation;grant;",
        interest=4,
        influence=2,
    )


def _contacts(stakeholder, council, police, n=3):
    units = [UnitFactory(organisation=council, name=f"Team {i}") for i in range(2)]
    for i in range(n):
        ContactFactory(
            stakeholder=stakeholder,
            from_organisation=police if i % 3 == 2 else council,
            from_unit=None if i % 3 == 2 else units[i % 2],
            date=TODAY - datetime.timedelta(days=i),
            topic=f"Event {i}",
        )


def test_member_sees_the_register_with_modes_and_manager(client, board_member, zsl):
    client.force_login(board_member)
    page = client.get(reverse("engagement:register")).content.decode()
    assert "Zoological Society of London" in page
    assert "Consultation, Grant or service level agreement" in page
    assert "Ada Manager, Ealing Council (Partnerships)" in page
    assert "Keep informed" in page


def test_an_empty_register_says_who_adds_stakeholders_and_offers_no_contact_form(
    client, officer, zsl
):
    # Without a stakeholder the contact form has nothing to choose: an editor is told
    # who adds them instead of being sent to a form they cannot fill in.
    client.force_login(officer)
    zsl.delete()
    page = client.get(reverse("engagement:register")).content.decode()
    assert "administrators add the organisations it engages" in page
    assert reverse("engagement:contact-add") not in page


def test_a_filtered_register_with_no_match_keeps_the_contact_form(client, officer, zsl):
    client.force_login(officer)
    page = client.get(reverse("engagement:register"), {"sector": "faith"}).content.decode()
    assert "There are no stakeholders matching these filters." in page
    assert reverse("engagement:contact-add") in page


def test_register_filters_by_mode(client, board_member, zsl, partnership):
    StakeholderFactory(partnership=partnership, modes=";lobbying;")
    client.force_login(board_member)
    page = client.get(reverse("engagement:register"), {"mode": "lobbying"}).content.decode()
    assert "Zoological" not in page
    assert "1 stakeholder" in page


def test_anonymous_is_asked_to_sign_in_and_sees_nothing(client, zsl):
    response = client.get(reverse("engagement:register"), {"partnership": "ealing"})
    assert response.status_code in (302, 403)
    assert b"Zoological" not in response.content
    detail = client.get(zsl.get_absolute_url())
    assert detail.status_code == 404
    assert b"Zoological" not in detail.content


def test_another_partnerships_people_see_nothing(client, other_partnership_officer, zsl):
    client.force_login(other_partnership_officer)
    assert client.get(under("ealing", reverse("engagement:register"))).status_code == 403
    assert client.get(zsl.get_absolute_url()).status_code == 404
    fatigue = client.get(under("ealing", reverse("engagement:fatigue")), {"stakeholder": zsl.pk})
    assert fatigue.status_code == 403


def test_navigation_links_to_engagement_for_signed_in_members_only(client, board_member, zsl):
    home = reverse("partnership:organisation-list")
    public = client.get(home, {"partnership": "ealing"}).content
    assert b'href="/ealing/engagement/"' not in public
    # The public's engagement link is the consultation register.
    assert b'href="/ealing/engagement/consultations/"' in public
    client.force_login(board_member)
    signed_in = client.get(home).content
    assert b'href="/ealing/engagement/"' in signed_in
    assert b'href="/ealing/engagement/consultations/"' not in signed_in


def test_non_partner_stakeholder_is_left_off_the_partners_list(client, zsl):
    page = client.get(reverse("partnership:organisation-list"), {"partnership": "ealing"})
    assert b"Zoological" not in page.content


def test_grid_draws_assessed_stakeholders_with_a_table(client, board_member, zsl):
    client.force_login(board_member)
    page = client.get(reverse("engagement:grid")).content.decode()
    assert "<svg" in page
    assert page.count("Zoological Society of London") >= 2
    assert "Keep informed" in page


def test_stakeholder_page_shows_history_manager_and_timeline(
    client, board_member, zsl, council, police
):
    AssessmentFactory(stakeholder=zsl, interest=2, influence=2, why="Before the zoo bid")
    _contacts(zsl, council, police)
    client.force_login(board_member)
    page = client.get(zsl.get_absolute_url()).content.decode()
    assert "Before the zoo bid" in page
    assert "3 contacts from 3 teams in 2 organisations in the last 30 days" in page
    assert "Coordinate with Ada Manager" in page
    assert "Event 2" in page
    assert "Log a contact" not in page  # members read only


def test_fatigue_partial_warns_as_the_stakeholder_is_chosen(client, officer, zsl, council, police):
    _contacts(zsl, council, police)
    client.force_login(officer)
    response = client.get(
        reverse("engagement:fatigue"),
        {"stakeholder": zsl.pk, "date": "2026-03-10"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "govuk-warning-text" in page
    assert "3 contacts from 3 teams in 2 organisations in the last 30 days" in page
    assert "Coordinate with Ada Manager, Ealing Council (Partnerships)" in page


def test_fatigue_partial_reads_the_contacts_date_as_the_form_shows_it(
    client, officer, zsl, council, police
):
    """The contact form's date may be in words ("16 April 2026", as a stored date is
    shown): the warning counts back from that day, not from today (10 March)."""
    _contacts(zsl, council, police)
    client.force_login(officer)
    for date in ("2026-04-16", "16/04/2026", "16 April 2026"):
        response = client.get(
            reverse("engagement:fatigue"),
            {"stakeholder": zsl.pk, "date": date},
            headers={"HX-Request": "true"},
        )
        assert "3 contacts" not in response.text, date
        assert "0 contacts" in response.text, date


def test_fatigue_page_without_htmx_is_a_full_page(client, officer, zsl):
    client.force_login(officer)
    response = client.get(reverse("engagement:fatigue"), {"stakeholder": zsl.pk})
    assert b"<html" in response.content
    assert b"0 contacts" in response.content


def _post(zsl, organisation, **extra):
    data = {
        "stakeholder": zsl.pk,
        "planned": "0",
        "date": "2026-03-10",
        "from_organisation": organisation.pk,
        "method": "email",
        "topic": "Summer festival",
    }
    data.update(extra)
    return data


def test_contact_is_saved_after_the_warning_is_shown_again(client, officer, zsl, council, police):
    _contacts(zsl, council, police)
    client.force_login(officer)
    url = reverse("engagement:contact-add")
    first = client.post(url, _post(zsl, council))
    assert first.status_code == 200
    assert b"3 contacts from 3 teams" in first.content
    assert b"Save anyway" in first.content
    # The banner at the top of a long form links down to the warning by the button.
    assert (
        b'<a class="govuk-notification-banner__link" href="#fatigue-warning">'
        b"Check who else has contacted them</a>, then save again" in first.content
    )
    assert b'id="fatigue-warning"' in first.content
    assert not Contact.objects.filter(topic="Summer festival").exists()
    second = client.post(url, _post(zsl, council, confirm=f"{zsl.pk}:2026-03-10"))
    assert second.status_code == 302
    assert Contact.objects.get(topic="Summer festival").from_organisation == council


def test_contact_below_the_threshold_saves_at_once(client, officer, zsl, council):
    client.force_login(officer)
    response = client.post(reverse("engagement:contact-add"), _post(zsl, council))
    assert response.status_code == 302
    assert Contact.objects.filter(topic="Summer festival").exists()


def test_editor_cannot_log_a_contact_from_another_organisation(client, officer, zsl, police):
    client.force_login(officer)
    response = client.post(reverse("engagement:contact-add"), _post(zsl, police))
    assert response.status_code == 400
    assert not Contact.objects.exists()


def test_done_contact_in_the_future_is_refused_on_the_form(client, officer, zsl, council):
    client.force_login(officer)
    response = client.post(
        reverse("engagement:contact-add"), _post(zsl, council, date="2026-03-11")
    )
    assert response.status_code == 400
    assert b"cannot be dated in the future" in response.content


def test_member_cannot_open_the_contact_form(client, board_member, zsl):
    client.force_login(board_member)
    assert client.get(reverse("engagement:contact-add")).status_code == 403


def test_editor_marks_their_planned_contact_done(client, officer, zsl, council):
    planned = ContactFactory(stakeholder=zsl, from_organisation=council, planned=True)
    client.force_login(officer)
    response = client.post(
        reverse("engagement:contact-done", args=[planned.pk]),
        {"date": "2026-03-09", "outcome": "Agreed"},
    )
    assert response.status_code == 302
    planned.refresh_from_db()
    assert not planned.planned


def test_editor_cannot_change_another_organisations_contact(client, officer, zsl, police):
    theirs = ContactFactory(stakeholder=zsl, from_organisation=police, planned=True)
    client.force_login(officer)
    assert client.get(reverse("engagement:contact-edit", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("engagement:contact-done", args=[theirs.pk])).status_code == 403


def test_administrator_adds_a_non_partner_stakeholder(client, administrator, partnership):
    client.force_login(administrator)
    response = client.post(
        reverse("engagement:stakeholder-add"),
        {"new_organisation": "HM Treasury", "sector": "public", "modes": ["lobbying"]},
    )
    assert response.status_code == 302
    stakeholder = partnership.stakeholders.get()
    assert stakeholder.organisation.name == "HM Treasury"
    assert not stakeholder.organisation.is_partner


def test_editor_cannot_add_a_stakeholder_or_assess(client, officer, zsl):
    client.force_login(officer)
    assert client.get(reverse("engagement:stakeholder-add")).status_code == 403
    assert client.get(reverse("engagement:assessment-add", args=[zsl.pk])).status_code == 403
    assert client.get(reverse("engagement:settings")).status_code == 403


def test_assessment_outside_one_to_five_is_refused_on_the_form(client, administrator, zsl):
    client.force_login(administrator)
    response = client.post(
        reverse("engagement:assessment-add", args=[zsl.pk]),
        {"interest": "6", "influence": "3", "assessed_on": "2026-03-01"},
    )
    assert response.status_code == 400
    assert b"Interest: enter a whole number from 1 to 5" in response.content


def test_dashboard_lists_the_most_contacted(
    client, board_member, zsl, council, police, partnership
):
    _contacts(zsl, council, police, n=4)
    quiet = StakeholderFactory(partnership=partnership)
    ContactFactory(stakeholder=quiet, date=TODAY)
    client.force_login(board_member)
    page = client.get(reverse("engagement:dashboard")).content.decode()
    assert "Zoological Society of London" in page
    assert quiet.organisation.name not in page


@pytest.mark.parametrize("n", [2, 20])
def test_fatigue_check_is_one_query_however_many_contacts(
    client, officer, zsl, council, police, django_assert_num_queries, n
):
    _contacts(zsl, council, police, n=n)
    client.force_login(officer)
    url = under("ealing", reverse("engagement:fatigue"))
    client.get(url, {"stakeholder": zsl.pk}, headers={"HX-Request": "true"})
    # partnership (from the address), session, user, stakeholder (with its manager),
    # settings, and the window's contacts: one query on the (stakeholder, partnership, date) index
    with django_assert_num_queries(6):
        response = client.get(url, {"stakeholder": zsl.pk}, headers={"HX-Request": "true"})
    assert response.status_code == 200


def test_contact_form_replaces_the_warning_rather_than_nesting_it(client, officer, zsl):
    client.force_login(officer)
    page = client.get(reverse("engagement:contact-add")).content.decode()
    assert 'hx-target="#fatigue-warning"' in page
    assert 'hx-swap="outerHTML"' in page
    assert page.count('id="fatigue-warning"') == 1


def test_a_contact_is_dated_in_words(client, officer, zsl, council):
    client.force_login(officer)
    response = client.post(
        reverse("engagement:contact-add"),
        _post(zsl, council, date="10 March 2026", follow_up="16 April 2026"),
    )
    assert response.status_code == 302
    contact = Contact.objects.get(topic="Summer festival")
    assert (contact.date, contact.follow_up) == (
        datetime.date(2026, 3, 10),
        datetime.date(2026, 4, 16),
    )


def test_a_contact_date_that_is_not_one_is_named_with_an_example(client, officer, zsl, council):
    """Today is 10 March 2026 (`_today`): the contact's example is last month's 16th,
    the follow-up's next month's, in words; not Django's "Enter a valid date"."""
    client.force_login(officer)
    page = client.get(reverse("engagement:contact-add")).text
    assert "For example, 16 February 2026" in page
    assert "2026-03-27" not in page
    response = client.post(
        reverse("engagement:contact-add"),
        _post(zsl, council, date="yesterday", follow_up="31/04/2026"),
    )
    assert response.status_code == 400
    assert "Date must be a real date, like 16 February 2026" in response.text
    assert "Follow-up date must be a real date, like 16 April 2026" in response.text
    assert not Contact.objects.exists()
