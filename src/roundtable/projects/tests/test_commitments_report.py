"""Equality objectives as narrative measures in the performance report: the
renderers (no database) and the source that fills the section (with it)."""

from __future__ import annotations

import dataclasses
import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from roundtable.performance.narratives import narratives_for
from roundtable.performance.periods import parse_period
from roundtable.performance.queries import build_report
from roundtable.performance.renderers import render_html_document, render_pdf, render_xlsx
from roundtable.performance.report import NarrativeRow, NarrativeSection
from roundtable.performance.tests.report_fixtures import ealing_q2_report
from roundtable.projects.queries_commitments import narrative_sections
from roundtable.projects.tests.factories_commitments import CommitmentFactory

D = datetime.date
Q2 = parse_period("2011/12 Q2")
NARRATIVE = "Unlawful discrimination is addressed by equality impact assessments."


def _with_objectives():
    section = NarrativeSection(
        "Equality objectives",
        (
            NarrativeRow(
                measures=("Eliminate unlawful discrimination", "Foster good relations"),
                narrative=NARRATIVE,
                as_at=D(2011, 9, 30),
                status="Agreed",
                lead="Ann Griffiths",
            ),
            NarrativeRow(measures=("Embed equality evidence",), narrative="", as_at=None),
        ),
        anchor="equality-objectives",
    )
    return dataclasses.replace(ealing_q2_report(), narratives=[section])


def test_the_html_report_shows_the_objectives_with_their_narrative():
    html = render_html_document(_with_objectives(), downloads={})
    assert 'href="#equality-objectives"' in html
    assert 'id="equality-objectives">Equality objectives</h2>' in html
    assert "Eliminate unlawful discrimination" in html
    assert "Foster good relations" in html
    assert NARRATIVE in html
    assert "As at 30 September 2011" in html
    assert "No progress reported yet." in html


def test_a_report_without_narratives_has_no_such_section():
    html = render_html_document(ealing_q2_report(), downloads={})
    assert "equality-objectives" not in html


def test_the_xlsx_report_has_a_sheet_of_the_objectives():
    book = load_workbook(io.BytesIO(render_xlsx(_with_objectives())))
    sheet = book["Equality objectives"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Objective", "Status", "Lead", "Progress")
    assert rows[1][0] == "Eliminate unlawful discrimination\nFoster good relations"
    assert rows[1][3] == NARRATIVE
    assert rows[1][4].date() == D(2011, 9, 30)
    assert book.sheetnames.index("Equality objectives") < book.sheetnames.index("Data issues")


def test_the_pdf_report_prints_the_narrative():
    reader = PdfReader(io.BytesIO(render_pdf(_with_objectives(), processes=1)))
    text = " ".join((page.extract_text() or "") for page in reader.pages)
    assert "Equality objectives" in text
    assert "equality impact assessments" in " ".join(text.split())


@pytest.mark.django_db
def test_the_public_report_shows_only_public_objectives(partnership, council):
    CommitmentFactory(
        partnership=partnership,
        title="Public objective",
        progress="Fine",
        progress_on=D(2011, 9, 30),
    )
    CommitmentFactory(partnership=partnership, title="Draft objective", status="draft")
    CommitmentFactory(partnership=partnership, title="Unpublished one", is_published=False)
    CommitmentFactory(partnership=partnership, title="Withdrawn one", status="withdrawn")
    CommitmentFactory(partnership=partnership, title="A charter", kind="charter")
    public = build_report(partnership, Q2, public=True).narratives
    assert [r.measures for r in public[0].rows] == [("Public objective",)]
    internal = build_report(partnership, Q2, public=False).narratives
    assert [r.measures[0] for r in internal[0].rows] == [
        "Public objective",
        "Draft objective",
        "Unpublished one",
    ]


@pytest.mark.django_db
def test_another_partnerships_objectives_never_appear(partnership, other_partnership):
    CommitmentFactory(partnership=other_partnership, title="Warwick objective")
    assert narratives_for(partnership.pk, Q2, public=False) == []


@pytest.mark.django_db
def test_objectives_sharing_one_narrative_make_one_row(partnership):
    for title in ("First", "Second"):
        CommitmentFactory(
            partnership=partnership, title=title, progress=NARRATIVE, progress_on=D(2012, 1, 16)
        )
    third = CommitmentFactory(partnership=partnership, title="Third")
    [section] = narrative_sections(partnership.pk, Q2, True)
    assert [(r.measures, r.narrative) for r in section.rows] == [
        (("First", "Second"), NARRATIVE),
        (("Third",), ""),
    ]
    assert section.rows[0].url == ""  # two objectives: no one page to link to
    assert section.rows[1].url == third.get_absolute_url()
