from __future__ import annotations

import pytest

from roundtable.core.history import history_entries
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.partnership import services
from roundtable.partnership.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_history_names_who_changed_what_from_and_to(officer, council):
    parent = OrganisationFactory(partnership=council.partnership, name="Greater London")
    council.sector = "business"
    council.parent = parent
    services.save_organisation(officer, council)
    latest = history_entries(council)[0]
    assert latest.kind == "Changed"
    assert latest.who == "officer"
    changes = {c.label: (c.old, c.new) for c in latest.changes}
    assert changes["Sector"] == ("Public", "Business")
    assert changes["Parent"] == ("(blank)", "Greater London")


def test_history_of_a_record_made_by_a_command_says_so(council):
    assert history_entries(council)[-1].who == "System (import or command)"


def test_history_shows_custom_area_components_by_name(partnership):
    ward = Area.objects.create(code="E05013537", name="Southall Broadway", area_type=AreaType.WARD)
    southall = Area.objects.create(
        code="ealing-southall", name="Southall", area_type=AreaType.CUSTOM, partnership=partnership
    )
    southall.components.add(ward)
    changes = [c for entry in history_entries(southall) for c in entry.changes]
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Components", "(none)", "Southall Broadway (E05013537)")
    ]


def test_the_history_of_a_deleted_record_ends_with_its_deletion_under_its_subject(partnership):
    from roundtable.core.history import entries_of

    area = Area.objects.create(
        code="ealing-acton", name="Acton", area_type=AreaType.CUSTOM, partnership=partnership
    )
    pk = area.pk
    area.delete()
    entries = entries_of(Area.history.filter(id=pk).select_related("history_user"), "Area Acton")
    assert [(e.kind, e.subject) for e in entries] == [
        ("Deleted", "Area Acton"),
        ("Created", "Area Acton"),
    ]


def test_every_record_page_draws_its_tabs_through_record_tabs() -> None:
    """`{% record_tabs %}` hides the History tab from readers who may not open it;
    including the partial directly would show it to everyone."""
    from pathlib import Path

    import roundtable

    source = Path(roundtable.__file__).resolve().parent
    direct = [
        str(p.relative_to(source))
        for p in source.rglob("*.html")
        if "_record_tabs.html" in p.read_text(encoding="utf-8")
        and p.name not in {"history.html", "_record_tabs.html"}
    ]
    assert direct == [], "use {% load record_tabs %}{% record_tabs record ... %}"


def test_history_names_the_person_an_account_is_linked_to(officer, council):
    from roundtable.partnership.tests.factories import PersonFactory

    officer.first_name = "Demo"
    officer.person = PersonFactory(
        partnership=council.partnership, given_name="Julian", family_name="Bell"
    )
    officer.save()
    council.sector = "business"
    services.save_organisation(officer, council)
    assert history_entries(council)[0].who == "Julian Bell"
