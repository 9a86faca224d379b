"""`roundtable engagement import-stakeholders` and `import-contacts`: the contract."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command

from roundtable.engagement.models import Assessment, Contact, Stakeholder
from roundtable.engagement.tests.factories import StakeholderFactory
from roundtable.partnership.models import Organisation
from roundtable.partnership.tests.factories import OrganisationFactory, PersonFactory, UnitFactory
from roundtable.strategy.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db

STAKEHOLDERS = (
    "organisation,sector,interest,influence,modes,relationship_manager,"
    "relationship_manager_organisation,assessed_on\n"
)
CONTACTS = (
    "date,from_organisation,from_unit,stakeholder,method,topic,planned,follow_up,priorities\n"
)


def _file(tmp_path, text, name="file.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.fixture
def manager(partnership, council):
    return PersonFactory(
        partnership=partnership, organisation=council, given_name="Ada", family_name="Manager"
    )


def _import_stakeholders(tmp_path, rows):
    call_command("engagement_import_stakeholders", _file(tmp_path, STAKEHOLDERS + rows))


def test_stakeholders_are_added_with_new_organisations_as_non_partners(
    tmp_path, partnership, council, manager
):
    _import_stakeholders(
        tmp_path,
        "HM Treasury,public,2,5,lobbying;Strategic planning,Ada Manager,Ealing Council,2026-01-10\n"
        "Ealing Council,,,,network or forum,,,\n",
    )
    treasury = Stakeholder.objects.get(organisation__name="HM Treasury")
    assert not treasury.organisation.is_partner
    assert treasury.mode_list == ["lobbying", "strategic_planning"]
    assert treasury.relationship_manager == manager
    assert (treasury.interest, treasury.influence) == (2, 5)
    assert Stakeholder.objects.get(organisation=council).mode_list == ["network"]


def test_reimport_updates_instead_of_duplicating(tmp_path, partnership, manager):
    row = "HM Treasury,public,2,5,lobbying,Ada Manager,Ealing Council,2026-01-10\n"
    _import_stakeholders(tmp_path, row)
    written = Stakeholder.objects.get().history.count()
    _import_stakeholders(tmp_path, row)
    assert Stakeholder.objects.get().history.count() == written  # nothing changed
    _import_stakeholders(tmp_path, row.replace("2,5,lobbying", "3,5,lobbying;consultation"))
    assert Stakeholder.objects.count() == 1
    assert Organisation.objects.filter(name="HM Treasury").count() == 1
    assert Assessment.objects.count() == 1
    stakeholder = Stakeholder.objects.get()
    assert stakeholder.interest == 3
    assert stakeholder.mode_list == ["lobbying", "consultation"]


def test_a_later_assessment_keeps_the_history(tmp_path, partnership):
    _import_stakeholders(tmp_path, "GLA,public,3,3,,,,2025-01-10\n")
    _import_stakeholders(tmp_path, "GLA,public,4,5,,,,2026-01-10\n")
    assert Assessment.objects.count() == 2
    assert Stakeholder.objects.get().influence == 5


@time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False)
def test_scores_without_a_date_are_refused_with_an_example_worked_out_today(tmp_path, partnership):
    """It gave 2026-03-27 whatever the day: the 16th of last month now."""
    with pytest.raises(CommandError) as caught:
        _import_stakeholders(tmp_path, "Tempo,voluntary,3,3,,,,\n")
    assert "enter the date of the assessment, like 2026-11-16" in str(caught.value)


def test_bad_stakeholder_rows_are_all_named_and_nothing_is_written(tmp_path, partnership):
    OrganisationFactory(partnership=partnership, name="Greater London Authority", short_name="GLA")
    OrganisationFactory(partnership=partnership, name="GLA", short_name="")
    rows = (
        "Dolphin Living,voluntary,6,3,consultation,,,2026-01-10\n"
        "Tempo,voluntary,3,3,bribery,,,2026-01-10\n"
        "GLA,public,3,3,,,,2026-01-10\n"
        "Groundwork,,3,,,,,\n"
        "Cardinal Hulme Centre,voluntary,3,3,,Nobody Here,,2026-01-10\n"
    )
    with pytest.raises(CommandError) as caught:
        _import_stakeholders(tmp_path, rows)
    message = str(caught.value)
    assert "Row 2, interest: enter a whole number from 1 to 5" in message
    assert "Row 3, modes: 'bribery' is not a mode" in message
    assert "Row 4, organisation: 'GLA' matches 'G" in message
    assert "use the organisation's full name" in message
    assert "Row 5, sector: 'Groundwork' is new" in message
    assert "Row 5, influence: enter both interest and influence" in message
    assert "Row 5, assessed_on" in message
    assert "Row 6, relationship_manager: no person 'Nobody Here'" in message
    assert not Stakeholder.objects.exists()
    assert not Organisation.objects.filter(name="Dolphin Living").exists()


def test_missing_column_is_named(tmp_path, partnership):
    with pytest.raises(CommandError, match="Row 1, assessed_on: this column is missing"):
        call_command(
            "engagement_import_stakeholders",
            _file(
                tmp_path,
                "organisation,sector,interest,influence,modes,relationship_manager,"
                "relationship_manager_organisation\nGLA,public,,,,,\n",
            ),
        )


@pytest.fixture
def zsl(partnership):
    return StakeholderFactory(
        partnership=partnership,
        organisation=OrganisationFactory(
            partnership=partnership, name="Zoological Society of London", short_name="ZSL"
        ),
    )


def _import_contacts(tmp_path, rows):
    call_command("engagement_import_contacts", _file(tmp_path, CONTACTS + rows))


def test_contacts_are_logged_and_reimport_updates(tmp_path, zsl, council):
    UnitFactory(organisation=council, name="Parks")
    priority = PriorityFactory(strategy__partnership=zsl.partnership, ref="2.1")
    row = "2026-01-05,Ealing Council,Parks,ZSL,meeting,Summer events,no,2026-02-01,2.1\n"
    _import_contacts(tmp_path, row)
    entries = Contact.objects.get().history.count()  # created, then its priority linked
    _import_contacts(tmp_path, row)
    contact = Contact.objects.get()
    assert contact.from_unit.name == "Parks"
    assert list(contact.priorities.all()) == [priority]
    assert contact.history.count() == entries  # the second import changed nothing
    _import_contacts(tmp_path, row.replace("meeting", "call"))
    assert Contact.objects.get().method == "call"
    assert Contact.objects.count() == 1


@time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False)
def test_bad_contact_rows_are_named_and_nothing_is_written(tmp_path, zsl, council):
    future = "2026-04-09"
    rows = (
        f"{future},Ealing Council,,ZSL,meeting,Too early,no,,\n"
        "2026-01-05,Ealing Council,,ZSL,carrier pigeon,Birds,no,,\n"
        "2026-01-05,Ealing Council,,ZSL,call,Late,no,2026-01-01,\n"
        "2026-01-05,Ealing Council,Nowhere,Nobody Ltd,call,Who,maybe,,\n"
        f"{future},Ealing Council,,ZSL,meeting,Planned is fine,yes,,\n"
    )
    with pytest.raises(CommandError) as caught:
        _import_contacts(tmp_path, rows)
    message = str(caught.value)
    assert "Row 2, date: a contact that has happened cannot be dated in the future" in message
    assert "Row 3, method: 'carrier pigeon' is not one of" in message
    assert "Row 4, follow_up: the follow-up (1 January 2026) must be on or after" in message
    assert "Row 5, from_unit: 'Ealing Council' has no unit 'Nowhere'" in message
    assert "Row 5, stakeholder: 'Nobody Ltd' is not in the register" in message
    assert "Row 5, planned: 'maybe' is not yes or no" in message
    assert "Row 6" not in message
    assert not Contact.objects.exists()
