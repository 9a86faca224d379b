"""A body's Atom feed: its published agendas and the decisions of its approved
minutes, as the public may read them, whoever asks. Parsed back as XML, as a feed
reader would."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from roundtable.core.testing import under
from roundtable.meetings import services
from roundtable.meetings.choices import AgendaStatus
from roundtable.meetings.models import AgendaItem, Meeting
from roundtable.meetings.queries import body_feed
from roundtable.meetings.tests.factories import MeetingFactory
from roundtable.meetings.tests.papers import build_agenda
from roundtable.partnership.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PATH = "/meetings/bodies/lsp-executive/feed.atom"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def read(client, path=PATH) -> tuple[str, ET.Element]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    text = response.content.decode()
    return text, ET.fromstring(response.content)  # noqa: S314 - our own response


def entries(feed: ET.Element) -> dict[str, str]:
    """Each entry's title, with its summary (HTML, as a reader shows it)."""
    return {
        e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}summary")
        for e in feed.findall(f"{ATOM}entry")
    }


def approve_with_resolutions(meeting: Meeting) -> Meeting:
    """Minute every item of `meeting` with a resolution naming it, then approve them."""
    for item in AgendaItem.objects.filter(meeting=meeting):
        services.save_item_minutes(None, item, "Discussed.")
        services.add_resolution(None, item, f"Resolved about {item.title}")
    meeting.refresh_from_db()
    services.circulate_minutes(None, meeting)
    later = MeetingFactory(body=meeting.body, start=meeting.start + datetime.timedelta(days=90))
    return services.approve_minutes(None, meeting, approved_at=later)


def test_a_published_agenda_is_an_entry_titled_by_its_meeting(client, board):
    meeting = build_agenda(board)

    text, feed = read(client)

    assert feed.findtext(f"{ATOM}title") == "LSP Executive: agendas and decisions"
    found = entries(feed)
    summary = found["Agenda: LSP Executive, 16 January 2012"]
    assert "1. Apologies and introductions" in summary
    assert "2. Quarterly performance report (Performance report Q2)" in summary
    assert "4a. Ward panels (Ward panel plan)" in summary
    [entry] = feed.findall(f"{ATOM}entry")
    link = entry.find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{meeting.get_absolute_url()}#agenda"
    assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")


def test_restricted_items_their_papers_and_sub_items_never_appear(client, board):
    build_agenda(board)

    text, feed = read(client)

    for hidden in ("Estates disposal of Acton depot", "Depot valuation", "Informant list"):
        assert hidden not in text
    summary = entries(feed)["Agenda: LSP Executive, 16 January 2012"]
    assert "<li>2. " in summary
    assert "<li>3. " not in summary  # the restricted item leaves its gap
    assert "<li>4. " in summary


def test_a_member_who_opens_the_feed_sees_what_the_public_sees(client, board, member):
    """The feed is for subscribing and sharing: it shows everyone the same."""
    build_agenda(board)
    client.force_login(member)

    text, _ = read(client)

    assert "Estates disposal of Acton depot" not in text
    assert "Informant list" not in text


def test_an_unpublished_agenda_is_not_in_the_feed_even_with_approved_minutes(client, board):
    meeting = build_agenda(board)
    approve_with_resolutions(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_status=AgendaStatus.DRAFT)

    text, feed = read(client)

    assert entries(feed) == {}
    assert "Quarterly performance report" not in text
    assert "Resolved about" not in text


def test_approved_minutes_add_an_entry_of_their_open_decisions(client, board):
    meeting = build_agenda(board)
    approve_with_resolutions(meeting)

    text, feed = read(client)

    decisions = entries(feed)["Decisions: LSP Executive, 16 January 2012"]
    assert "2 (i): Resolved about Quarterly performance report" in decisions
    assert "4a (i): Resolved about Ward panels" in decisions
    assert "Resolved about Estates disposal of Acton depot" not in text  # a restricted item's
    ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert len(set(ids)) == 2  # the agenda's and the decisions' entries, apart
    Meeting.objects.filter(pk=meeting.pk).update(venue="Moved: Dormers Wells", sequence=1)
    _, moved = read(client)
    assert sorted(e.findtext(f"{ATOM}id") for e in moved.findall(f"{ATOM}entry")) == sorted(ids)


@pytest.mark.parametrize("stage", ["draft", "circulated"])
def test_decisions_of_minutes_not_yet_approved_are_not_in_the_feed(client, board, stage):
    meeting = build_agenda(board)
    item = meeting.items.get(title="Quarterly performance report")
    services.save_item_minutes(None, item, "Discussed.")
    services.add_resolution(None, item, "That the Board note the report")
    if stage == "circulated":
        meeting.refresh_from_db()
        services.circulate_minutes(None, meeting)

    text, feed = read(client)

    assert "That the Board note the report" not in text
    assert not [title for title in entries(feed) if title.startswith("Decisions")]


def test_another_partnerships_body_is_not_in_this_partnerships_feed(
    client, board, partnership, other_partnership
):
    build_agenda(board)
    theirs = BodyFactory(partnership=other_partnership, name="Warwick Executive", slug="wx")
    build_agenda(theirs, start=timezone.make_aware(datetime.datetime(2012, 2, 1, 17)))

    text, _ = read(client)
    assert "Warwick Executive" not in text

    # Their body's feed asked for under this partnership's address moves to theirs.
    moved = client.get(under(partnership, "/meetings/bodies/wx/feed.atom"))
    text = moved.content.decode()
    assert f'href="http://testserver/{other_partnership.slug}/meetings/bodies/wx/feed.atom"' in text
    assert "LSP Executive" not in text


def test_the_body_page_links_to_its_feed_beside_its_calendar(client, board):
    text = client.get(under(board.partnership, "/meetings/bodies/lsp-executive/")).text
    feed = under(board.partnership, PATH)
    assert '<link rel="alternate" type="application/atom+xml" title="LSP Executive: agendas' in text
    assert f'href="{feed}">News feed of LSP Executive' in text
    assert text.index("(iCalendar)") < text.index("(Atom)")


@pytest.mark.parametrize("meetings", [2, 20])
def test_the_feed_makes_the_same_queries_whatever_the_number_of_meetings(
    django_assert_num_queries, board, meetings
):
    for n in range(meetings):
        approve_with_resolutions(
            build_agenda(board, start=timezone.make_aware(datetime.datetime(2012, 1, 1 + n, 17)))
        )
    # meetings with their bodies and approving meetings; their open items, papers,
    # paper versions, every item's place; the resolutions
    with django_assert_num_queries(6):
        found = body_feed(board)
        html = "".join(d.resolution.text for shown in found for d in shown.decisions)
    assert len(found) == meetings
    assert html.count("Resolved about") == 4 * meetings


def test_the_api_gives_each_body_its_feeds_address(client, board):
    body = client.get(f"/api/v1/bodies/{board.slug}").json()
    assert body["atom_url"] == "http://testserver/ealing/meetings/bodies/lsp-executive/feed.atom"
