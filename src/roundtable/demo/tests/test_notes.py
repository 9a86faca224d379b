"""What the demo says of its partnerships: only of those it loaded."""

from __future__ import annotations

import pytest

from roundtable.demo.notes import demo_sources, figures_note, is_demo
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
