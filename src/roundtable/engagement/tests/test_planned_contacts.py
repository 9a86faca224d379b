"""A contact being planned cannot be dated in the past; one planned before keeps its
date, passed or not, until it is marked done."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from roundtable.accounts.choices import Role
from roundtable.engagement import rules, services
from roundtable.engagement.models import Contact
from roundtable.engagement.tests.factories import ContactFactory, StakeholderFactory
from roundtable.partnership.tests.factories import OrganisationFactory, UserFactory

D = datetime.date
TODAY = D(2026, 3, 10)


def test_planning_a_contact_for_a_day_gone_by_is_refused_naming_the_date():
    problems = rules.check_contact_dates(D(2026, 3, 9), planned=True, today=TODAY)
    assert list(problems) == ["date"]
    assert problems["date"].startswith(
        "date: a planned contact cannot be dated in the past (9 March 2026)"
    )


def test_a_contact_planned_for_today_or_later_is_fine():
    assert rules.check_contact_dates(TODAY, planned=True, today=TODAY) == {}
    assert rules.check_contact_dates(D(2026, 4, 1), planned=True, today=TODAY) == {}


def test_a_contact_planned_before_may_keep_its_passed_date():
    """Its day has passed and it is still to be marked done: fixing its topic must not
    be refused, but moving it to another passed day is."""
    kept = rules.check_contact_dates(
        D(2026, 3, 1), planned=True, today=TODAY, planned_for=D(2026, 3, 1)
    )
    assert kept == {}
    moved = rules.check_contact_dates(
        D(2026, 3, 2), planned=True, today=TODAY, planned_for=D(2026, 3, 1)
    )
    assert list(moved) == ["date"]


@pytest.fixture
def zsl(partnership):
    org = OrganisationFactory(partnership=partnership, name="ZSL", is_partner=False)
    return StakeholderFactory(partnership=partnership, organisation=org)


@pytest.fixture
def officer(partnership, council):
    return UserFactory(role=Role.EDITOR, partnership=partnership, organisation=council)


@pytest.mark.django_db
def test_the_service_refuses_it_and_keeps_an_old_plans_date(zsl, council):
    with pytest.raises(ValidationError) as refused:
        services.log_contact(
            None,
            Contact(),
            stakeholder=zsl,
            date=D(2026, 3, 1),
            planned=True,
            from_organisation=council,
            method="email",
            topic="Zoo lates",
            today=TODAY,
            check=False,
        )
    assert list(refused.value.error_dict) == ["date"]
    old = ContactFactory(
        stakeholder=zsl, from_organisation=council, planned=True, date=D(2026, 3, 1)
    )
    services.log_contact(
        None,
        old,
        stakeholder=zsl,
        date=D(2026, 3, 1),
        planned=True,
        from_organisation=council,
        method="email",
        topic="Zoo lates, moved indoors",
        today=TODAY,
        check=False,
    )
    old.refresh_from_db()
    assert old.topic == "Zoo lates, moved indoors"


@pytest.mark.django_db
def test_the_form_names_the_field_and_keeps_nothing(client, officer, zsl, council):
    client.force_login(officer)
    data = {
        "stakeholder": zsl.pk,
        "planned": "1",
        "date": "2026-03-01",
        "from_organisation": council.pk,
        "method": "email",
        "topic": "Summer festival",
    }
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        response = client.post(reverse("engagement:contact-add"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Date: a planned contact cannot be dated in the past (1 March 2026)" in html
    assert 'href="#id_date' in html  # the error summary links to the field
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_the_forms_hint_says_a_planned_contact_is_today_or_later(client, officer, zsl):
    client.force_login(officer)
    page = client.get(reverse("engagement:contact-add")).content.decode()
    assert "for a planned contact, the day it is planned for (today or later)" in page
