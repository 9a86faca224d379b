"""The CLI contract: roundtable recommendations import / export (docs/recommendations.md).

The commands run through call_command with the names the `roundtable` CLI maps to,
inside the test's transaction (see performance/tests/test_commands.py).
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from roundtable.cli import translate
from roundtable.partnership.models import Unit
from roundtable.partnership.tests.factories import UnitFactory
from roundtable.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db

GROUPS = {"recommendations": ["import", "export"]}
HEADER = "review,section,number,recommendation,response,outline_response,lead,supporting\n"
TRACKER = (
    HEADER
    + "Housing Review,Supply,1,Build more homes,agree,We will,I&C,GPH\n"
    + "Housing Review,Supply,2,Reuse offices,Work in progress Agree,,GPH,All directorates\n"
)


def main(argv: list[str]) -> None:
    name, *args = translate(argv, GROUPS)
    call_command(name, *args)


@pytest.fixture
def units(council):
    UnitFactory(organisation=council, name="I&C")
    UnitFactory(organisation=council, name="GPH")


@pytest.fixture
def tracker(tmp_path):
    path = tmp_path / "tracker.csv"
    path.write_text(TRACKER)
    return path


def test_import_with_a_mapping(tracker, units, partnership, capsys):
    main(
        [
            "recommendations",
            "import",
            str(tracker),
            "--map",
            "Work in progress Agree=Work in progress",
        ]
    )
    assert "Imported 2 recommendations (2 new" in capsys.readouterr().out
    assert Recommendation.objects.get(number="2").response == "work_in_progress"


def test_import_without_the_mapping_fails_naming_row_and_value(tracker, units, partnership):
    with pytest.raises(CommandError) as failed:
        main(["recommendations", "import", str(tracker)])
    assert "Nothing was imported" in str(failed.value)
    assert "Row 3, response: 'Work in progress Agree' matches both" in str(failed.value)
    assert not Recommendation.objects.exists()


def test_import_twice_updates(tracker, units, partnership, capsys):
    args = ["recommendations", "import", str(tracker), "--map", "Work in progress Agree=wip"]
    main(args)
    main(args)
    assert "(0 new, 0 changed, 2 unchanged)" in capsys.readouterr().out.splitlines()[-1]
    assert Recommendation.objects.count() == 2


def test_import_rejects_a_bad_mapping(tracker, partnership):
    with pytest.raises(CommandError, match="write it as VALUE=CATEGORY"):
        main(["recommendations", "import", str(tracker), "--map", "nonsense"])


def test_import_rejects_an_unknown_organisation(tracker, partnership):
    with pytest.raises(CommandError, match="No organisation 'Nowhere Council'"):
        main(["recommendations", "import", str(tracker), "--organisation", "Nowhere Council"])


def test_import_creates_units_only_when_asked(tmp_path, council, partnership):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "R,,1,Text,Agree,,People Services,\n")
    with pytest.raises(CommandError, match="create it with --create-units"):
        main(["recommendations", "import", str(path), "--organisation", "Ealing Council"])
    main(
        [
            "recommendations",
            "import",
            str(path),
            "--organisation",
            "Ealing Council",
            "--create-units",
        ]
    )
    assert Unit.objects.get(name="People Services").organisation == council


def test_import_creates_supporting_units_too(tmp_path, council, partnership, capsys):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "R,,1,Text,Agree,,People Services,Public Health\n")
    with pytest.raises(CommandError, match="supporting: .*create it with --create-units"):
        main(["recommendations", "import", str(path), "--organisation", "Ealing Council"])
    assert not Unit.objects.exists()
    main(
        [
            "recommendations",
            "import",
            str(path),
            "--organisation",
            "Ealing Council",
            "--create-units",
        ]
    )
    health = Unit.objects.get(name="Public Health")
    assert health.organisation == council
    assert list(Recommendation.objects.get().supporting_units.all()) == [health]


def test_import_reports_an_unreadable_file(tmp_path, partnership):
    path = tmp_path / "t.txt"
    path.write_text("x")
    with pytest.raises(CommandError, match="upload a CSV or XLSX file"):
        main(["recommendations", "import", str(path)])


def test_import_reports_a_missing_file(tmp_path, partnership):
    with pytest.raises(CommandError, match="Cannot read"):
        main(["recommendations", "import", str(tmp_path / "missing.csv")])


@pytest.fixture
def imported(tracker, units, partnership):
    main(["recommendations", "import", str(tracker), "--map", "Work in progress Agree=wip"])


def test_export_json_follows_the_contract(imported, capsysbinary):
    main(["recommendations", "export", "--format", "json"])
    rows = json.loads(capsysbinary.readouterr().out)
    contract = {k: v for k, v in rows[0].items() if k not in {"priorities", "indicators", "bodies"}}
    assert contract == {
        "review": "Housing Review",
        "section": "Supply",
        "number": "1",
        "text": "Build more homes",
        "response": "Agree",
        "outline_response": "We will",
        "lead": "I&C",
        "supporting": ["GPH"],
        "status": "Not started",
        "last_update": None,
    }
    # Extra fields extend the contract; none is renamed.
    assert (rows[0]["priorities"], rows[0]["indicators"], rows[0]["bodies"]) == ([], [], [])
    assert rows[1]["supporting"] == ["All directorates"]


def test_export_csv_reimports_unchanged(imported, tmp_path, capsys):
    out = tmp_path / "out.csv"
    main(["recommendations", "export", "--format", "csv", "--output", str(out)])
    main(["recommendations", "import", str(out).replace("out.csv", "out.csv")])
    assert "(0 new, 0 changed, 2 unchanged)" in capsys.readouterr().out


def test_export_xlsx_of_one_review(imported, tmp_path):
    out = tmp_path / "out.xlsx"
    main(
        [
            "recommendations",
            "export",
            "--review",
            "housing review",
            "--format",
            "xlsx",
            "--output",
            str(out),
        ]
    )
    sheet = load_workbook(io.BytesIO(out.read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("review", "section", "number")
    assert len(rows) == 3


def test_export_names_an_unknown_review(imported):
    with pytest.raises(CommandError, match="No review 'Nope'.*known: Housing Review"):
        main(["recommendations", "export", "--review", "Nope", "--format", "json"])


def test_export_needs_a_format(imported):
    with pytest.raises(CommandError, match="--format"):
        main(["recommendations", "export"])
