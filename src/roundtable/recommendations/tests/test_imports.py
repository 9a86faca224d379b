"""The import contract: columns, response normalisation, units, all-or-nothing, re-import."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from roundtable.core.imports import ImportFailed, read_table
from roundtable.partnership.models import Unit
from roundtable.partnership.tests.factories import UnitFactory
from roundtable.recommendations import rules
from roundtable.recommendations.imports import import_recommendations
from roundtable.recommendations.models import Recommendation, Review

pytestmark = pytest.mark.django_db

HEADER = "review,section,number,recommendation,response,outline_response,lead,supporting\n"


def table(body: str, name: str = "tracker.csv"):
    return read_table(io.BytesIO((HEADER + body).encode()), name)


@pytest.fixture
def units(council, police):
    return {
        "ic": UnitFactory(organisation=council, name="Innovation and Change", short_name="I&C"),
        "gph": UnitFactory(
            organisation=council, name="Growth, Planning and Housing", short_name="GPH"
        ),
        "ecm": UnitFactory(organisation=council, name="ECM"),
    }


def test_import_creates_reviews_sections_and_recommendations(partnership, council, units):
    summary = import_recommendations(
        table(
            'Housing,Supply,1,Build more homes,agree,We will,I&C,"GPH, ECM"\n'
            "Housing,Supply,2,Reuse offices,To be considered in more detail,,GPH,All directorates\n"
            "Energy,,E4,Insulate,wip,,Metropolitan Police Service,\n"
        ),
        partnership,
        None,
        organisation=council,
    )
    assert (summary.created, summary.reviews_created) == (3, 2)
    first = Recommendation.objects.get(number="1")
    assert first.response == "agree"
    assert first.section.title == "Supply"
    assert first.lead_organisation == council
    assert list(first.lead_units.all()) == [units["ic"]]
    assert set(first.supporting_units.all()) == {units["gph"], units["ecm"]}
    second = Recommendation.objects.get(number="2")
    assert second.response == rules.CONSIDER
    assert second.supported_by_all_units
    e4 = Recommendation.objects.get(number="E4")
    assert e4.response == rules.WORK_IN_PROGRESS
    assert e4.lead_organisation.name == "Metropolitan Police Service"
    assert not e4.lead_units.exists()


def test_units_match_ignoring_case_and_punctuation(partnership, council, units):
    import_recommendations(table("R,,1,Text,Agree,,IC,gph\n"), partnership, None)
    rec = Recommendation.objects.get()
    assert list(rec.lead_units.all()) == [units["ic"]]


def test_reimporting_the_same_file_updates_rather_than_duplicates(partnership, council, units):
    body = "R,S,1,Text,Agree,Outline,I&C,GPH\n"
    import_recommendations(table(body), partnership, None)
    again = import_recommendations(table(body), partnership, None)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 1)
    changed = import_recommendations(
        table("R,S,1,New text,Note,Outline,I&C,ECM\n"), partnership, None
    )
    assert (changed.created, changed.changed) == (0, 1)
    rec = Recommendation.objects.get()
    assert (rec.text, rec.response) == ("New text", "note")
    assert [u.name for u in rec.supporting_units.all()] == ["ECM"]
    assert Review.objects.count() == 1


def test_links_changing_alone_counts_as_a_change(partnership, council, units):
    import_recommendations(table("R,S,1,Text,Agree,,I&C,GPH\n"), partnership, None)
    summary = import_recommendations(table("R,S,1,Text,Agree,,I&C,ECM\n"), partnership, None)
    assert (summary.changed, summary.unchanged) == (1, 0)


def test_an_ambiguous_response_is_an_error_naming_row_and_value(partnership, units):
    with pytest.raises(ImportFailed) as failed:
        import_recommendations(table("R,,1,Text,Work in progress Agree,,I&C,\n"), partnership, None)
    (error,) = failed.value.errors
    assert (error.row, error.column) == (2, "response")
    assert "'Work in progress Agree' matches both" in error.message


def test_an_unknown_response_is_an_error(partnership, units):
    with pytest.raises(ImportFailed, match="Row 2, response: 'Mark in progress' is not a known"):
        import_recommendations(table("R,,1,Text,Mark in progress,,I&C,\n"), partnership, None)


def test_a_mapping_resolves_the_messy_value(partnership, units):
    mapping = rules.parse_mapping(["Work in progress Agree=Work in progress"])
    import_recommendations(
        table("R,,1,Text,Work in progress Agree,,I&C,\n"), partnership, None, mapping=mapping
    )
    assert Recommendation.objects.get().response == rules.WORK_IN_PROGRESS


def test_an_import_keeps_the_source_cell_and_a_status_consistent_with_it(partnership, units):
    mapping = rules.parse_mapping(["Work in progress Agree=Work in progress"])
    import_recommendations(
        table("R,,1,Text,Work in progress Agree,,I&C,\n"), partnership, None, mapping=mapping
    )
    rec = Recommendation.objects.get()
    assert rec.response_as_written == "Work in progress Agree"
    assert rec.status == "in_progress"


def test_unknown_lead_unit_is_an_error_without_create_units(partnership, council, units):
    with pytest.raises(ImportFailed) as failed:
        import_recommendations(
            table("R,,1,Text,Agree,,People Services,\n"), partnership, None, organisation=council
        )
    message = str(failed.value)
    assert (
        "Row 2, lead: no unit or organisation called 'People Services' in Ealing Council" in message
    )
    assert "--create-units" in message
    assert not Unit.objects.filter(name="People Services").exists()


def test_create_units_creates_unknown_lead_units_under_the_organisation(
    partnership, council, units
):
    summary = import_recommendations(
        table("R,,1,Text,Agree,,People Services,\nR,,2,Text,Agree,,People Services,\n"),
        partnership,
        None,
        organisation=council,
        create_units=True,
    )
    assert summary.units_created == ["People Services"]
    unit = Unit.objects.get(name="People Services")
    assert unit.organisation == council
    assert Recommendation.objects.filter(lead_units=unit).count() == 2


def test_create_units_needs_an_organisation(partnership, units):
    with pytest.raises(ImportFailed, match="--organisation"):
        import_recommendations(
            table("R,,1,Text,Agree,,People Services,\n"), partnership, None, create_units=True
        )


def test_unknown_supporting_unit_is_an_error_without_create_units(partnership, council, units):
    with pytest.raises(ImportFailed) as failed:
        import_recommendations(
            table("R,,1,Text,Agree,,I&C,XYZ\n"), partnership, None, organisation=council
        )
    assert (
        "Row 2, supporting: no unit or organisation called 'XYZ' in Ealing Council; "
        "add it first, or create it with --create-units"
    ) in str(failed.value)
    assert not Unit.objects.filter(name="XYZ").exists()


def test_create_units_creates_unknown_supporting_units_under_the_organisation(
    partnership, council, units
):
    summary = import_recommendations(
        table(
            'R,,1,Text,Agree,,I&C,"Public Health; People Services"\n'
            "R,,2,Text,Agree,,People Services,Public Health\n"
        ),
        partnership,
        None,
        organisation=council,
        create_units=True,
    )
    assert sorted(summary.units_created) == ["People Services", "Public Health"]
    health = Unit.objects.get(name="Public Health")
    people = Unit.objects.get(name="People Services")
    assert (health.organisation, people.organisation) == (council, council)
    first, second = Recommendation.objects.order_by("number")
    assert set(first.supporting_units.all()) == {health, people}
    assert list(second.lead_units.all()) == [people]
    assert list(second.supporting_units.all()) == [health]


def test_create_units_for_a_supporting_unit_needs_an_organisation(partnership, units):
    with pytest.raises(ImportFailed, match="Row 2, supporting: .*--organisation"):
        import_recommendations(
            table("R,,1,Text,Agree,,I&C,XYZ\n"), partnership, None, create_units=True
        )
    assert not Unit.objects.filter(name="XYZ").exists()


def test_every_problem_is_reported_and_nothing_is_written(partnership, units):
    with pytest.raises(ImportFailed) as failed:
        import_recommendations(
            table(
                "R,,1,Good,Agree,,I&C,\n"
                ",,2,No review,Agree,,I&C,\n"
                "R,,,No number,Agree,,I&C,\n"
                "R,,4,,maybe,,Nobody,\n"
                "R,,1,Duplicate,Agree,,I&C,\n"
            ),
            partnership,
            None,
        )
    where = [(e.row, e.column) for e in failed.value.errors]
    assert where == [
        (3, "review"),
        (4, "number"),
        (5, "recommendation"),
        (5, "response"),
        (5, "lead"),
        (6, "number"),
    ]
    assert "already on row 2" in failed.value.errors[-1].message
    assert not Recommendation.objects.exists()
    assert not Review.objects.exists()


def test_missing_and_unknown_columns_are_named(partnership):
    bad = read_table(io.BytesIO(b"review,number,text\nR,1,x\n"), "t.csv")
    with pytest.raises(ImportFailed) as failed:
        import_recommendations(bad, partnership, None)
    columns = {e.column for e in failed.value.errors}
    assert {"recommendation", "response", "lead", "supporting", "text"} <= columns


def test_xlsx_imports_like_csv(partnership, units):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["R", "S", 3.2, "Text", "Agree", "", "I&C", "GPH;ECM"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    import_recommendations(read_table(buffer, "tracker.xlsx"), partnership, None)
    rec = Recommendation.objects.get()
    assert rec.number == "3.2"
    assert rec.supporting_units.count() == 2


def test_a_unit_name_shared_by_two_organisations_needs_the_organisation(
    partnership, council, police
):
    UnitFactory(organisation=council, name="Communities")
    UnitFactory(organisation=police, name="Communities")
    with pytest.raises(ImportFailed, match="unit of both"):
        import_recommendations(table("R,,1,Text,Agree,,Communities,\n"), partnership, None)
    import_recommendations(
        table("R,,1,Text,Agree,,Communities,\n"), partnership, None, organisation=police
    )
    assert Recommendation.objects.get().lead_organisation == police


def test_an_import_that_rejects_work_under_way_is_refused_whole(partnership, units):
    import_recommendations(table("R,,1,Text,Agree,,I&C,\n"), partnership, None)
    Recommendation.objects.update(status="on_track")
    with pytest.raises(ImportFailed) as failed:
        import_recommendations(
            table("R,,1,Text,Reject,,I&C,\nR,,2,Other,Agree,,I&C,\n"), partnership, None
        )
    assert "Row 2, response: The response is Reject, so the status cannot be On track" in str(
        failed.value
    )
    assert list(Recommendation.objects.values_list("number", "response")) == [("1", "agree")]
