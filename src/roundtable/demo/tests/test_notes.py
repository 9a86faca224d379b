"""What the demo says of its partnerships: only of those it loaded."""

from __future__ import annotations

import datetime

import pytest

from roundtable.demo.notes import demo_sources, figures_note, is_demo, projects_records_end
from roundtable.partnership.models import Partnership


def test_the_demo_knows_its_partnerships_by_slug_and_source():
    assert set(demo_sources()) == {"ealing", "warwick", "westminster"}
    ealing = Partnership(slug="ealing", source=demo_sources()["ealing"])
    assert is_demo(ealing)
    # A live partnership called "ealing" has its own source, or none.
    assert not is_demo(Partnership(slug="ealing", source=""))
    assert not is_demo(Partnership(slug="ealing", source="Our board's papers"))
    assert not is_demo(Partnership(slug="camden", source=demo_sources()["ealing"]))


def test_its_figures_note_names_the_years():
    ealing = Partnership(slug="ealing", source=demo_sources()["ealing"])
    note = figures_note(ealing, "2010/11 to 2012/13")
    assert note.startswith("This demo's figures are for 2010/11 to 2012/13")
    assert figures_note(Partnership(slug="ealing"), "2010/11") == ""


@pytest.mark.django_db
def test_the_returns_pages_hear_the_demos_note():
    from roundtable.performance.figures_notes import figures_note as asked

    ealing = Partnership(slug="ealing", source=demo_sources()["ealing"])
    assert asked(ealing, "2011/12").startswith("This demo's figures")


def test_its_projects_end_with_ealings_board_pack_of_16_january_2012():
    ealing = Partnership(slug="ealing", source=demo_sources()["ealing"])
    ended = projects_records_end(ealing)
    assert ended.on == datetime.date(2012, 1, 16)
    assert ended.note.startswith(
        "This demo's projects are as the LSP Executive's board pack of 16 January 2012 "
        "reported them"
    )
    assert projects_records_end(Partnership(slug="ealing")) is None
    warwick = Partnership(slug="warwick", source=demo_sources()["warwick"])
    assert projects_records_end(warwick) is None


def test_the_project_pages_hear_where_the_demos_projects_end():
    from roundtable.projects.records_end import records_end

    ealing = Partnership(slug="ealing", source=demo_sources()["ealing"])
    assert records_end(ealing).on == datetime.date(2012, 1, 16)
    assert records_end(Partnership(slug="ealing")) is None
