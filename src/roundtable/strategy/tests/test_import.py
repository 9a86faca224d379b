"""Importing strategy files: all or nothing, errors naming row and column."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from roundtable.core.imports import ImportFailed
from roundtable.strategy.importers import (
    file_kind,
    import_strategy_file,
    import_strategy_files,
)
from roundtable.strategy.models import Priority, PriorityRevision, Strategy, Theme
from roundtable.strategy.tests.factories import AreaFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

# The examples in messages are worked out from this day: the 16th of last month
# (2026-11-16), of next month for dates planned ahead (2027-01-16).
TODAY_FROZEN = datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC)

STRATEGIES = """slug,title,short_title,kind,start_year,end_year,status,source
laa-2008,Local Area Agreement 2008-11,LAA,local_area_agreement,2008,2011,draft,Meeting note
"""
EVENTS = """name,date,kind,source
Workshop,2007-07-11,workshop,Meeting note of facilitated session
"""
THEMES = """strategy,theme,description
laa-2008,Housing,
laa-2008,Safety,
"""
PRIORITIES = """strategy,theme,ref,event,date,status,wording,note,merged_into,areas
laa-2008,Housing,HOU-1,Workshop,2007-07-11,draft,Increase housing supply,,,
laa-2008,Housing,HOU-1,Workshop,2007-07-11,refined,Increase supply (and overcrowding),,,
laa-2008,Safety,CS-1,Workshop,2007-07-11,draft,Public safety,,,
laa-2008,Safety,CS-1,Workshop,2007-07-11,refined,Community confidence,Wards,,E05000001;E05000002
laa-2008,Safety,CS-2,Workshop,2007-07-11,draft,To reduce alcohol-related harm,,,
laa-2008,Safety,CS-2,Workshop,2007-07-11,merged,,Part of CS-1,CS-1,
laa-2008,Housing,HOU-2,Workshop,2007-07-11,new,To support unified communities,,,
"""


@pytest.fixture
def partnership():
    return PartnershipFactory(slug="westminster", name="Westminster City Partnership")


@pytest.fixture
def areas():
    return [AreaFactory(code="E05000001"), AreaFactory(code="E05000002")]


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    for name, text in [
        ("strategy-strategies.csv", STRATEGIES),
        ("strategy-events.csv", EVENTS),
        ("strategy-themes.csv", THEMES),
        ("strategy-priorities.csv", PRIORITIES),
    ]:
        (tmp_path / name).write_text(text)
    (tmp_path / "organisations.csv").write_text("name\nNot a strategy file\n")
    return tmp_path


def load(directory: Path, partnership):
    return import_strategy_files(directory, partnership)


def priorities_file(directory: Path, text: str) -> None:
    (directory / "strategy-priorities.csv").write_text(text)


def nothing_saved() -> bool:
    return not Strategy.objects.exists() and not Priority.objects.exists()


def test_import_loads_strategy_themes_priorities_and_revisions(directory, partnership, areas):
    summary = load(directory, partnership)
    strategy = Strategy.objects.get(slug="laa-2008")
    assert strategy.period == "2008–11"
    assert list(strategy.themes.values_list("name", flat=True)) == ["Housing", "Safety"]
    hou1 = Priority.objects.get(ref="HOU-1")
    assert hou1.status == "refined"
    assert hou1.wording == "Increase supply (and overcrowding)"
    assert hou1.revisions.count() == 2
    cs1 = Priority.objects.get(ref="CS-1")
    assert sorted(a.code for a in cs1.target_areas.all()) == ["E05000001", "E05000002"]
    merged = Priority.objects.get(ref="CS-2")
    assert merged.status == "merged"
    assert merged.revisions.last().merged_into == cs1
    assert [p.ref for p in strategy.priorities.all()] == ["HOU-1", "CS-1", "CS-2", "HOU-2"]
    assert summary.counts["priorities"].created == 4
    assert summary.counts["revisions"].created == 7


def test_reimporting_the_same_files_changes_nothing(directory, partnership, areas):
    load(directory, partnership)
    history = sum(m.history.count() for m in (Strategy, Theme, Priority, PriorityRevision))
    summary = load(directory, partnership)
    assert not summary.changed_anything
    assert PriorityRevision.objects.count() == 7
    assert sum(m.history.count() for m in (Strategy, Theme, Priority, PriorityRevision)) == history


def test_reimport_with_a_corrected_row_updates_that_revision(directory, partnership, areas):
    load(directory, partnership)
    priorities_file(directory, PRIORITIES.replace("(and overcrowding)", "(with overcrowding)"))
    summary = load(directory, partnership)
    assert summary.counts["revisions"].changed == 1
    assert Priority.objects.get(ref="HOU-1").wording == "Increase supply (with overcrowding)"


def test_reimport_with_a_further_row_adds_a_revision(directory, partnership, areas):
    load(directory, partnership)
    extra = "laa-2008,Housing,HOU-1,,2008-03-01,agreed,,Agreed by the board,,\n"
    priorities_file(directory, PRIORITIES + extra)
    load(directory, partnership)
    assert Priority.objects.get(ref="HOU-1").status == "agreed"
    assert PriorityRevision.objects.count() == 8


def test_import_one_file_at_a_time(partnership):
    import_strategy_file(io.BytesIO(STRATEGIES.encode()), partnership, filename="strategies.csv")
    assert Strategy.objects.filter(partnership=partnership).count() == 1


def test_import_reads_xlsx(partnership):
    workbook = Workbook()
    sheet = workbook.active
    for line in STRATEGIES.strip().splitlines():
        sheet.append(line.split(","))
    data = io.BytesIO()
    workbook.save(data)
    data.seek(0)
    import_strategy_file(data, partnership, filename="strategies.xlsx")
    assert Strategy.objects.get().start_year == 2008


def errors_of(caught: pytest.ExceptionInfo) -> list[tuple[int | None, str | None]]:
    return [(e.row, e.column) for e in caught.value.errors]


def test_import_rejects_an_empty_file(directory, partnership, areas):
    priorities_file(directory, "")
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert "empty" in str(caught.value)
    assert nothing_saved()


def test_import_rejects_a_file_with_only_headers(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.splitlines()[0] + "\n")
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert "no rows" in str(caught.value)
    assert nothing_saved()


def test_import_rejects_wrong_headers(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.replace("wording,", "text,", 1))
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert (1, "text") in errors_of(caught)
    assert "strategy-priorities.csv: Row 1, text: unknown column" in str(caught.value)
    assert nothing_saved()


def test_import_rejects_a_missing_required_column(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.replace(",ref,", ",reference,", 1))
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert (1, "ref") in errors_of(caught)
    assert nothing_saved()


def test_import_rejects_an_unknown_theme(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.replace(",Housing,HOU-2", ",Housng,HOU-2"))
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert errors_of(caught) == [(8, "theme")]
    assert "'Housng' is not a theme of laa-2008" in str(caught.value)
    assert nothing_saved()


@time_machine.travel(TODAY_FROZEN, tick=False)
def test_import_rejects_dates_in_the_wrong_form(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.replace("2007-07-11,new", "July 07,new"))
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert errors_of(caught) == [(8, "date")]
    assert "'July 07' is not a date; enter a date like 2026-11-16" in str(caught.value)
    assert nothing_saved()


def test_import_rejects_an_unknown_area_code(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.replace("E05000002", "E05999999"))
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert errors_of(caught) == [(5, "areas")]
    assert "'E05999999'" in str(caught.value)
    assert nothing_saved()


def test_import_rejects_an_unknown_status(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.replace(",new,", ",approved,"))
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert errors_of(caught) == [(8, "status")]
    assert nothing_saved()


def test_import_rejects_a_revision_the_rules_refuse(directory, partnership, areas):
    text = PRIORITIES.replace("merged,,Part of CS-1,CS-1,", "deleted,,Removed,,")
    text += "laa-2008,Safety,CS-2,,2007-07-11,refined,Something else,,,\n"
    priorities_file(directory, text)
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert errors_of(caught) == [(9, "status")]
    assert "reinstate" in str(caught.value)
    assert nothing_saved()


def test_import_rejects_merging_into_an_unknown_priority(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.replace(",CS-1,\n", ",CS-9,\n"))
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert errors_of(caught) == [(7, "merged_into")]


def test_import_rejects_an_unknown_strategy_and_event(directory, partnership, areas):
    text = PRIORITIES.replace("laa-2008,Housing,HOU-2,Workshop", "nope,,HOU-2,")
    text = text.replace("HOU-1,Workshop,2007-07-11,refined", "HOU-1,Away day,2007-07-11,refined")
    priorities_file(directory, text)
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert errors_of(caught) == [(3, "event"), (8, "strategy")]
    assert "there is no strategy 'nope'" in str(caught.value)
    assert "there is no event called 'Away day'" in str(caught.value)
    assert nothing_saved()


def test_import_collects_every_error_before_failing(directory, partnership, areas):
    text = PRIORITIES.replace("2007-07-11,new", "11.7.07,new").replace(",Housing,HOU-1", ",X,HOU-1")
    priorities_file(directory, text)
    with pytest.raises(ImportFailed) as caught:
        load(directory, partnership)
    assert errors_of(caught) == [(2, "theme"), (3, "theme"), (8, "date")]


def test_a_file_with_an_unknown_name_is_refused(partnership):
    with pytest.raises(ImportFailed) as caught:
        import_strategy_file(io.BytesIO(b"a,b\n1,2\n"), partnership, filename="budget.csv")
    assert "file name must start with" in str(caught.value)


@pytest.mark.parametrize(
    ("filename", "kind"),
    [
        ("strategy-priorities.csv", "priorities"),
        ("Themes 2011.xlsx", "themes"),
        ("strategy_approaches.csv", "values"),
        ("minutes.csv", None),
    ],
)
def test_file_kind_comes_from_the_file_name(filename: str, kind: str | None) -> None:
    assert file_kind(filename) == kind


def test_command_imports_files_and_says_what_it_did(directory, partnership, areas):
    out = io.StringIO()
    call_command(
        "strategy_import",
        str(directory / "strategy-strategies.csv"),
        str(directory / "strategy-events.csv"),
        str(directory / "strategy-themes.csv"),
        str(directory / "strategy-priorities.csv"),
        partnership="westminster",
        stdout=out,
    )
    assert "priorities: 4 new" in out.getvalue()


def test_command_imports_a_directory(directory, partnership, areas):
    out = io.StringIO()
    call_command("strategy_import", str(directory), partnership="westminster", stdout=out)
    assert Priority.objects.count() == 4


def test_command_reports_every_row_error(directory, partnership, areas):
    priorities_file(directory, PRIORITIES.replace("2007-07-11,new", "soon,new"))
    with pytest.raises(CommandError) as caught:
        call_command("strategy_import", str(directory), partnership="westminster")
    assert "Row 8, date" in str(caught.value)
    assert "Nothing was imported" in str(caught.value)


def test_command_needs_a_known_partnership(directory):
    with pytest.raises(CommandError, match="no partnership"):
        call_command("strategy_import", str(directory), partnership="nowhere")


def test_import_refuses_a_slug_used_by_roundtables_pages(partnership):
    text = STRATEGIES.replace("laa-2008,", "import,", 1)
    with pytest.raises(ImportFailed) as caught:
        import_strategy_file(io.BytesIO(text.encode()), partnership, filename="strategies.csv")
    assert errors_of(caught) == [(2, "slug")]
