"""The link columns of `import-contacts` (`bodies,meetings,projects`) and of
`import-consultations` (`projects`): found by name, refused when unknown or
ambiguous (nothing written), kept when the column is left out."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from roundtable.engagement.models import Consultation, Contact
from roundtable.engagement.tests.factories import StakeholderFactory
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.partnership.tests.factories import BodyFactory, OrganisationFactory
from roundtable.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

CONTACTS = "date,from_organisation,from_unit,stakeholder,method,topic,bodies,meetings,projects\n"
CONSULTATIONS = "title,lead_organisation,opens,closes,status,projects\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def linked(partnership, council):
    """A stakeholder, a body with a meeting on 12 February 2026, and a project."""
    StakeholderFactory(
        partnership=partnership,
        organisation=OrganisationFactory(
            partnership=partnership, name="Zoological Society of London", short_name="ZSL"
        ),
    )
    body = BodyFactory(partnership=partnership, name="LSP Executive", short_name="LSPE")
    meeting = MeetingFactory(
        body=body, start=timezone.make_aware(datetime.datetime(2026, 2, 12, 18, 0))
    )
    project = ProjectFactory(partnership=partnership, title="Southall regeneration")
    return body, meeting, project


def _run(tmp_path, command, text):
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    call_command(command, str(path), partnership="ealing")


def _fails(tmp_path, command, text) -> str:
    with pytest.raises(CommandError) as caught:
        _run(tmp_path, command, text)
    return str(caught.value)


ROW = "2026-03-02,Ealing Council,,ZSL,meeting,Zoo car park,{}\n"


def test_contacts_import_links_bodies_meetings_and_projects(tmp_path, linked):
    body, meeting, project = linked
    row = ROW.format("lspe;LSP Executive,2026-02-12 LSP Executive,southall regeneration")
    _run(tmp_path, "engagement_import_contacts", CONTACTS + row)
    entries = Contact.objects.get().history.count()
    _run(tmp_path, "engagement_import_contacts", CONTACTS + row)
    contact = Contact.objects.get()
    assert list(contact.bodies.all()) == [body]
    assert list(contact.meetings.all()) == [meeting]
    assert list(contact.projects.all()) == [project]
    assert contact.history.count() == entries  # the second import changed nothing
    # The links are in the audit history: the latest entry holds them.
    latest = contact.history.first()
    assert [link.project_id for link in latest.projects.all()] == [project.pk]
    assert [link.body_id for link in latest.bodies.all()] == [body.pk]


def test_a_meeting_may_be_named_by_its_date_alone_when_only_one_fell_on_it(tmp_path, linked):
    _run(tmp_path, "engagement_import_contacts", CONTACTS + ROW.format(",2026-02-12,"))
    assert list(Contact.objects.get().meetings.all()) == [linked[1]]


def test_a_file_without_link_columns_keeps_the_links(tmp_path, linked):
    row = ROW.format(",,Southall regeneration")
    _run(tmp_path, "engagement_import_contacts", CONTACTS + row)
    header = "date,from_organisation,from_unit,stakeholder,method,topic,outcome\n"
    _run(tmp_path, "engagement_import_contacts", header + ROW.format("Agreed a survey"))
    contact = Contact.objects.get()
    assert contact.outcome == "Agreed a survey"
    assert list(contact.projects.all()) == [linked[2]]


@pytest.mark.parametrize(
    ("links", "message"),
    [
        (",,Canal path", "Row 2, projects: no project 'Canal path' in the partnership"),
        ("Scrutiny,,", "Row 2, bodies: no board or group 'Scrutiny' in the partnership"),
        (",2026-02-13 LSP Executive,", "Row 2, meetings: no meeting '2026-02-13 LSP Executive'"),
        (",12 Feb LSP Executive,", "Row 2, meetings: '12 Feb LSP Executive' does not start"),
    ],
)
def test_unknown_links_are_named_and_nothing_is_written(tmp_path, linked, links, message):
    error = _fails(tmp_path, "engagement_import_contacts", CONTACTS + ROW.format(links))
    assert message in error
    assert not Contact.objects.exists()


def test_a_meeting_without_a_date_is_refused_with_an_example_worked_out_today(tmp_path, linked):
    """It gave 2026-03-12 whatever the day: the 16th of last month now (it is 10 March
    2026 here)."""
    error = _fails(tmp_path, "engagement_import_contacts", CONTACTS + ROW.format(",LSPE,"))
    assert "write its date and body, like 2026-02-16 LSP Executive" in error


def test_ambiguous_links_are_named_and_nothing_is_written(tmp_path, linked, partnership):
    body, meeting, _project = linked
    ProjectFactory(partnership=partnership, title="Southall Regeneration")
    MeetingFactory(body=body, start=timezone.make_aware(datetime.datetime(2026, 2, 12, 9, 0)))
    error = _fails(
        tmp_path,
        "engagement_import_contacts",
        CONTACTS + ROW.format(",2026-02-12 LSP Executive,Southall regeneration"),
    )
    assert "Row 2, meetings: '2026-02-12 LSP Executive' names 2 meetings" in error
    assert "Row 2, projects: 'Southall regeneration' names 2 projects" in error
    assert not Contact.objects.exists()


def test_another_partnerships_project_is_not_found(tmp_path, linked, other_partnership):
    ProjectFactory(partnership=other_partnership, title="Warwick canal path")
    error = _fails(
        tmp_path, "engagement_import_contacts", CONTACTS + ROW.format(",,Warwick canal path")
    )
    assert "Row 2, projects: no project 'Warwick canal path' in the partnership" in error


def test_consultations_import_links_projects(tmp_path, linked):
    row = "Southall engagement,Ealing Council,2026-03-02,2026-04-26,open,Southall regeneration\n"
    _run(tmp_path, "engagement_import_consultations", CONSULTATIONS + row)
    entries = Consultation.objects.get().history.count()
    _run(tmp_path, "engagement_import_consultations", CONSULTATIONS + row)
    consultation = Consultation.objects.get()
    assert list(consultation.projects.all()) == [linked[2]]
    assert consultation.history.count() == entries  # the second import changed nothing
    latest = consultation.history.first()
    assert [link.project_id for link in latest.projects.all()] == [linked[2].pk]


def test_consultations_import_refuses_an_unknown_project(tmp_path, linked):
    row = "Southall engagement,Ealing Council,2026-03-02,2026-04-26,open,Canal path\n"
    error = _fails(tmp_path, "engagement_import_consultations", CONSULTATIONS + row)
    assert "Row 2, projects: no project 'Canal path' in the partnership" in error
    assert not Consultation.objects.exists()
