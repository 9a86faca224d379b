"""A project update placed on an agenda item: under the item on the meeting page and
in the board pack PDF, for those who may see the project only."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from roundtable.meetings import convert
from roundtable.meetings.tests.papers import build_agenda
from roundtable.projects.tests.factories import ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(convert, "soffice", lambda: None)


@pytest.fixture
def meeting(board):
    return build_agenda(board)


def _on_agenda(meeting, council, *, published: bool, title: str, narrative: str):
    item = meeting.items.get(title="Community safety update")
    project = ProjectFactory(
        partnership=meeting.body.partnership,
        lead_organisation=council,
        title=title,
        is_published=published,
    )
    return ProjectUpdateFactory(
        project=project,
        date=datetime.date(2012, 1, 10),
        rag="",
        narrative=narrative,
        agenda_item=item,
    )


def _pack_text(client, meeting) -> str:
    response = client.get(f"/meetings/{meeting.pk}/pack.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_an_update_on_the_agenda_is_printed_in_the_public_pack(client, meeting, council):
    _on_agenda(
        meeting, council, published=True, title="Southall", narrative="The charter bid is drafted."
    )

    text = _pack_text(client, meeting)

    assert "Project update: Southall, 10 January 2012" in text
    assert "The charter bid is drafted." in text
    assert "no RAG given" in text


def test_an_update_of_an_unpublished_project_is_only_in_the_members_pack(
    client, meeting, council, member
):
    _on_agenda(
        meeting, council, published=False, title="Quiet plan", narrative="Not yet public words."
    )

    assert "Not yet public words." not in _pack_text(client, meeting)
    client.force_login(member)
    assert "Not yet public words." in _pack_text(client, meeting)


def test_the_meeting_page_links_the_update_under_its_item(client, meeting, council):
    update = _on_agenda(meeting, council, published=True, title="Southall", narrative="Drafted.")
    hidden = _on_agenda(meeting, council, published=False, title="Quiet plan", narrative="Hidden.")

    page = client.get(f"/meetings/{meeting.pk}/").content.decode()

    assert f'href="/ealing/projects/{update.project_id}/#update-{update.pk}"' in page
    assert "Project update: Southall" in page
    assert "Quiet plan" not in page
    assert hidden.pk
