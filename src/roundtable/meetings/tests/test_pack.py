"""The board pack: cover, agenda, the previous minutes, matters arising, papers in
order, bookmarks, page numbers, editions."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from roundtable.meetings import convert, services
from roundtable.meetings.choices import RestrictionCategory
from roundtable.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from roundtable.meetings.tests.papers import (
    build_agenda,
    build_previous_meeting,
    docx_with_text,
    odt_with_text,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _no_libreoffice(monkeypatch):
    """Packs are made without LibreOffice unless a test asks for it (`libreoffice`),
    so the other tests neither depend on it nor wait for it."""
    monkeypatch.setattr(convert, "soffice", lambda: None)


@pytest.fixture
def libreoffice(monkeypatch):
    monkeypatch.undo()
    if convert.soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed, so papers cannot be converted")


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
    # cover, agenda, matters arising, performance report (2), safety summary (1),
    # ward plan separator (1)
    assert len(reader.pages) == 1 + 1 + 1 + 2 + 1 + 1
    assert "Public pack" in texts[0]
    assert "Matters arising and actions" in texts[2]
    assert "No open actions from earlier meetings" in texts[2]
    assert "Performance page one" in texts[3]
    assert "Performance page two" in texts[4]
    assert "Safer Ealing summary page" in texts[5]
    assert "available to download" in texts[6]
    assert "plan.docx" in texts[6]
    assert "/meetings/papers/" in texts[6]


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
    assert len(reader.pages) == 1 + 1 + 1 + 2 + 1 + 1 + 1 + 1
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
        (0, "Matters arising and actions"),
        (0, "1. Apologies and introductions"),
        (0, "2. Quarterly performance report"),
        (1, "Performance report Q2"),
        (0, "4. Community safety update"),
        (1, "Safer Ealing summary"),
        (1, "4a. Ward panels"),
        (2, "Ward panel plan"),
    ]
    marks = {mark.title: mark for mark in reader.outline if not isinstance(mark, list)}
    assert reader.get_destination_page_number(marks["2. Quarterly performance report"]) == 3


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


# -- The previous meeting's minutes, matters arising and the actions log ------


@pytest.fixture
def previous(board):
    return build_previous_meeting(board)


def test_the_members_pack_has_the_draft_minutes_of_the_previous_meeting(
    client, board, previous, member
):
    meeting = build_agenda(board)
    client.force_login(member)

    texts = page_texts(get_pack(client, meeting))

    minutes = texts[2]
    assert "Draft minutes of the meeting of 24 October 2011" in minutes
    assert "Not for publication" in minutes
    assert "Minuted Localism discussion" in minutes
    assert "(i) That the Board note the Localism Bill" in minutes
    assert "Map the community assets" in minutes
    assert "Secret disposal minutes" in minutes
    assert "Send the secret disposal list" in minutes


def test_the_public_pack_leaves_out_minutes_until_they_are_approved(client, board, previous):
    meeting = build_agenda(board)

    text = "\n".join(page_texts(get_pack(client, meeting)))

    assert "Minutes of the meeting of 24 October 2011" in text
    assert "will be published once a later meeting approves them" in text
    assert "Minuted Localism discussion" not in text
    assert "Map the community assets" not in text


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_public_pack_has_approved_minutes_without_restricted_items(
    request, client, board, previous, who
):
    meeting = build_agenda(board)
    services.approve_minutes(None, previous, approved_at=meeting)
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    text = "\n".join(page_texts(get_pack(client, meeting)))

    assert "Minutes of the meeting of 24 October 2011" in text
    assert "Approved at the meeting of 16 January 2012" in text
    assert "Draft minutes" not in text
    assert "Minuted Localism discussion" in text
    assert "That the Board note the Localism Bill" in text
    assert "Property disposals" not in text
    assert "Secret disposal minutes" not in text
    assert "secret disposal" not in text


def test_minutes_still_being_written_are_in_no_pack(client, board, secretary):
    build_previous_meeting(board, circulate=False)
    meeting = build_agenda(board)
    client.force_login(secretary)

    text = "\n".join(page_texts(get_pack(client, meeting)))

    assert "they have not been circulated yet" in text
    assert "Minuted Localism discussion" not in text


def test_the_actions_log_lists_open_actions_of_earlier_meetings(client, board, previous, member):
    meeting = build_agenda(board)
    client.force_login(member)

    reader = get_pack(client, meeting)
    texts = page_texts(reader)

    arising = next(t for t in texts if "Matters arising and actions" in t and "Owner" in t)
    assert "Map the community assets" in arising
    assert "From the meeting of 24 October 2011" in arising
    assert "1 December 2011" in arising
    assert "Overdue by 46 days" in arising  # as at the meeting, 16 January 2012
    assert "Send the secret disposal list" in arising


def test_the_public_actions_log_waits_for_approved_minutes_and_hides_restricted_actions(
    client, board, previous, outsider
):
    meeting = build_agenda(board)
    client.force_login(outsider)
    text = "\n".join(page_texts(get_pack(client, meeting)))
    assert "Map the community assets" not in text

    services.approve_minutes(None, previous, approved_at=meeting)
    text = "\n".join(page_texts(get_pack(client, meeting)))
    assert "Map the community assets" in text
    assert "Send the secret disposal list" not in text


def test_the_agenda_cites_the_pages_of_the_minutes_and_the_actions(client, board, previous, member):
    meeting = build_agenda(board)
    client.force_login(member)

    reader = get_pack(client, meeting)
    texts = page_texts(reader)

    minutes_page = int(re.search(r"meeting of 24 October 2011 · page (\d+)", texts[1]).group(1))
    actions_page = int(re.search(r"Matters arising and actions · page (\d+)", texts[1]).group(1))
    assert "Minuted Localism discussion" in texts[minutes_page - 1]
    assert "Map the community assets" in texts[actions_page - 1]
    assert f"Page {actions_page} of" in texts[actions_page - 1]
    marks = {mark.title: mark for mark in reader.outline if not isinstance(mark, list)}
    draft = marks["Draft minutes of the meeting of 24 October 2011"]
    assert reader.get_destination_page_number(draft) == minutes_page - 1
    arising = marks["Matters arising and actions"]
    assert reader.get_destination_page_number(arising) == actions_page - 1
    cited = int(re.search(r"Performance report Q2 · page (\d+)", texts[1]).group(1))
    assert "Performance page one" in texts[cited - 1]


def test_long_minutes_run_over_pages_and_the_papers_still_start_where_cited(client, board, member):
    previous = build_previous_meeting(board, circulate=False)
    item = previous.items.get(title="Localism Bill")
    services.save_item_minutes(None, item, "\n\n".join(["A long paragraph of minutes."] * 120))
    services.circulate_minutes(None, previous)
    meeting = build_agenda(board)
    client.force_login(member)

    texts = page_texts(get_pack(client, meeting))

    assert sum("A long paragraph of minutes." in t for t in texts) >= 2
    cited = int(re.search(r"Performance report Q2 · page (\d+)", texts[1]).group(1))
    assert "Performance page one" in texts[cited - 1]


# -- Word and OpenDocument papers, converted by LibreOffice -------------------


def _word_papers(meeting):
    """An open Word paper under item 2 and a restricted one under item 4."""
    report = meeting.items.get(title="Quarterly performance report")
    safety = meeting.items.get(title="Community safety update")
    services.add_paper(
        None,
        report,
        title="Commentary in Word",
        upload=upload("commentary.docx", docx_with_text("Word commentary one", "Word two")),
    )
    services.add_paper(
        None,
        safety,
        title="Restricted Word note",
        upload=upload("note.docx", docx_with_text("Secret converted words")),
        restricted=True,
        restriction_category=RestrictionCategory.CRIME,
    )


def test_word_papers_are_converted_and_merged_where_the_agenda_says(
    libreoffice, client, meeting, member
):
    _word_papers(meeting)
    client.force_login(member)

    reader = get_pack(client, meeting)
    texts = page_texts(reader)

    cited = int(re.search(r"Commentary in Word · page (\d+)–(\d+)", texts[1]).group(1))
    assert "Word commentary one" in texts[cited - 1]
    assert "Word two" in texts[cited]
    assert f"Page {cited} of {len(texts)}" in texts[cited - 1]
    assert "Secret converted words" in "\n".join(texts)
    titles = [title for _, title in outline_titles(reader.outline)]
    assert "Commentary in Word" in titles


def test_a_restricted_word_paper_is_never_in_the_public_pack(libreoffice, client, meeting):
    _word_papers(meeting)

    text = "\n".join(page_texts(get_pack(client, meeting)))

    assert "Word commentary one" in text
    assert "Restricted Word note" not in text
    assert "Secret converted words" not in text


def test_a_paper_libreoffice_cannot_read_is_listed_with_its_address(libreoffice, client, meeting):
    # build_agenda's ward plan is a zip with an empty Word part: LibreOffice refuses it.
    texts = page_texts(get_pack(client, meeting))

    separator = next(t for t in texts if "Ward panel plan" in t and "plan.docx" in t)
    assert "could not be converted to PDF, so it is not included in this pack" in separator
    assert "/meetings/papers/" in separator


def test_when_conversion_fails_the_papers_are_listed_and_the_pack_still_made(
    client, meeting, monkeypatch
):
    _word_papers(meeting)
    monkeypatch.setattr(convert, "soffice", lambda: "/usr/bin/soffice")

    def fail(documents, **kwargs):
        raise convert.ConversionError("LibreOffice took longer than 120 seconds")

    monkeypatch.setattr(convert, "to_pdf", fail)

    texts = page_texts(get_pack(client, meeting))

    separator = next(t for t in texts if "Commentary in Word" in t and "commentary.docx" in t)
    assert "could not be converted to PDF" in separator
    assert "Performance page one" in "\n".join(texts)


def test_an_opendocument_paper_is_converted_and_merged_into_the_pack(libreoffice, client, meeting):
    report = meeting.items.get(title="Quarterly performance report")
    services.add_paper(
        None,
        report,
        title="Commentary in OpenDocument",
        upload=upload("commentary.odt", odt_with_text("Words written in LibreOffice")),
    )

    reader = get_pack(client, meeting)
    texts = page_texts(reader)

    cited = int(re.search(r"Commentary in OpenDocument · page (\d+)", texts[1]).group(1))
    assert "Words written in LibreOffice" in texts[cited - 1]
    assert "Commentary in OpenDocument" in [title for _, title in outline_titles(reader.outline)]


def test_without_libreoffice_an_opendocument_paper_is_listed_for_download(client, meeting):
    report = meeting.items.get(title="Quarterly performance report")
    services.add_paper(
        None,
        report,
        title="Commentary in OpenDocument",
        upload=upload("commentary.odt", odt_with_text("Words written in LibreOffice")),
    )

    texts = page_texts(get_pack(client, meeting))

    separator = next(t for t in texts if "commentary.odt" in t)
    assert "an OpenDocument text, so it is not printed in the pack" in separator
    assert "Words written in LibreOffice" not in "\n".join(texts)


def test_without_libreoffice_word_papers_are_listed_for_download(client, meeting):
    _word_papers(meeting)

    texts = page_texts(get_pack(client, meeting))

    separator = next(t for t in texts if "Commentary in Word" in t and "commentary.docx" in t)
    assert "a Word document, so it is not printed in the pack" in separator
    assert "Word commentary one" not in "\n".join(texts)


# -- The performance report an item takes --------------------------------------

REPORT_CANARY = "Zqpackcommentarycanary"


@pytest.fixture
def report_meeting(meeting, partnership, council):
    """Item 2 takes the 2011/12 Q2 report: a public indicator with submitted (not
    yet approved) figures and commentary, and an indicator not marked public."""
    from decimal import Decimal

    from roundtable.performance.choices import SubmissionState
    from roundtable.performance.models import Commentary, Submission
    from roundtable.performance.tests.factories import IndicatorFactory, IndicatorValueFactory

    smoking = IndicatorFactory(
        partnership=partnership, lead_agency=council, code="NI 123", name="Stopping Smoking"
    )
    IndicatorValueFactory(indicator=smoking, period="2011/12 Q2", actual=Decimal(421))
    Commentary.objects.create(
        indicator=smoking,
        period="2011/12 Q2",
        progress=REPORT_CANARY,
        partnership=partnership,
        organisation=council,
    )
    Submission.objects.create(
        partnership=partnership,
        organisation=council,
        period="2011/12 Q2",
        state=SubmissionState.SUBMITTED,
    )
    IndicatorFactory(
        partnership=partnership, lead_agency=council, code="Zq 99", name="Zqhidden", is_public=False
    )
    item = meeting.items.get(title="Quarterly performance report")
    services.change_agenda_item(None, item, performance_report="2011/12 Q2")
    return meeting


def _report_pages(reader: PdfReader) -> tuple[int, list[str]]:
    texts = page_texts(reader)
    cited = int(re.search(r"Performance report: Quarter 2 2011/12 · page (\d+)", texts[1]).group(1))
    marks = outline_titles(reader.outline)
    assert (1, "Performance report: Quarter 2 2011/12") in marks
    return cited, texts


def test_the_members_pack_has_the_internal_performance_report_after_the_items_papers(
    client, report_meeting, member
):
    client.force_login(member)

    reader = get_pack(client, report_meeting)
    cited, texts = _report_pages(reader)

    report = texts[cited - 1]
    assert "Performance report" in report
    assert "Internal version" in report
    assert "Performance page two" in texts[cited - 2]  # the item's own paper comes first
    assert f"Page {cited} of {len(texts)}" in report
    rest = "\n".join(texts[cited - 1 :])
    assert "Stopping Smoking" in rest
    assert "Zqhidden" in rest


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_the_public_pack_has_the_public_performance_report(request, client, report_meeting, who):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))

    reader = get_pack(client, report_meeting)
    cited, texts = _report_pages(reader)

    assert "Public version" in texts[cited - 1]
    text = "\n".join(texts)
    assert "Internal version" not in text
    assert REPORT_CANARY not in text
    assert "Zqhidden" not in text


def test_a_report_that_cannot_be_made_is_listed_with_its_address(
    client, report_meeting, monkeypatch
):
    from roundtable.performance import renderers

    def broken(report, **kwargs):
        raise OSError("Pango is missing")

    monkeypatch.setattr(renderers, "render_pdf", broken)

    texts = page_texts(get_pack(client, report_meeting))

    separator = next(t for t in texts if "could not be made" in t)
    assert "Performance report: Quarter 2 2011/12" in separator
    assert "/performance/report/2011-12-q2/" in separator
