"""The registry of sections higher apps add to a lower app's page."""

from __future__ import annotations

from roundtable.core.sections import PageSection, PageSections


def test_sections_come_in_order_and_those_with_nothing_to_show_are_left_out():
    sections: PageSections[str] = PageSections()
    sections.register("late", lambda user, record: PageSection("Zebra", "z.html", order=50))
    sections.register("empty", lambda user, record: None)
    sections.register(
        "early", lambda user, record: PageSection(f"About {record}", "a.html", order=10)
    )
    sections.register("tie", lambda user, record: PageSection("Aardvark", "b.html", order=50))
    found = sections.for_record(None, "Southall")
    assert [s.title for s in found] == ["About Southall", "Aardvark", "Zebra"]


def test_registering_a_key_again_replaces_its_section():
    sections: PageSections[str] = PageSections()
    sections.register("app", lambda user, record: PageSection("Old", "o.html"))
    sections.register("app", lambda user, record: PageSection("New", "n.html"))
    assert [s.title for s in sections.for_record(None, "x")] == ["New"]


def test_each_page_keeps_its_own_sections():
    bodies: PageSections[str] = PageSections()
    projects: PageSections[str] = PageSections()
    bodies.register("app", lambda user, record: PageSection("On bodies", "b.html"))
    assert projects.for_record(None, "x") == []


def test_a_listing_is_left_out_when_every_list_is_empty():
    from roundtable.core.sections import PageSection, listing

    assert listing("Projects", "p.html", 20, projects=[], commitments=[]) is None
    assert listing("Projects", "p.html", 20, projects=[], commitments=["Pledge"]) == (
        PageSection("Projects", "p.html", {"projects": [], "commitments": ["Pledge"]}, 20)
    )
