"""Custom areas: made of official areas, imported all-or-nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from roundtable.core.imports import ImportFailed, Table, read_table
from roundtable.geography.choices import AreaType
from roundtable.geography.models import Area
from roundtable.geography.services import (
    create_custom_area,
    import_custom_areas,
    load_local_authority,
)
from roundtable.geography.sources import Sources
from roundtable.geography.tests.factories import (
    AreaFactory,
    CustomAreaFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(name="Ealing LSP", slug="ealing")


@pytest.fixture
def wards():
    return [
        AreaFactory(code="E05013537", name="Southall Broadway"),
        AreaFactory(code="E05013538", name="Southall Green"),
        AreaFactory(code="E05013539", name="Southall West"),
    ]


def table(text: str):
    return read_table(io.BytesIO(text.encode()), filename="areas.csv")


def test_import_creates_a_custom_area_from_its_components(partnership, wards):
    result = import_custom_areas(
        table(
            "code,name,components,description\n"
            'ealing-southall,Southall,"E05013537; E05013538,E05013539",The Southall wards\n'
        ),
        partnership,
        actor=None,
    )
    assert result.created == 1
    area = Area.objects.get(code="ealing-southall")
    assert area.area_type == AreaType.CUSTOM
    assert area.partnership == partnership
    assert area.description == "The Southall wards"
    assert set(area.components.values_list("code", flat=True)) == {w.code for w in wards}


def test_import_rejects_whole_file_when_one_row_names_an_unknown_area(partnership, wards):
    with pytest.raises(ImportFailed) as failure:
        import_custom_areas(
            table(
                "code,name,components\n"
                "ealing-southall,Southall,E05013537;E05013538\n"
                "ealing-other,Other,E05013539;E05099999\n"
            ),
            partnership,
            actor=None,
        )
    assert [str(e) for e in failure.value.errors] == [
        "Row 3, components: E05099999 is not a loaded area; load its local authority first "
        "with roundtable geography load --la <local authority code>"
    ]
    assert not Area.objects.filter(area_type=AreaType.CUSTOM).exists()


def test_import_collects_every_error_with_its_row(partnership, wards):
    with pytest.raises(ImportFailed) as failure:
        import_custom_areas(
            table(
                "code,name,components\n"
                "E05013537,Southall,E05013537\n"
                "ealing-a,,\n"
                "ealing-a,Again,nonsense\n"
            ),
            partnership,
            actor=None,
        )
    messages = [str(e) for e in failure.value.errors]
    assert (
        "Row 2, code: E05013537 is a GSS code; give a custom area a code of its own, like "
        "ealing-southall" in messages
    )
    assert "Row 3, name: enter a value; it is required" in messages
    assert any(m.startswith("Row 3, components: list the codes") for m in messages)
    assert "Row 4, code: ealing-a is also on row 3; use each code once" in messages
    assert any(m.startswith("Row 4, components: 'nonsense' is not a GSS code") for m in messages)


def test_import_names_a_missing_column(partnership):
    with pytest.raises(ImportFailed, match="Row 1, components: this column is missing"):
        import_custom_areas(table("code,name\nealing-a,A\n"), partnership, actor=None)


def test_import_refuses_a_custom_area_as_a_component(partnership, wards):
    CustomAreaFactory(code="ealing-existing", partnership=partnership)
    with pytest.raises(ImportFailed, match="ealing-existing is a custom area"):
        import_custom_areas(
            table("code,name,components\nealing-b,B,ealing-existing\n"), partnership, actor=None
        )


def test_import_refuses_a_code_another_partnership_uses(partnership, wards):
    CustomAreaFactory(code="taken", partnership=PartnershipFactory())
    with pytest.raises(ImportFailed, match="Row 2, code: taken is already used by another area"):
        import_custom_areas(
            table("code,name,components\ntaken,Taken,E05013537\n"), partnership, actor=None
        )


def test_import_twice_changes_nothing(partnership, wards):
    csv = "code,name,components\nealing-southall,Southall,E05013537;E05013538\n"
    import_custom_areas(table(csv), partnership, actor=None)
    history = Area.history.count()
    result = import_custom_areas(table(csv), partnership, actor=None)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Area.history.count() == history


def test_import_updates_components_of_an_existing_area(partnership, wards):
    import_custom_areas(
        table("code,name,components\nealing-southall,Southall,E05013537\n"), partnership, None
    )
    history = Area.objects.get(code="ealing-southall").history.count()
    result = import_custom_areas(
        table("code,name,components\nealing-southall,Southall,E05013537;E05013539\n"),
        partnership,
        None,
    )
    assert result.updated == 1
    area = Area.objects.get(code="ealing-southall")
    assert area.history.count() > history
    assert set(area.components.values_list("code", flat=True)) == {"E05013537", "E05013539"}


def test_create_custom_area_records_who_made_it(partnership, wards, django_user_model):
    officer = django_user_model.objects.create_user(username="officer", password="x")
    area = create_custom_area(
        code="ealing-southall",
        name="Southall",
        components=wards,
        partnership=partnership,
        actor=officer,
    )
    assert area.history.first().history_user == officer


def test_areas_command_imports_a_file(partnership, wards, tmp_path, capsys):
    path = tmp_path / "areas.csv"
    path.write_text("code,name,components\nealing-southall,Southall,E05013537;E05013538\n")
    call_command("geography_areas", str(path), "--partnership", "ealing")
    assert "Imported 1 custom areas for Ealing LSP: 1 created" in capsys.readouterr().out


def test_areas_command_names_an_unknown_partnership(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("code,name,components\n")
    with pytest.raises(CommandError, match="No partnership has the slug 'nowhere'"):
        call_command("geography_areas", str(path), "--partnership", "nowhere")


def test_areas_command_lists_the_problems(partnership, tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("code,name,components\nealing-a,A,E05099999\n")
    with pytest.raises(CommandError, match="Row 2, components: E05099999 is not a loaded area"):
        call_command("geography_areas", str(path), "--partnership", "ealing")


DEMO_AREAS = Path(__file__).resolve().parents[2] / "demo" / "data" / "areas.csv"


@pytest.mark.parametrize(
    ("slug", "la_code", "expected"),
    [
        ("westminster", "E09000033", {"westminster-reassurance-wards": 6}),
        ("ealing", "E09000009", {"ealing-southall": 6}),
        (
            "warwick",
            "E07000222",
            {
                "warwick-brunswick-and-crown": 2,
                "warwick-west-warwick": 2,
                "warwick-rural-areas": 4,
            },
        ),
    ],
)
def test_demo_areas_file_imports_against_the_mini_wheels(slug, la_code, expected):
    load_local_authority(la_code, Sources.mini())
    partnership = PartnershipFactory(slug=slug)
    full = read_table(DEMO_AREAS)
    rows = [row for row in full if row.get("partnership") == slug]
    for row in rows:
        row.values.pop("partnership")
    headers = [h for h in full.headers if h != "partnership"]
    result = import_custom_areas(Table(DEMO_AREAS.name, headers, rows), partnership, None)
    assert {a.code: a.components.count() for a in result.areas} == expected
