"""The Ealing LSP Executive's meetings load from the January 2012 pack, and loading
twice changes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from roundtable.accounts.models import User
from roundtable.demo.testing import load_demo_for_test
from roundtable.meetings import rules
from roundtable.meetings.demo import item_place
from roundtable.meetings.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Attendance,
    ForwardPlanItem,
    Meeting,
    MinutesAmendment,
    Paper,
    Resolution,
)
from roundtable.meetings.queries import agenda_for
from roundtable.partnership.access import manages_body

pytestmark = pytest.mark.django_db

RECORDS = (Meeting, AgendaItem, Paper, Attendance, Resolution, Action, ForwardPlanItem)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo_for_test()
        yield
        call_command("flush", interactive=False, verbosity=0)


def meeting(day: str) -> Meeting:
    return Meeting.objects.get(body__slug="ealing-lsp-executive", start__date=day)


def test_item_numbers_in_the_files_become_positions():
    assert item_place("5") == (5, None)
    assert item_place("5b") == (5, 2)
    with pytest.raises(ValueError, match="5-"):
        item_place("5-")


def test_the_january_agenda_has_its_eight_items_with_their_leads(demo):
    agenda = agenda_for(meeting("2012-01-16"), AnonymousUser())
    assert [e.number for e in agenda] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    four = agenda[3].item
    # The agenda prints two leads on two lines; the page shows them apart, not run on.
    assert four.lead_note == (
        "PI Report by Guy Boniface and Dami Awobajo; Project proposals by Ann Griffiths"
    )
    assert agenda[2].item.lead_note == "Cllr Julian Bell; Ann Griffiths"
    assert {p.family_name for p in four.lead_people.all()} == {"Boniface", "Awobajo", "Griffiths"}
    assert agenda[2].item.purpose == "verbal_update"


def test_the_public_do_not_see_the_restricted_joint_assets_item_or_its_paper(demo):
    agenda = agenda_for(meeting("2012-01-16"), AnonymousUser())
    six = [e.number for e in agenda[5].sub_items]
    assert six == ["6a", "6b", "6c", "6d"]
    assert not Paper.objects.visible_to(AnonymousUser()).filter(restricted=True).exists()


def test_members_see_the_restricted_item_and_its_pdf_paper(demo):
    chair = User.objects.get(username="demo-member")
    agenda = agenda_for(meeting("2012-01-16"), chair)
    restricted = agenda[5].sub_items[-1]
    assert (restricted.number, restricted.item.restriction_category) == ("6e", "financial")
    assert "illustrative" in restricted.item.title.lower()
    paper = restricted.papers[0]
    assert paper.restricted
    assert paper.versions.get().page_count == 1


def test_the_october_attendance_is_as_minuted(demo):
    records = Attendance.objects.filter(meeting=meeting("2011-10-24"))
    assert records.filter(capacity="member", status="present").count() == 6
    assert records.filter(capacity="in_attendance").count() == 6
    apologies = records.filter(status="apologies").values_list("person__family_name", flat=True)
    assert sorted(apologies) == ["Lowe", "Parmar", "Rowell", "Singh"]


def test_the_october_resolutions_are_numbered_within_their_items(demo):
    localism = Resolution.objects.filter(
        item__meeting=meeting("2011-10-24"), item__parent=None, item__position=3
    )
    assert list(localism.values_list("position", flat=True)) == [1, 2, 3]
    assert Resolution.objects.filter(item__meeting=meeting("2011-10-24")).count() == 17


def test_the_amendments_belong_to_the_july_minutes_agreed_in_october(demo):
    july, october = meeting("2011-07-25"), meeting("2011-10-24")
    amendments = MinutesAmendment.objects.filter(meeting=july)
    assert [a.agreed_at for a in amendments] == [october, october]
    assert "spitting paan" in amendments[1].text
    assert not MinutesAmendment.objects.filter(meeting=october).exists()
    assert (july.minutes_status, july.minutes_approved_at) == ("approved", october)


def test_the_october_minutes_are_approved_at_the_january_meeting(demo):
    october = meeting("2011-10-24")
    assert october.minutes_approved_at == meeting("2012-01-16")
    assert october.number == 30


def test_actions_the_minutes_state_and_imply_are_owned_and_labelled(demo):
    prospectus = Action.objects.get(description__startswith="Circulate the Southall prospectus")
    assert prospectus.owner_person.family_name == "Griffiths"
    assert prospectus.item.position == 2  # 5b
    data_sharing = Action.objects.get(owner_person__family_name="Cierebiej")
    assert data_sharing.owner_organisation.name == "JobCentre Plus"
    implied = Action.objects.filter(description__endswith="(illustrative)")
    assert implied.count() == 2
    for action in implied:
        assert ActionUpdate.objects.get(action=action).note.startswith("Demo data.")


def test_the_forward_plan_holds_what_the_agenda_says_future_meetings_will_include(demo):
    planned = ForwardPlanItem.objects.filter(meeting=meeting("2012-07-16"))
    assert sorted(planned.values_list("title", flat=True)) == [
        "Annual Performance Report Community Strategy",
        "Detailed Project Scoping for future LSP projects",
    ]
    assert Meeting.objects.filter(body__slug="ealing-lsp-executive").count() == 7


def test_the_lsp_executive_states_no_quorum(demo):
    from roundtable.partnership.models import TermsOfReference

    assert not TermsOfReference.objects.filter(
        body__slug="ealing-lsp-executive", quorum__isnull=False
    ).exists()


def test_the_demo_secretary_runs_the_lsp_executives_meetings(demo):
    secretary = User.objects.get(username="demo-secretary")
    assert manages_body(secretary, meeting("2012-01-16").body_id)
    assert not manages_body(User.objects.get(username="demo-editor"), meeting("2012-01-16").body_id)


def test_loading_the_meetings_twice_changes_nothing(demo):
    before = [model.history.count() for model in RECORDS]
    call_command("demo_load", stdout=io.StringIO())
    assert [model.history.count() for model in RECORDS] == before


def test_the_2011_actions_carry_the_statuses_and_dates_the_papers_give(demo, client):
    """Historical records (#11): the pack sets no due date for what is still open, so
    nothing shows as overdue by thousands of days; what it shows done is dated then."""
    today = datetime.date(2026, 12, 2)
    actions = Action.objects.filter(body__slug="ealing-lsp-executive")
    assert actions.count() == 6
    assert not actions.overdue(today).exists()
    assert all(rules.days_overdue(a.due, a.status, today) == 0 for a in actions)
    open_ = actions.filter(status="open")
    assert sorted(a.description[:20] for a in open_) == [
        "Arrange a partnershi",
        "Circulate the Southa",
        "Look at JobCentre Pl",
        "Write to local schoo",
    ]
    assert not open_.filter(due__isnull=False).exists()

    done = {
        a.description[:20]: ActionUpdate.objects.get(action=a).created_at.date()
        for a in actions.filter(status="done")
    }
    assert done == {
        "Write to the major p": datetime.date(2012, 1, 16),
        "Make the Southall ac": datetime.date(2011, 11, 16),
    }

    client.get("/", {"partnership": "ealing"})
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC)):
        log = client.get(reverse("meetings:action-list"), {"status": "all"}).text
    assert "Circulate the Southall prospectus" in log
    assert "Overdue by" not in log
    assert (
        "16 January 2012"
        in client.get(actions.get(status="done", due=None).get_absolute_url()).text
    )


def test_the_2011_12_meetings_are_held_today(demo):
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC)):
        shown = {
            m.date_label: m.shown_status
            for m in Meeting.objects.filter(body__slug="ealing-lsp-executive")
        }
    assert set(shown.values()) == {"held"}
    assert len(shown) == 7
