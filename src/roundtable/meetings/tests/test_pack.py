"""The board pack: cover, agenda, papers in order, bookmarks, page numbers, editions."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.meetings.tests.papers import build_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def meeting(board):
    return build_agenda(board)


def get_pack(client, meeting) -> PdfReader:
    response = client.get(f"/meetings/{meeting.pk}/pack.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def page_texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


def outline_titles(outline, depth=0) -> list[tuple[int, str]]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles += outline_titles(entry, depth + 1)
        else:
            titles.append((depth, entry.title))
    return titles


def test_the_public_pack_is_cover_agenda_and_open_papers(client, meeting):
    reader = get_pack(client, meeting)

    texts = page_texts(reader)
    # cover, agenda, performance report (2), safety summary (1), ward plan separator (1)
    assert len(reader.pages) == 1 + 1 + 2 + 1 + 1
    assert "Public pack" in texts[0]
    assert "Performance page one" in texts[2]
    assert "Performance page two" in texts[3]
    assert "Safer Ealing summary page" in texts[4]
    assert "available to download" in texts[5]
    assert "plan.docx" in texts[5]
    assert "/meetings/papers/" in texts[5]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "other_partnership_officer"])
def test_restricted_material_is_not_in_the_public_pack(request, client, meeting, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    text = "\n".join(page_texts(get_pack(client, meeting)))

    assert "Estates disposal" not in text
    assert "Confidential depot valuation" not in text
    assert "Informant list" not in text
    assert "Secret informant names" not in text


def test_members_get_the_full_pack(client, meeting, member):
    client.force_login(member)

    reader = get_pack(client, meeting)

    text = "\n".join(page_texts(reader))
    assert len(reader.pages) == 1 + 1 + 2 + 1 + 1 + 1 + 1
    assert "Members' pack" in text
    assert "Confidential depot valuation" in text
    assert "Secret informant names" in text


def test_every_page_is_numbered_page_x_of_y(client, meeting):
    reader = get_pack(client, meeting)

    total = len(reader.pages)
    for number, text in enumerate(page_texts(reader), start=1):
        assert f"Page {number} of {total}" in text


def test_the_agenda_cites_the_pages_where_each_items_papers_start(client, meeting, member):
    client.force_login(member)
    reader = get_pack(client, meeting)
    texts = page_texts(reader)

    agenda = texts[1]
    cited = {
        title: int(page)
        for title, page in re.findall(
            r"(Performance report Q2|Depot valuation|Safer Ealing summary|Informant list|Ward panel plan)\s*(?:Restricted\s*)?· page (\d+)",
            agenda,
        )
    }
    assert set(cited) == {
        "Performance report Q2",
        "Depot valuation",
        "Safer Ealing summary",
        "Informant list",
        "Ward panel plan",
    }
    assert "Performance page one" in texts[cited["Performance report Q2"] - 1]
    assert "Confidential depot valuation" in texts[cited["Depot valuation"] - 1]
    assert "Safer Ealing summary page" in texts[cited["Safer Ealing summary"] - 1]
    assert "Secret informant names" in texts[cited["Informant list"] - 1]
    assert "Ward panel plan" in texts[cited["Ward panel plan"] - 1]


def test_the_pack_has_bookmarks_for_each_item_and_paper(client, meeting):
    reader = get_pack(client, meeting)

    titles = outline_titles(reader.outline)
    assert titles == [
        (0, "Cover"),
        (0, "Agenda"),
        (0, "1. Apologies and introductions"),
        (0, "2. Quarterly performance report"),
        (1, "Performance report Q2"),
        (0, "4. Community safety update"),
        (1, "Safer Ealing summary"),
        (1, "4a. Ward panels"),
        (2, "Ward panel plan"),
    ]
    marks = {mark.title: mark for mark in reader.outline if not isinstance(mark, list)}
    assert reader.get_destination_page_number(marks["2. Quarterly performance report"]) == 2


def test_a_long_agenda_spills_over_pages_and_still_cites_the_right_pages(client, board):
    meeting = build_agenda(board)
    for n in range(60):
        AgendaItemFactory(meeting=meeting, title=f"Neighbourhood report {n}", position=10 + n)

    reader = get_pack(client, meeting)
    texts = page_texts(reader)

    agenda_pages = [t for t in texts if "Neighbourhood report" in t]
    assert len(agenda_pages) >= 2
    cited = int(re.search(r"Performance report Q2 · page (\d+)", "\n".join(texts)).group(1))
    assert "Performance page one" in texts[cited - 1]


def test_a_draft_agenda_has_no_pack_except_for_its_managers(client, board, member, secretary):
    draft = MeetingFactory(body=board)
    AgendaItemFactory(meeting=draft, title="Draft thoughts")

    assert client.get(f"/meetings/{draft.pk}/pack.pdf").status_code == 404
    client.force_login(member)
    assert client.get(f"/meetings/{draft.pk}/pack.pdf").status_code == 404
    client.force_login(secretary)
    assert "Draft thoughts" in page_texts(get_pack(client, draft))[1]


def test_an_unknown_meeting_has_no_pack(client, board):
    assert client.get("/meetings/999999/pack.pdf").status_code == 404
