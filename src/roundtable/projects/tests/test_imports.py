"""`roundtable projects import FILE [--partnership SLUG]`: the contract, its errors
(each with row and column, nothing written) and re-import."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from roundtable.geography.tests.factories import AreaFactory
from roundtable.partnership.tests.factories import BodyFactory, PersonFactory
from roundtable.performance.tests.factories import IndicatorFactory
from roundtable.projects.models import Project
from roundtable.recommendations.tests.factories import RecommendationFactory
from roundtable.strategy.tests.factories import PriorityFactory

pytestmark = pytest.mark.django_db

HEADER = "title,lead_organisation,status,start,end"


@pytest.fixture
def linked(partnership, council):
    return {
        "board": BodyFactory(partnership=partnership, name="LSP Executive Board"),
        "lead": PersonFactory(
            partnership=partnership, organisation=council, given_name="Ann", family_name="Lead"
        ),
        "priority": PriorityFactory(
            strategy__partnership=partnership, partnership=partnership, ref="1.2"
        ),
        "indicator": IndicatorFactory(partnership=partnership, code="NI 116"),
        "recommendation": RecommendationFactory(review__partnership=partnership, number="3.2"),
        "area": AreaFactory(code="E05000175", name="Southall Broadway"),
    }


def _file(tmp_path, text: str, name: str = "projects.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(path, partnership="ealing"):
    call_command("projects_import", path, "--partnership", partnership)


def test_the_import_adds_projects_with_every_column(tmp_path, partnership, linked):
    path = _file(
        tmp_path,
        f"{HEADER},sponsor_body,lead_person,priorities,indicators,recommendations,areas,"
        "summary,published\n"
        "Southall,LBE,Active,2011-04-01,2013-03-31,LSP Executive Board,Ann Lead,1.2,NI 116,"
        "3.2,E05000175,A joined-up plan,yes\n"
        "Joint Assets,Ealing Council,proposed,,,,,,,,,,\n",
    )

    _run(path)

    southall = Project.objects.get(title="Southall")
    assert southall.lead_organisation.name == "Ealing Council"
    assert southall.status == "active"
    assert southall.end == datetime.date(2013, 3, 31)
    assert southall.sponsor_body == linked["board"]
    assert southall.lead_person == linked["lead"]
    assert list(southall.priorities.all()) == [linked["priority"]]
    assert list(southall.indicators.all()) == [linked["indicator"]]
    assert list(southall.recommendations.all()) == [linked["recommendation"]]
    assert list(southall.areas.all()) == [linked["area"]]
    assert southall.is_published
    assert not Project.objects.get(title="Joint Assets").is_published


def test_a_reimport_updates_the_project_of_the_same_title(tmp_path, partnership, council, capsys):
    _run(_file(tmp_path, f"{HEADER},published\nSouthall,LBE,active,2011-04-01,,yes\n"))
    _run(_file(tmp_path, f"{HEADER}\n  SOUTHALL ,LBE,completed,2011-04-01,2012-03-31\n"))

    project = Project.objects.get(partnership=partnership)
    assert project.status == "completed"
    assert project.end == datetime.date(2012, 3, 31)
    assert project.is_published  # left as it was: the second file has no published column
    assert "1 project (0 new, 1 updated)" in capsys.readouterr().out


def test_every_problem_is_reported_with_row_and_column_and_nothing_is_written(
    tmp_path, partnership, council, other_partnership
):
    IndicatorFactory(partnership=other_partnership, code="W 1")
    path = _file(
        tmp_path,
        f"{HEADER},indicators,lead_person\n"
        "Good one,LBE,active,2011-04-01,,,\n"
        "Unknown org,Nobody Ltd,active,,,,\n"
        "Backwards,LBE,active,2012-04-01,2012-03-01,,\n"
        "Bad status,LBE,sleeping,,,,\n"
        "Foreign,LBE,active,,,W 1,\n"
        "No person,LBE,active,,,,Zed Nobody\n",
    )

    with pytest.raises(CommandError) as caught:
        _run(path)

    message = str(caught.value)
    assert "Nothing was imported" in message
    assert "Row 3, lead_organisation: no partner 'Nobody Ltd'" in message
    assert "Row 4, end: the end (1 March 2012) is before the start (1 April 2012)" in message
    assert "Row 5, status: 'sleeping' is not one of: Proposed, Active" in message
    assert "Row 6, indicators: 'W 1' is an indicator of another partnership" in message
    assert "Row 7, lead_person: no person 'Zed Nobody'" in message
    assert not Project.objects.exists()


def test_missing_columns_are_named(tmp_path, partnership):
    with pytest.raises(CommandError, match="Row 1, lead_organisation: this column is missing"):
        _run(_file(tmp_path, "title,status,start,end\nX,active,,\n"))


def test_the_import_reads_xlsx(tmp_path, partnership, council):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["Community Budgets", "Ealing Council", "Active", datetime.date(2011, 4, 1), None])
    path = tmp_path / "projects.xlsx"
    book.save(path)

    _run(str(path))

    assert Project.objects.get().start == datetime.date(2011, 4, 1)


def test_an_unknown_partnership_is_refused(tmp_path, partnership):
    with pytest.raises(CommandError, match="No partnership 'nowhere'"):
        _run(_file(tmp_path, f"{HEADER}\nX,LBE,active,,\n"), partnership="nowhere")


def test_the_roundtable_cli_offers_projects_import():
    from roundtable.cli import project_commands, translate

    groups = project_commands()

    assert "import" in groups["projects"]
    assert translate(["projects", "import", "f.csv"], groups) == ["projects_import", "f.csv"]


def test_a_reimport_without_a_list_column_keeps_the_links(tmp_path, partnership, linked):
    _run(_file(tmp_path, f"{HEADER},indicators\nSouthall,LBE,active,2011-04-01,,NI 116\n"))
    _run(_file(tmp_path, f"{HEADER}\nSouthall,LBE,completed,2011-04-01,\n"))

    assert list(Project.objects.get().indicators.all()) == [linked["indicator"]]
    _run(_file(tmp_path, f"{HEADER},indicators\nSouthall,LBE,completed,2011-04-01,,\n"))
    assert not Project.objects.get().indicators.exists()
